import { BadInputError } from '../errors.js';
import { loadFleetConfig, ledgerUrl } from '../fleet/config/load-fleet-config.js';
import type { FleetConfig } from '../fleet/config/config-schema.js';
import { openLedger, type Ledger } from '../fleet/ledger/index.js';
import { tenantSourceFromConfig } from '../fleet/tenants/index.js';
import type { Tenant, TenantSource } from '../fleet/tenant.js';

/** What the fleet commands (rollout, status, pause, resume, abort) share: the config, its tenants, the ledger. */
export async function loadFleet(configPath: string, env: Readonly<Record<string, string | undefined>>): Promise<{ config: FleetConfig; source: TenantSource }> {
  const config = await loadFleetConfig(configPath, env);
  return { config, source: tenantSourceFromConfig(config) };
}

export async function firstTenant(source: TenantSource): Promise<Tenant> {
  for await (const page of source.pages(1)) {
    const first = page[0];
    if (first) return first;
  }
  throw new BadInputError(`the tenant source (${source.description}) lists no tenants`, 'check tenants: in the config; the ledger defaults to the first tenant\'s database unless ledger.url is set');
}

/** ledger.url, else the first tenant's database (the source is only read when it is needed). */
export async function openFleetLedger(config: FleetConfig, source: TenantSource): Promise<Ledger> {
  const url = config.ledger?.url ?? ledgerUrl(config, await firstTenant(source));
  return openLedger(url);
}

export const configOption = ['--config <path>', 'fleet configuration file (default: ./schemafleet.yml)'] as const;
export const rolloutIdOption = ['--rollout <id>', 'which rollout (default: the newest)'] as const;
