import { z } from 'zod';
import { lintConfigSchema, type LintConfig } from '../../lint/lint-config-schema.js';
import { type Env, schemaNameField, text } from './sections/fields.js';
import { type HealthConfig, healthSchema } from './sections/health.js';
import { ledgerSchema } from './sections/ledger.js';
import { reviewSchema } from './sections/review.js';
import type { RolloutConfig } from './sections/rollout-config.js';
import { rolloutSchema } from './sections/rollout.js';
import { type TenantsConfig, tenantsSchema } from './sections/tenants.js';

// schemafleet.yml as a whole: its sections live in ./sections, one file each.

/**
 * The resolved configuration: what loadFleetConfig returns. Durations are milliseconds, paths are
 * absolute, defaults are filled in, presets are expanded, list/file tenants are read.
 */
export interface FleetConfig {
  /** Absolute path of the config file itself. */
  readonly configPath: string;
  /** Absolute path of the schema file or folder. */
  readonly schema: string;
  /** Default schema for database tenants that do not name one. */
  readonly schemaName: string;
  readonly tenants: TenantsConfig;
  readonly rollout: RolloutConfig;
  readonly health: HealthConfig;
  /** null: the ledger lives on the first tenant's database (see ledgerUrl). */
  readonly ledger: { readonly url: string } | null;
  readonly lint: LintConfig;
}

/**
 * The schema of schemafleet.yml as written. `env` feeds `${VAR}` expansion in URL keys. Paths stay
 * as written (relative to the file) and list entries keep an unset schema: loadFleetConfig resolves
 * both, and reads a tenants file.
 */
export function fleetConfigFileSchema(env: Env = process.env) {
  return z
    .object({
      schema: text('a path to the schema file or folder'),
      schemaName: schemaNameField().optional(),
      tenants: tenantsSchema(env),
      rollout: rolloutSchema.prefault({}),
      health: healthSchema(env).prefault({}),
      ledger: ledgerSchema(env).optional(),
      lint: lintConfigSchema.prefault({}),
      review: reviewSchema.optional(),
    })
    .strict();
}
export type FleetConfigFile = z.output<ReturnType<typeof fleetConfigFileSchema>>;
