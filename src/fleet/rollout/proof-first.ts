import { PROOFS_NEEDED, type PlanProofs } from './plan-proofs.js';

/** A tenant whose steps ran, waiting for its batch's verification. */
export interface AwaitingProof {
  readonly proofKey: string;
  /** Its apply went straight through (no retry, no lost connection): a proof may vouch for it. */
  readonly clean: boolean;
}

/**
 * Which of a batch's tenants to read back first. A batch's tenants all run before their batch is
 * verified, so at the start of a rollout every tenant of the first batch (and of the next, which
 * runs beside that verification) found its plan unproven and was waiting for a read-back: fifty
 * full reads to prove what PROOFS_NEEDED prove (plan-proofs.ts). Read back first what must be read
 * anyway (an apply that did not go straight through) and, per plan, PROOFS_NEEDED of the clean
 * ones; `later` are then asked again (PlanProofs.needsReadBack), once those read-backs are
 * recorded: a proof vouches for a tenant that ran its plan straight through whether it ran before
 * or after the proof was made (the plan is a deterministic function of its starting state), and
 * they are read back if the proof failed or was not made.
 */
export function readBackFirst<T extends AwaitingProof>(waiting: readonly T[], proofs: PlanProofs | null): { now: T[]; later: T[] } {
  if (!proofs) return { now: [...waiting], later: [] };
  const now: T[] = [];
  const later: T[] = [];
  const picked = new Map<string, number>();
  for (const tenant of waiting) {
    const taken = picked.get(tenant.proofKey) ?? 0;
    if (!tenant.clean || taken < PROOFS_NEEDED) {
      now.push(tenant);
      if (tenant.clean) picked.set(tenant.proofKey, taken + 1);
    } else {
      later.push(tenant);
    }
  }
  return { now, later };
}
