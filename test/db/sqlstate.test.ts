import { describe, expect, it } from 'vitest';
import { recordedSqlstate } from '../../src/apply/connection-loss.js';
import { sqlstateOf } from '../../src/db/sqlstate.js';
import { errorOf } from '../../src/fleet/rollout/migrate-tenant.js';
import { adminUrl, withClient } from '../support/pg.js';

// One SQLSTATE reader for apply (a step's error) and the rollout (a tenant's ledger error). The two
// copies it replaced differed on five-capital socket codes: apply recorded EPERM as a SQLSTATE.

async function serverError(sql: string): Promise<unknown> {
  return withClient(adminUrl(), (client) =>
    client.query(sql).then(
      () => null,
      (error: unknown) => error,
    ),
  );
}

describe('sqlstateOf', () => {
  it("reads the server's own SQLSTATE from a real error", async () => {
    expect(sqlstateOf(await serverError('SELECT 1/0'))).toBe('22012');
    expect(sqlstateOf(await serverError('SELECT * FROM no_such_table_here'))).toBe('42P01');
  });

  it('keeps SQLSTATEs with letters in them (class XX, HV, P0)', () => {
    for (const code of ['XX000', 'HV00R', 'P0001', '55P03', '0A000']) expect(sqlstateOf({ code })).toBe(code);
  });

  it('does not take a five-capital socket code for a SQLSTATE', () => {
    for (const code of ['EPERM', 'EBUSY', 'EINTR', 'EPIPE']) expect(sqlstateOf({ code }), code).toBeUndefined();
    expect(sqlstateOf({ code: 'ECONNRESET' })).toBeUndefined();
    expect(sqlstateOf(null)).toBeUndefined();
    expect(sqlstateOf(new Error('no code'))).toBeUndefined();
  });
});

describe('the recorded SQLSTATE, the same for a step (apply) and a tenant (rollout ledger)', () => {
  const cases: [string, unknown, string | null][] = [
    ['a server error', Object.assign(new Error('deadlock detected'), { code: '40P01' }), '40P01'],
    ['a socket code of a lost connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), '08006'],
    ['a lost connection without a code', new Error('Connection terminated unexpectedly'), '08006'],
    ['a socket code that is not a lost connection', Object.assign(new Error('operation not permitted'), { code: 'EPERM' }), null],
    ['a server restart', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), '57P01'],
  ];
  for (const [what, error, sqlstate] of cases) {
    it(what, () => {
      expect(recordedSqlstate(error) ?? null).toBe(sqlstate);
      expect(errorOf(error).sqlstate).toBe(sqlstate);
    });
  }
});
