import { loadFleetConfig } from '../fleet/config/load-fleet-config.js';
import type { FleetConfig } from '../fleet/config/config-schema.js';
import { tenantSourceFromConfig } from '../fleet/tenants/index.js';
import type { TenantSource } from '../fleet/tenant.js';

/** What the fleet commands (rollout, status, pause, resume, abort) share: the config and its tenants; the ledger comes from fleet/ledger/open-fleet-ledger.ts. */
export async function loadFleet(configPath: string, env: Readonly<Record<string, string | undefined>>): Promise<{ config: FleetConfig; source: TenantSource }> {
  const config = await loadFleetConfig(configPath, env);
  return { config, source: tenantSourceFromConfig(config) };
}

export const configOption = ['--config <path>', 'fleet configuration file (default: ./schemafleet.yml)'] as const;
export const rolloutIdOption = ['--rollout <id>', 'which rollout (default: the newest)'] as const;
