/**
 * `npm run app` (src/github/app-server.ts, what dist/app.js is built from) listens where HOST,
 * PORT and WEBHOOK_PATH say, as docs/github.md tells people deploying it behind a proxy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

const REPO_ROOT = new URL('../../', import.meta.url).pathname;
const SECRET = 'webhook-secret-for-tests';
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const payload = readFileSync(new URL('../fixtures/webhooks/check_run.requested_action.json', import.meta.url), 'utf8');

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function post(url: string): Promise<Response> {
  const signature = `sha256=${createHmac('sha256', SECRET).update(payload).digest('hex')}`;
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'check_run', 'x-github-delivery': 'd-1', 'x-hub-signature-256': signature }, body: payload });
}

async function until<T>(attempt: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe('npm run app', () => {
  it('listens on HOST:PORT and takes webhooks at WEBHOOK_PATH', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'src/github/app-server.ts'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        APP_ID: '12345',
        PRIVATE_KEY: privateKey,
        WEBHOOK_SECRET: SECRET,
        HOST: '127.0.0.1',
        PORT: String(port),
        WEBHOOK_PATH: '/hooks/github',
        LOG_LEVEL: 'fatal',
        NODE_ENV: 'production',
      },
      stdio: 'ignore',
    });
    const response = await until(() => post(`http://127.0.0.1:${port}/hooks/github`), 30_000);
    expect(response.status).toBe(200);
    expect((await post(`http://127.0.0.1:${port}/api/github/webhooks`)).status).toBe(404);
  });
});
