import { describe, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../../support/pg.js';
import { readBatchStartingModels } from '../../../src/fleet/rollout/batch-starting-states.js';
import { createStartingStates } from '../../../src/fleet/rollout/starting-states.js';
import { introspectSchema } from '../../../src/schema/introspect/introspect-schema.js';

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  onTestFinished(() => client.end().catch(() => undefined));
  return client;
}

/** `client`, but `beforeBegin` runs (on another connection) before its `n`th BEGIN of a read transaction. */
function interposed(client: pg.Client, n: number, beforeBegin: () => Promise<unknown>): pg.Client {
  let begins = 0;
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
      return async (...args: Parameters<pg.Client['query']>) => {
        if (typeof args[0] === 'string' && args[0].startsWith('BEGIN ISOLATION LEVEL REPEATABLE READ') && ++begins === n) await beforeBegin();
        return (target.query as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
}

describe('batch starting states', () => {
  it("does not trust a digest with a model read after its schemas changed: the full read's own digest must still match", { timeout: 60_000 }, async () => {
    const db = await createTestDatabase('sf_batch_states');
    const ddl = 'CREATE TABLE items (id int PRIMARY KEY, note text)';
    await db.exec(['s1', 's2', 's3'].map((s) => `CREATE SCHEMA ${s}; SET search_path TO ${s}; ${ddl};`).join('\n'));
    const other = await connect(db.url);
    const reader = await connect(db.url);
    const states = createStartingStates('proven');
    // The digests of s1 and s2 are read (the first read transaction); before the full reads of the
    // two (the second), both change the same way: a model read then is not the digest's model.
    const client = interposed(reader, 2, () => other.query('ALTER TABLE s1.items ADD COLUMN late int; ALTER TABLE s2.items ADD COLUMN late int'));
    const first = await readBatchStartingModels(client, ['s1', 's2'], states);
    // Each is planned from what its full read gave.
    expect(first.get('s1')?.tables[0]?.columns.map((c) => c.name)).toEqual(['id', 'note', 'late']);
    // s3 still has the digest s1 and s2 had when their digests were read: it is read in full, not
    // given the model of the changed schemas.
    const third = await readBatchStartingModels(reader, ['s3'], states);
    expect(JSON.stringify(third.get('s3'))).toBe(JSON.stringify(await introspectSchema(other, 's3')));
    expect(states.taken).toBe(0);
  });
});
