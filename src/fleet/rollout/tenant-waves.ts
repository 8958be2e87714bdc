import type { Tenant } from '../tenant.js';
import type { LedgerTenantEntry } from './rollout-ledger-port.js';
import type { RolloutSettings } from './rollout-settings.js';

export const CANARY_WAVE = 'canary';
const DEFAULT_WAVE = 'default';

/** Room for a billion tenants per wave: sequence = wave order × this + position in the stream. */
const WAVE_STRIDE = 1_000_000_000;

/**
 * Places streamed tenants in waves: canaries (order 0) first, then the configured waves in order (a
 * tenant joins the first whose every label matches), then everyone else. Stateful only in how many
 * canaries by count it has handed out, so it works page by page without seeing the whole fleet.
 */
export function createWaveAssigner(settings: Pick<RolloutSettings, 'canary' | 'waves'>): (tenant: Tenant) => LedgerTenantEntry {
  let sequence = 0;
  let canariesLeft = settings.canary.kind === 'count' ? Math.max(0, Math.floor(settings.canary.count)) : 0;
  const canaryIds = new Set(settings.canary.kind === 'ids' ? settings.canary.ids : []);
  return (tenant) => {
    sequence++;
    if (canaryIds.has(tenant.id)) return { tenant, wave: CANARY_WAVE, sequence };
    if (canariesLeft > 0) {
      canariesLeft--;
      return { tenant, wave: CANARY_WAVE, sequence };
    }
    const index = settings.waves.findIndex((wave) => Object.entries(wave.match).every(([label, values]) => values.includes(tenant.labels[label] ?? '')));
    if (index < 0) return { tenant, wave: DEFAULT_WAVE, sequence: (settings.waves.length + 1) * WAVE_STRIDE + sequence };
    return { tenant, wave: settings.waves[index]?.name ?? DEFAULT_WAVE, sequence: (index + 1) * WAVE_STRIDE + sequence };
  };
}
