import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { closeBatchScope, openBatchScope, type OpenBatchOptions } from '../../../src/fleet/rollout/batch-scope.js';
import { ledgerTenantLock } from '../../../src/fleet/rollout/ledger-adapter.js';
import type { RolloutEvent } from '../../../src/fleet/rollout-events.js';
import type { TenantLocker } from '../../../src/fleet/rollout/rollout-ledger-port.js';
import type { Tenant } from '../../../src/fleet/tenant.js';
import { adminUrlWithPassword, createTestDatabase, withDatabase } from '../../support/pg.js';

const settings = { lockTimeoutMs: 100, statementTimeoutMs: 10_000, retries: 1 };

function options(events: RolloutEvent[], overrides: Partial<OpenBatchOptions> = {}): OpenBatchOptions {
  return { batch: 7, canary: false, settings, lock: ledgerTenantLock, isStopped: () => false, emit: (event) => void events.push(event), sharedUrls: new Set(), ...overrides };
}

/** Two schema tenants whose URL carries a password; reading sb_1's view locks sb_1.accounts (pg_get_viewdef), which `blocker` holds. */
async function blockedFleet(): Promise<{ tenants: Tenant[]; blocker: pg.Client; password: string; database: string }> {
  const db = await createTestDatabase('sf_scope');
  await db.exec(
    ['sb_0', 'sb_1'].map((schema) => `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.accounts (id int PRIMARY KEY); CREATE VIEW ${schema}.ids AS SELECT id FROM ${schema}.accounts;`).join('\n'),
  );
  const { url: withPassword, password } = adminUrlWithPassword();
  const url = withDatabase(withPassword, db.name);
  const blocker = new pg.Client({ connectionString: db.url });
  await blocker.connect();
  await blocker.query('BEGIN; LOCK TABLE sb_1.accounts IN ACCESS EXCLUSIVE MODE');
  const parsed = new URL(url);
  const database = `${decodeURIComponent(parsed.username)}@${parsed.hostname}:${parsed.port || '5432'}/${db.name}`;
  return { tenants: ['sb_0', 'sb_1'].map((schema) => ({ id: `id-${schema}`, url, schema, labels: {} })), blocker, password, database };
}

describe('openBatchScope: a shared read that fails', () => {
  it('is reported with the database named (no password) and the SQLSTATE; its tenants stay locked and read their own schemas', async () => {
    const { tenants, blocker, password, database } = await blockedFleet();
    const events: RolloutEvent[] = [];
    const scope = await openBatchScope(tenants, options(events));
    try {
      expect(events).toEqual([{ type: 'batch-read-failed', batch: 7, database, tenants: 2, message: 'canceling statement due to lock timeout (SQLSTATE 55P03)', at: expect.any(Number) }]);
      expect(JSON.stringify(events)).not.toContain(password);
      // The fallback: locked here all the same, nothing primed.
      expect([...scope.prelocked.keys()].sort()).toEqual(['id-sb_0', 'id-sb_1']);
      expect(scope.readers.get(tenants[0]!.url)?.take('sb_0')).toBeUndefined();
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
      await closeBatchScope(scope);
    }
  });

  it('is reported when the locks cannot even be taken (no connection), the password removed from the message', async () => {
    const { url: withPassword, password } = adminUrlWithPassword();
    const url = withDatabase(withPassword, 'sf_scope_no_such_database');
    const events: RolloutEvent[] = [];
    const tenants = ['a', 'b', 'c'].map((schema) => ({ id: schema, url, schema, labels: {} }));
    const scope = await openBatchScope(tenants, options(events));
    await closeBatchScope(scope);
    expect(scope.prelocked.size).toBe(0);
    expect(events).toEqual([
      {
        type: 'batch-read-failed',
        batch: 7,
        database: expect.stringMatching(/@[^/]+\/sf_scope_no_such_database$/),
        tenants: 3,
        message: expect.stringMatching(/^cannot connect to .*: database "sf_scope_no_such_database" does not exist \(SQLSTATE 3D000\)$/),
        at: expect.any(Number),
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(password);
  });

  it('is not reported once the rollout is stopping: the stop caused it', async () => {
    const { tenants, blocker } = await blockedFleet();
    const events: RolloutEvent[] = [];
    let stopped = false;
    // The stop comes while the batch is being locked, before its read fails.
    const lock: TenantLocker = Object.assign((client: pg.ClientBase, tenant: Tenant) => ledgerTenantLock(client, tenant), {
      many: (client: pg.ClientBase, many: readonly Tenant[]) => ((stopped = true), ledgerTenantLock.many!(client, many)),
    });
    const scope = await openBatchScope(tenants, options(events, { lock, isStopped: () => stopped }));
    try {
      expect(stopped).toBe(true);
      expect(events).toEqual([]);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
      await closeBatchScope(scope);
    }
  });
});
