import { describe, expect, it } from 'vitest';
import { eventLogger } from '../../../src/github/action/event-logger.js';
import type { RolloutEvent } from '../../../src/fleet/rollout-events.js';

function logged(events: readonly RolloutEvent[]): string[] {
  const lines: string[] = [];
  const log = eventLogger((line) => void lines.push(line));
  for (const event of events) log(event);
  return lines;
}

describe("the Action's rollout log (event-logger.ts)", () => {
  it('prints an adaptive limit change at most once per cluster per 30 s, each cluster on its own clock', () => {
    const change = (cluster: string, limit: number, at: number): RolloutEvent => ({ type: 'concurrency-changed', cluster, limit, reason: `probe took 3.1 ms (at ${at})`, at });
    expect(
      logged([
        change('db1:5432', 2, 1_000),
        change('db2:5432', 1, 1_500),
        // Within 30 s of db1's last line: not printed.
        change('db1:5432', 1, 2_000),
        change('db1:5432', 2, 30_999),
        change('db1:5432', 3, 31_000),
      ]),
    ).toEqual([
      'cluster db1:5432: 2 tenants at once (probe took 3.1 ms (at 1000))',
      'cluster db2:5432: 1 tenant at once (probe took 3.1 ms (at 1500))',
      'cluster db1:5432: 3 tenants at once (probe took 3.1 ms (at 31000))',
    ]);
  });

  it('prints failed tenants with their SQLSTATE, and leaves the others to the summary', () => {
    const finished = (tenantId: string, outcome: 'failed' | 'migrated', error: { message: string; sqlstate: string | null } | null): RolloutEvent => ({
      type: 'tenant-finished',
      tenantId,
      outcome,
      steps: 1,
      durationMs: 5,
      planFingerprint: null,
      verifiedBy: null,
      error,
      at: 1,
    });
    expect(
      logged([
        finished('acme', 'migrated', null),
        finished('globex', 'failed', { message: 'canceling statement due to lock timeout', sqlstate: '55P03' }),
        finished('initech', 'failed', { message: 'verification failed', sqlstate: null }),
      ]),
    ).toEqual(['tenant globex failed: canceling statement due to lock timeout (SQLSTATE 55P03)', 'tenant initech failed: verification failed']);
  });

  it("prints a batch's failed shared read, and that its tenants are read one by one", () => {
    expect(logged([{ type: 'batch-read-failed', batch: 0, database: 'app@db1:5432/tenants', tenants: 8, message: 'permission denied for schema t_3 (SQLSTATE 42501)', at: 1 }])).toEqual([
      'batch 0: the shared read of 8 tenants in db app@db1:5432/tenants failed: permission denied for schema t_3 (SQLSTATE 42501); they are read one by one instead (slower)',
    ]);
  });
});
