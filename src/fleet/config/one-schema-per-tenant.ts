import { BadInputError } from '../../errors.js';
import type { FleetConfig } from './config-schema.js';

/**
 * Commands that still plan one schema per tenant (preflight, the GitHub Action) stop on a config
 * with `schemaNames` rather than plan its first schema alone, which would read the others' foreign
 * keys as drift or refuse the file's CREATE SCHEMA.
 */
export function assertOneSchemaPerTenant(config: Pick<FleetConfig, 'configPath' | 'schemaNames'>, command: string): void {
  if (!config.schemaNames) return;
  throw new BadInputError(
    `${config.configPath}: schemaNames: ${command} plans one schema per tenant and cannot plan the set [${config.schemaNames.join(', ')}] yet`,
    'use schemafleet rollout (and rollout --dry-run) for database tenants of several schemas',
  );
}
