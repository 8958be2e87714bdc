import type { LedgerStatus } from './rollout-ledger-port.js';

/**
 * Nothing to claim yet tenants are left: why, and a key that changes only when the reason does
 * (a silent wait looked like a hang; a repeated one is noise). Null when only this worker's last
 * batch is still being verified: a moment, nothing to say.
 */
export function waitReason(status: LedgerStatus, workerId: string, unhealthy: readonly string[]): { reason: string; key: string } | null {
  const others = (status.claimHolders ?? []).filter((holder) => holder.workerId !== workerId);
  if (others.length > 0) {
    const holders = others.map((holder) => {
      const staleInS = Math.max(0, Math.ceil((holder.staleAfterMs - holder.heartbeatAgeMs) / 1000));
      return `${holder.workerId} (${holder.claimed} tenant${holder.claimed === 1 ? '' : 's'}, last heartbeat ${Math.round(holder.heartbeatAgeMs / 1000)}s ago${holder.heartbeatAgeMs >= holder.staleAfterMs ? ', stale: taken over now' : `, taken over in ${staleInS}s if it stays silent`})`;
    });
    return {
      reason: `waiting for tenants claimed by other workers: ${holders.join('; ')}`,
      key: `holders:${others.map((holder) => `${holder.workerId}/${holder.claimed}/${holder.heartbeatAgeMs >= holder.staleAfterMs}`).join(',')}`,
    };
  }
  if (unhealthy.length > 0) return { reason: `waiting for paused clusters: ${unhealthy.join(', ')}`, key: `clusters:${unhealthy.join(',')}` };
  return null;
}
