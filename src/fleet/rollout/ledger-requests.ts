import type { LedgerStatus, LedgerRolloutState } from './rollout-ledger-port.js';

/**
 * What a worker does with the rollout's row as the ledger reports it (state and the standing
 * pause/resume/abort request). Pure, so every combination is tested without a database.
 */
export type RequestDecision =
  | { readonly kind: 'abort'; readonly reason: string }
  /** Another worker (or a person) ended the rollout: stop starting tenants, keep its state. */
  | { readonly kind: 'ended-elsewhere'; readonly reason: string }
  | {
      readonly kind: 'carry-on';
      /** 'start': a pause request arrived; 'end': it was lifted; null: no change. */
      readonly pause: 'start' | 'end' | null;
      readonly reason: string | null;
      /** The rollout's state this worker writes so `status` tells the truth (null: leave it). */
      readonly setState: Extract<LedgerRolloutState, 'paused' | 'running'> | null;
    };

export function decideOnStatus(status: Pick<LedgerStatus, 'state' | 'request' | 'requestedBy'>, pausedByRequest: boolean): RequestDecision {
  const by = status.requestedBy ? ` by ${status.requestedBy}` : '';
  if (status.request === 'abort' || status.state === 'aborted') return { kind: 'abort', reason: `abort requested${by}` };
  if (status.state === 'failed' || status.state === 'cancelled' || status.state === 'succeeded') {
    return { kind: 'ended-elsewhere', reason: `the rollout was marked ${status.state} by another worker` };
  }
  const wantsPause = status.request === 'pause';
  if (wantsPause && !pausedByRequest) {
    return { kind: 'carry-on', pause: 'start', reason: `pause requested${by}`, setState: status.state === 'running' ? 'paused' : null };
  }
  // Also when this worker joined after the resume: a paused rollout hands out no claims.
  const setState = !wantsPause && status.state === 'paused' ? 'running' : null;
  return { kind: 'carry-on', pause: !wantsPause && pausedByRequest ? 'end' : null, reason: null, setState };
}
