import { z } from 'zod';
import { type Env, urlField } from './fields.js';

// The `ledger:` section: where the rollout ledger lives when not on the first tenant's database.
export function ledgerSchema(env: Env) {
  return z.object({ url: urlField(env, 'postgres') }).strict();
}
