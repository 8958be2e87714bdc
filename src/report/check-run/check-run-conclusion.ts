import type { RolloutFinish } from './rollout-view.js';
import type { CheckRunConclusion } from './check-run-types.js';

/**
 * How a finished rollout shows on the commit. A dry run changed nothing, so it is neutral whatever
 * it found; an abort someone asked for is a stop, not a fault, so it shows as cancelled.
 */
export function checkRunConclusion(state: RolloutFinish['state']): CheckRunConclusion {
  switch (state) {
    case 'succeeded':
      return 'success';
    case 'dry-run':
      return 'neutral';
    case 'cancelled':
    case 'aborted':
      return 'cancelled';
    case 'failed':
      return 'failure';
  }
}
