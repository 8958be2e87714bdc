import type { SchemaModel } from '../../schema/model.js';
import { verificationFailure } from '../../apply/refuse-and-verify.js';
import { fingerprintModel } from '../../schema/fingerprint-model.js';
import type { LedgerTenantResult } from './rollout-ledger-port.js';
import type { MigrateTenantContext } from './migrate-tenant-context.js';
import { computePlan, planKey } from './plan-tenant.js';

/**
 * The verification: a tenant counts as migrated only when a fresh plan from its state after the
 * steps is empty. `ran` is the result of running them (migrated).
 */
export function verifyTenant(after: SchemaModel, ran: LedgerTenantResult, context: Pick<MigrateTenantContext, 'plans' | 'desired' | 'settings' | 'lint'>): LedgerTenantResult {
  // Migrated tenants end in the same state: planned once, like the states they started from.
  const { plan: fresh } = context.plans.get(planKey(fingerprintModel(after), context.desired), () => computePlan(after, context));
  const failure = verificationFailure(fresh);
  return failure ? { ...ran, outcome: 'failed', error: { message: failure.message, sqlstate: null } } : { ...ran, verifiedBy: 'read-back' };
}
