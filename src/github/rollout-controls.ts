/**
 * Pause, Resume and Abort buttons on a rollout check run created by the GitHub App. A click comes
 * back as a check_run.requested_action webhook; the request goes into the rollout ledger, which the
 * running workers poll and obey. The rollout id travels in the check run's external_id.
 */
import type { ControlAction } from '../fleet/ledger/ledger-types.js';

const CONTROL_ACTIONS: readonly ControlAction[] = ['pause', 'resume', 'abort'];

export function isControlAction(identifier: string): identifier is ControlAction {
  return (CONTROL_ACTIONS as readonly string[]).includes(identifier);
}

/** Reads a rollout and writes control requests; the real one is openLedger(url). */
export interface ControlRequestSink {
  /** `config.repository` says which repository started the rollout (see rolloutRepository). */
  getRollout(rolloutId: string): Promise<{ readonly config: unknown } | null>;
  requestControl(rolloutId: string, action: ControlAction, by: string): Promise<boolean>;
}

export type ControlOutcome =
  | { readonly kind: 'recorded'; readonly action: ControlAction; readonly rolloutId: string }
  /** The rollout has ended, does not exist, or was already aborted. */
  | { readonly kind: 'refused'; readonly action: ControlAction; readonly rolloutId: string }
  | { readonly kind: 'ignored'; readonly reason: string };

export async function recordRequestedAction(
  sink: ControlRequestSink,
  input: { readonly identifier: string; readonly externalId: string | null | undefined; readonly by: string },
): Promise<ControlOutcome> {
  if (!isControlAction(input.identifier)) return { kind: 'ignored', reason: `unknown action ${input.identifier}` };
  if (!input.externalId) return { kind: 'ignored', reason: 'the check run carries no rollout id (external_id)' };
  const recorded = await sink.requestControl(input.externalId, input.identifier, input.by);
  return { kind: recorded ? 'recorded' : 'refused', action: input.identifier, rolloutId: input.externalId };
}
