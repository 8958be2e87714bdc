import { readFile, stat } from 'node:fs/promises';
import { assertOneSchemaPerTenant } from '../../fleet/config/one-schema-per-tenant.js';
import { isAbsolute, relative, resolve } from 'node:path';
import { loadFleetConfig } from '../../fleet/config/load-fleet-config.js';
import type { FleetConfig } from '../../fleet/config/config-schema.js';
import type { RolloutConfig } from '../../fleet/config/sections/rollout-config.js';
import type { Tenant, TenantSource } from '../../fleet/tenant.js';
import { filterTenantSource, tenantFilter, tenantSourceFromConfig } from '../../fleet/tenants/index.js';
import { loadDesiredSchemas, type DesiredSchemas } from '../../schema/load/desired-schemas.js';
import type { ActionDeps } from './action-deps.js';
import type { ActionInputs } from './action-inputs.js';
import { referencedEnvValues, type ActionSecrets } from './action-secrets.js';

export interface ActionFleet {
  readonly config: FleetConfig;
  /** Every tenant of the config, their URLs masked as they are read. */
  readonly allTenants: TenantSource;
  /** Those the `tenants` input selects. */
  readonly source: TenantSource;
  readonly filter: ((tenant: Tenant) => boolean) | undefined;
  readonly settings: RolloutConfig;
  /** Where a tenant's failure is annotated: the schema file, else (a folder) the config file; repository-relative. */
  readonly annotationPath: string;
}

/**
 * Loads schemafleet.yml for the fleet modes. Every secret it holds is masked before anything is
 * logged: the values of the environment variables it refers to first (a config error may follow),
 * then every URL once it is parsed.
 */
export async function loadActionFleet(inputs: ActionInputs, deps: ActionDeps, secrets: ActionSecrets): Promise<ActionFleet> {
  const configPath = resolve(deps.cwd, inputs.config);
  const text = await readFile(configPath, 'utf8').catch(() => '');
  secrets.add(...referencedEnvValues(text, deps.env));
  const config = await loadFleetConfig(configPath, deps.env);
  secrets.addConfig(config);
  const allTenants = secrets.watch(tenantSourceFromConfig(config));
  const filter = inputs.tenants.length > 0 ? tenantFilter(inputs.tenants) : undefined;
  const concurrency = inputs.concurrency ?? config.rollout.concurrency;
  const settings: RolloutConfig = {
    ...config.rollout,
    ...(inputs.batchSize !== null ? { batchSize: inputs.batchSize } : {}),
    concurrency,
    // A lower overall cap than the per-cluster one would leave the per-cluster one meaningless.
    perClusterConcurrency: Math.min(config.rollout.perClusterConcurrency, concurrency),
  };
  const schemaIsFile = (await stat(config.schema).catch(() => null))?.isFile() ?? false;
  return {
    config,
    allTenants,
    source: filter ? filterTenantSource(allTenants, filter, `tenants ${inputs.tenants.join(', ')}`) : allTenants,
    filter,
    settings,
    annotationPath: repoPath(deps.cwd, schemaIsFile ? config.schema : config.configPath),
  };
}

/** `absolute` from the workspace root, with forward slashes, as annotations want it. */
function repoPath(workspace: string, absolute: string): string {
  const path = relative(workspace, absolute);
  if (path === '' || path.startsWith('..') || isAbsolute(path)) return absolute;
  return path.split('\\').join('/');
}

/**
 * The desired model, loaded on dev-url or an embedded PostgreSQL, and again for each other major
 * version a tenant runs (desired-schemas.ts); the caller closes it.
 */
export async function loadActionDesired(fleet: ActionFleet, devUrl: string | null): Promise<DesiredSchemas> {
  const { config } = fleet;
  assertOneSchemaPerTenant(config, 'the GitHub Action');
  // Schema-per-tenant fleets compare against a schema that is not public (as the CLI does).
  const schema = config.tenants.kind === 'schemas' ? 'schemafleet_desired' : config.schemaName;
  return loadDesiredSchemas({ path: config.schema, schema, ...(devUrl ? { devUrl } : {}) });
}
