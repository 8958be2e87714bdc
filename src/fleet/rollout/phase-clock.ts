/**
 * Where a rollout's time goes, added up per phase (RunRolloutOptions.phases), so the cost of each
 * piece of per-tenant work can be read without a profiler (bench/bench-release.ts prints it).
 *
 * Tenant phases are time a tenant held a worker slot; summed over tenants they can exceed the
 * rollout's wall time (slots run side by side). Orchestrator phases (`register`, `claim`,
 * `batch-read`) run on the claim loop and are wall time.
 */
export const TENANT_PHASES = [
  /** The whole time the tenant held a worker slot: every phase below, and the Node work between them. */
  'slot',
  /** A connection from the warm pool, or a new backend. */
  'connect',
  /** The tenant's advisory lock, when its batch's reader did not take it. */
  'lock',
  /** The starting state: digest and/or full catalog read on the tenant's connection. */
  'read',
  /** Fingerprint of the starting state and its plan (cached by fingerprint). */
  'plan',
  /** Looking for long transactions holding a lock a step needs (long-lock-holders.ts). */
  'lock-checks',
  /** The steps' round trips, their (asynchronous) commits included. */
  'steps',
  /** The round trip of the tenant's last transactional unit, whose synchronous commit makes every earlier step durable. */
  'final-commit',
  /** Reading back after the steps, on the tenant's connection. */
  'verify',
  /** Handing the tenant's result to the ledger: the write itself runs off the slot, so this is only a wait when `concurrency` writes are already on their way. */
  'record',
  /** Resetting the connection and handing it back to the warm pool. */
  'release',
] as const;

export const ORCHESTRATOR_PHASES = [
  /** Reading the tenant source and registering its tenants in the ledger. */
  'register',
  /** Claiming a batch of tenants from the ledger. */
  'claim',
  /** A batch's schema tenants locked and read with one introspection (shared-schema-reader.ts). */
  'batch-read',
  /** The batch's deferred verification reads and ledger records (beside the next batch's work). */
  'batch-verify',
] as const;

export type RolloutPhase = (typeof TENANT_PHASES)[number] | (typeof ORCHESTRATOR_PHASES)[number];

export interface PhaseClock {
  add(phase: RolloutPhase, ms: number): void;
}

/**
 * A clock that keeps totals (milliseconds) and how often each phase ran. @internal For the
 * benchmarks (bench/), which report where a rollout's time went.
 */
export function createPhaseTotals(): PhaseClock & { readonly ms: Readonly<Partial<Record<RolloutPhase, number>>>; readonly count: Readonly<Partial<Record<RolloutPhase, number>>> } {
  const ms: Partial<Record<RolloutPhase, number>> = {};
  const count: Partial<Record<RolloutPhase, number>> = {};
  return {
    ms,
    count,
    add(phase, elapsed) {
      ms[phase] = (ms[phase] ?? 0) + elapsed;
      count[phase] = (count[phase] ?? 0) + 1;
    },
  };
}

/** Runs `fn`, adding its time to `phase` (nothing when there is no clock). */
export async function timePhase<T>(clock: PhaseClock | undefined, phase: RolloutPhase, fn: () => Promise<T>): Promise<T> {
  if (!clock) return fn();
  const started = performance.now();
  try {
    return await fn();
  } finally {
    clock.add(phase, performance.now() - started);
  }
}

/** Runs `fn`, adding its time to `worked`. */
export async function timedWork<T>(worked: { ms: number } | undefined, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    if (worked) worked.ms += performance.now() - started;
  }
}
