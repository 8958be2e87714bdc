/**
 * `npm run app`: the Probot app as a server. Probot reads APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH),
 * WEBHOOK_SECRET, PORT and HOST itself and refuses webhooks whose signature does not verify;
 * schemafleet's own settings come from SCHEMAFLEET_* (see appOptionsFromEnv).
 */
import { run } from 'probot';
import { appOptionsFromEnv, schemafleetApp } from './app.js';

await run(schemafleetApp(appOptionsFromEnv(process.env)));
