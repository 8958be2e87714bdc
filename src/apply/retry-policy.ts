import type { RetryOptions } from './apply-types.js';

/**
 * Errors worth another try: the statement gave up waiting for a lock (lock_timeout) or was chosen
 * as a deadlock victim. Both leave nothing behind once the transaction is rolled back, and both
 * depend on what other sessions happen to be doing, so a later try may well succeed.
 */
const RETRIABLE_SQLSTATES = new Set(['55P03', '40P01']);

export function isRetriable(sqlstate: string | undefined): boolean {
  return sqlstate !== undefined && RETRIABLE_SQLSTATES.has(sqlstate);
}

export interface ResolvedRetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export function resolveRetryPolicy(options: RetryOptions): ResolvedRetryPolicy {
  return {
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 5)),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? 200),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? 5_000),
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}

/**
 * Backoff before try `failedAttempt + 1`: exponential, capped, with half of it jittered so many
 * tenants that hit the same busy table do not come back in lockstep, while the wait never drops
 * below half the nominal delay (a zero wait would just rejoin the same lock queue).
 */
export function backoffDelayMs(failedAttempt: number, policy: ResolvedRetryPolicy): number {
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempt - 1));
  return Math.round(nominal / 2 + (nominal / 2) * policy.random());
}
