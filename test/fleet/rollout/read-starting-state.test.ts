import { describe, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import { readStartingState } from '../../../src/fleet/rollout/read-starting-state.js';
import { createStartingStates } from '../../../src/fleet/rollout/starting-states.js';
import { createTestDatabase } from '../../support/pg.js';

/** A client that remembers every query text it sends. */
async function recordingClient(url: string): Promise<{ client: pg.Client; sent: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  onTestFinished(async () => void (await client.end().catch(() => undefined)));
  const sent: string[] = [];
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const first = args[0];
    sent.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
    return query(...args);
  };
  return { client, sent };
}

describe('readStartingState', () => {
  it('reads the digest and then the full state under one SET of the timeouts', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE users (id int PRIMARY KEY, email text)');
    const { client, sent } = await recordingClient(db.url);
    const state = await readStartingState(client, 'public', { lockTimeoutMs: 1_500, statementTimeoutMs: 30_000 }, createStartingStates('proven'));
    expect(state.model.tables.map((t) => t.name)).toEqual(['users']);
    expect(sent.filter((text) => text.startsWith('SET lock_timeout'))).toEqual(["SET lock_timeout = '1500ms'; SET statement_timeout = '30000ms'"]);
    expect(sent.some((text) => text.includes('AS digest'))).toBe(true);
  });

  it('passes on an error of the digest query itself, and leaves the session out of its transaction', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE users (id int PRIMARY KEY, email text)');
    const { client } = await recordingClient(db.url);
    // A statement timeout far below what the digest needs on a new backend: 57014, not retried.
    const failure = await readStartingState(client, 'public', { statementTimeoutMs: 1, maxAttempts: 3 }, createStartingStates('proven')).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: '57014' });
    // The 1 ms timeout is still set and can cancel the RESET itself on a busy host: try again until it lands.
    for (let attempt = 1; ; attempt++) {
      const reset = await client.query('RESET statement_timeout').then(
        () => null,
        (error: unknown) => error,
      );
      if (reset === null) break;
      expect(reset).toMatchObject({ code: '57014' });
      if (attempt === 50) throw reset;
    }
    expect((await client.query<{ open: boolean }>('SELECT pg_catalog.now() <> pg_catalog.statement_timestamp() AS open')).rows).toEqual([{ open: false }]);
  });
});
