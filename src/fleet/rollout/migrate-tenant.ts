import { randomBytes } from 'node:crypto';
import { isConnectionLossSqlstate } from '../../apply/connection-loss.js';
import type { Tenant } from '../tenant.js';
import type { LedgerTenantResult } from './rollout-ledger-port.js';
import { cancellableSleep, endBackends } from './cancellable.js';
import type { ConnectionRetryPolicy, MigrateTenantContext, MigrateTenantResult } from './migrate-tenant-context.js';
import { migrateTenantOnce } from './migrate-tenant-once.js';
import { CANCELLED_MESSAGE } from './tenant-error.js';

// The parts of a tenant's migration have files of their own beside this one (migrate-tenant-context.ts,
// migrate-tenant-once.ts, plan-tenant.ts, verify-tenant.ts, tenant-error.ts); what other files took from
// here, back when they all lived in it, is still exported here so those imports stay as they are.
export type { PlanLinter } from './migrate-tenant-context.js';
export { versionedContext } from './plan-tenant.js';
export { verifyTenant } from './verify-tenant.js';
export { errorOf } from './tenant-error.js';

/** Node's resolver error for a host name that does not exist (EAI_AGAIN, a resolver that is down for a moment, is retried). */
const UNKNOWN_HOST = /\bgetaddrinfo ENOTFOUND\b/;

/**
 * A lost connection says nothing about the tenant, only about the path to it, and a try re-plans from
 * the live state, so trying again is safe: three more tries over about 7 s ride out a server restart
 * or a proxy's hiccup, while a tenant that stays unreachable is recorded as failed (08xxx/57P0x)
 * within seconds, not retried forever. Errors of the statements themselves (read-only 25006,
 * permission 42501, statement timeout 57014, bad data) are not retried here: another try would do the same.
 */
const CONNECTION_RETRY: ConnectionRetryPolicy = { retries: 3, baseDelayMs: 1_000 };

/**
 * Brings one tenant to the desired schema: lock, read, plan (shared by fingerprint), refuse what
 * is not allowed, apply, verify. Never throws: whatever goes wrong becomes the tenant's outcome,
 * because one tenant's failure must not stop the others. A try that lost its connection is made
 * again on fresh connections (CONNECTION_RETRY), once whatever it left running has been ended.
 */
export async function migrateTenant(tenant: Tenant, context: MigrateTenantContext): Promise<MigrateTenantResult> {
  const policy = context.connectionRetry ?? CONNECTION_RETRY;
  const sleep = cancellableSleep(context.cancel);
  const startedAt = performance.now();
  let lost: LedgerTenantResult | null = null;
  for (let retry = 0; ; retry++) {
    // One name for every backend of this try, so a cancel (or the next try) can find and end them all.
    const applicationName = `schemafleet ${randomBytes(6).toString('hex')}`;
    const result = await migrateTenantOnce(tenant, context, applicationName, startedAt, lost === null);
    // The lost try had planned steps and this one finds none left: that try ran them (its connection
    // went during verification, or just after the last step). Count the tenant as migrated, as it was:
    // this try's read, which found the desired state, is its read-back.
    if (lost && lost.steps > 0 && result.kind === 'done' && result.result.outcome === 'unchanged') {
      return { kind: 'done', result: { ...result.result, outcome: 'migrated', steps: lost.steps, planFingerprint: lost.planFingerprint, verifiedBy: 'read-back' } };
    }
    if (result.kind !== 'done' || result.result.outcome !== 'failed' || retry >= policy.retries || context.cancel.aborted) return result;
    const error = result.result.error;
    if (!isConnectionLossSqlstate(error?.sqlstate)) return result;
    // A host that does not resolve will not resolve on the next try either (it was retried three times as "connection lost").
    if (UNKNOWN_HOST.test(error?.message ?? '')) return result;
    lost ??= result.result;
    const never = error?.message.startsWith('cannot connect to') ?? false;
    context.onRetry(retry + 2, `${never ? '' : 'connection lost: '}${error?.message.split('\n')[0] ?? 'unknown'}${error?.sqlstate ? ` (SQLSTATE ${error.sqlstate})` : ''}`);
    // A statement whose client vanished can still be running on the server, holding its locks.
    await endBackends(tenant.url, applicationName);
    try {
      await sleep(policy.baseDelayMs * 2 ** retry);
    } catch {
      return { kind: 'done', result: { ...result.result, outcome: 'cancelled', error: { message: CANCELLED_MESSAGE, sqlstate: null } } };
    }
  }
}
