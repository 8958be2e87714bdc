import type { LedgerStatus } from './rollout-ledger-port.js';
import { formatDuration } from '../../util/duration.js';

/**
 * Nothing to claim yet tenants are left: why, and a key that changes only when the reason does
 * (a silent wait looked like a hang; a repeated one is noise). Null when only this worker's last
 * batch is still being verified: a moment, nothing to say.
 */
export function waitReason(status: LedgerStatus, workerId: string, unhealthy: readonly string[]): { reason: string; key: string } | null {
  const others = (status.claimHolders ?? []).filter((holder) => holder.workerId !== workerId);
  if (others.length > 0) {
    const holders = others.map(
      (holder) =>
        `${holder.workerId} (${holder.claimed} tenant${holder.claimed === 1 ? '' : 's'}, last heartbeat ${formatDuration(holder.heartbeatAgeMs)} ago${holder.heartbeatAgeMs >= holder.staleAfterMs ? ', stale: taken over now' : `, taken over in ${formatDuration(holder.staleAfterMs - holder.heartbeatAgeMs)} if it stays silent`})`,
    );
    return {
      reason: `waiting for tenants claimed by other workers: ${holders.join('; ')}`,
      key: `holders:${others.map((holder) => `${holder.workerId}/${holder.claimed}/${holder.heartbeatAgeMs >= holder.staleAfterMs}`).join(',')}`,
    };
  }
  if (unhealthy.length > 0) return { reason: `waiting for paused clusters: ${unhealthy.join(', ')}`, key: `clusters:${unhealthy.join(',')}` };
  return null;
}
