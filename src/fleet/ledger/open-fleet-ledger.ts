import { BadInputError } from '../../errors.js';
import { ledgerUrl } from '../config/load-fleet-config.js';
import type { FleetConfig } from '../config/config-schema.js';
import type { Tenant, TenantSource } from '../tenant.js';
import { openLedger, type Ledger } from './ledger.js';

async function firstTenant(source: TenantSource): Promise<Tenant> {
  for await (const page of source.pages(1)) {
    const first = page[0];
    if (first) return first;
  }
  throw new BadInputError(`the tenant source (${source.description}) lists no tenants`, "check tenants: in the config; the ledger defaults to the first tenant's database unless ledger.url is set");
}

/** ledger.url, else the first tenant's database (the source is only read when it is needed). */
export async function openFleetLedger(config: FleetConfig, source: TenantSource): Promise<Ledger> {
  const url = config.ledger?.url ?? ledgerUrl(config, await firstTenant(source));
  return openLedger(url);
}
