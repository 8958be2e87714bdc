import type { VerifyMode } from '../config/sections/rollout-config.js';

/**
 * Which tenants are read back after their steps ran.
 *
 * A plan is a deterministic function of the state it starts from (the rollout's desired state is
 * fixed), and its statements do the same thing to the same catalog on the same PostgreSQL major
 * version. So once read-backs have shown that a plan takes its starting state to the desired one,
 * another tenant that started from that state and ran the same steps without a hitch ends in that
 * state too; reading it back again costs a full catalog read (most of a database tenant's cost) to
 * learn nothing new. `proven` mode therefore reads back:
 *   - every tenant of a plan until PROOFS_NEEDED of them verified (per server major version);
 *   - every tenant whose apply did not go straight through (a retry, a lost connection): what it
 *     ran is no longer simply "the plan", so only a read tells;
 *   - every tenant of a plan once one of its read-backs failed (something about that state or
 *     fleet is not deterministic, so nothing is taken on trust for it);
 *   - and, as a standing sample, one tenant in SAMPLE_EVERY of a proven plan.
 * `every` mode reads back every tenant.
 */

export const PROOFS_NEEDED = 3;
/** @internal test/fleet/rollout/plan-proofs.test.ts counts the sampled read-backs. */
export const SAMPLE_EVERY = 50;
/** Plans remembered; past this the oldest is forgotten (its tenants are read back again until re-proven). */
const MAX_PLANS_REMEMBERED = 10_000;

export interface PlanProofs {
  /** Whether a tenant that ran plan `key` must be read back; `clean` says its apply went straight through. */
  needsReadBack(key: string, clean: boolean): boolean;
  /** The verdict of a read-back of a tenant that ran plan `key`. */
  recordReadBack(key: string, verified: boolean): void;
}

interface ProofState {
  verified: number;
  failed: boolean;
  /** Tenants taken on proof since the last sample. */
  sinceSample: number;
}

/**
 * One per worker: proofs are this worker's own observations, kept for the rollout. Bounded, because
 * a fleet where every tenant drifted differently has as many plans as tenants; forgetting a plan
 * only makes its next tenants be read back.
 */
export function createPlanProofs(mode: VerifyMode, maxPlans = MAX_PLANS_REMEMBERED): PlanProofs {
  const states = new Map<string, ProofState>();
  const stateOf = (key: string): ProofState => {
    let state = states.get(key);
    if (!state) {
      state = { verified: 0, failed: false, sinceSample: 0 };
      states.set(key, state);
      if (states.size > maxPlans) states.delete(states.keys().next().value!);
    }
    return state;
  };
  return {
    needsReadBack(key, clean) {
      if (mode === 'every' || !clean) return true;
      const state = stateOf(key);
      if (state.failed || state.verified < PROOFS_NEEDED) return true;
      state.sinceSample += 1;
      if (state.sinceSample < SAMPLE_EVERY) return false;
      state.sinceSample = 0;
      return true;
    },
    recordReadBack(key, verified) {
      const state = stateOf(key);
      if (verified) state.verified += 1;
      else state.failed = true;
    },
  };
}

/** The key a plan is proven under: the state it starts from, on one PostgreSQL major version. */
export function proofKey(planFingerprint: string, serverVersionNum: number): string {
  return `${planFingerprint}@${Math.floor(serverVersionNum / 10_000)}`;
}
