import { describe, expect, it, onTestFinished } from 'vitest';
import { createTestDatabase } from '../../support/pg.js';
import { openLedger, type Ledger, type TenantRegistration } from '../../../src/fleet/ledger/index.js';

async function ledgerFor(url: string): Promise<Ledger> {
  const ledger = await openLedger(url);
  onTestFinished(() => ledger.close());
  return ledger;
}

/** Two waves: canary c0–c1 (sequence 0–1), then t0–t5 (sequence 10–15). */
function fleet(): TenantRegistration[] {
  return [
    ...[0, 1].map((i) => ({ id: `c${i}`, cluster: 'localhost:5432', schema: `c${i}`, wave: 'canary', sequence: i })),
    ...[0, 1, 2, 3, 4, 5].map((i) => ({ id: `t${i}`, cluster: 'localhost:5432', schema: `t${i}`, wave: 'default', sequence: 10 + i })),
  ];
}

const ids = (claims: readonly { tenantId: string }[]): string[] => claims.map((claim) => claim.tenantId);

describe('claims from a worker cursor', () => {
  it('start after the cursor in its wave, and leave tenants behind it and stale claims to the full claim once the wave is empty ahead', async () => {
    const db = await createTestDatabase('sf_ledger');
    const ledger = await ledgerFor(db.url);
    const { rollout } = await ledger.findOrCreateRollout({ schemaHash: 'h' });
    await ledger.registerTenants(rollout.id, fleet());
    const options = { staleAfterMs: 50, inWaveOrder: true } as const;
    const canaries = await ledger.claimTenants(rollout.id, 'w1', 5, options);
    expect(ids(canaries)).toEqual(['c0', 'c1']);
    // The canary wave is not done: a cursor in it does not let a worker into the next wave.
    expect(await ledger.claimTenants(rollout.id, 'w1', 5, { ...options, staleAfterMs: 60_000, after: canaries[1]! })).toEqual([]);
    for (const claim of canaries) await ledger.recordTenantResult(rollout.id, claim.tenantId, 'w1', { outcome: 'migrated' });

    const first = await ledger.claimTenants(rollout.id, 'w1', 2, options);
    expect(ids(first)).toEqual(['t0', 't1']);
    // A dead worker holds t2; t0 goes back to pending behind w1's cursor (a busy tenant released).
    expect(ids(await ledger.claimTenants(rollout.id, 'dead', 1, options))).toEqual(['t2']);
    expect(await ledger.recordTenantResult(rollout.id, 't1', 'w1', { outcome: 'migrated' })).toBe(true);
    expect(await ledger.releaseClaims(rollout.id, 'w1')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));

    // From the cursor (t1): what is pending ahead of it, not t0 behind it nor the stale t2.
    const ahead = await ledger.claimTenants(rollout.id, 'w1', 2, { ...options, after: first[1]! });
    expect(ids(ahead)).toEqual(['t3', 't4']);
    expect(ids(await ledger.claimTenants(rollout.id, 'w1', 2, { ...options, after: ahead[1]! }))).toEqual(['t5']);
    // Nothing pending ahead: the full claim, which takes t0 back and takes over the dead worker's t2.
    const behind = await ledger.claimTenants(rollout.id, 'w1', 5, { ...options, after: { sequence: 15, tenantId: 't5', wave: 'default' } });
    expect(behind).toEqual([expect.objectContaining({ tenantId: 't0', takenOverFrom: null }), expect.objectContaining({ tenantId: 't2', takenOverFrom: 'dead' })]);
  });

  it('keep to the tenants of a narrower run and away from excluded clusters', async () => {
    const db = await createTestDatabase('sf_ledger');
    const ledger = await ledgerFor(db.url);
    const { rollout } = await ledger.findOrCreateRollout({ schemaHash: 'h' });
    await ledger.registerTenants(rollout.id, [...fleet(), { id: 'elsewhere', cluster: 'paused:5432', schema: 'e', wave: 'default', sequence: 11 }]);
    const after = { sequence: 9, tenantId: 'c1', wave: 'default' };
    const options = { staleAfterMs: 60_000, inWaveOrder: true, after, excludeClusters: ['paused:5432'], onlyTenants: ['t1', 't4', 'elsewhere'] } as const;
    expect(ids(await ledger.claimTenants(rollout.id, 'w1', 5, options))).toEqual(['t1', 't4']);
  });
});
