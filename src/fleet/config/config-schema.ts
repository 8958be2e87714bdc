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
  /** Default schema for database tenants that do not name one (with schemaNames: its first). */
  readonly schemaName: string;
  /**
   * `schemaNames: [app, audit]`: each database tenant is these schemas, planned as one set
   * (src/schema/schema-set.ts; the first takes the file's unqualified names); null for one schema.
   */
  readonly schemaNames: readonly string[] | null;
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
      schemaNames: z
        .array(schemaNameField(), { error: (issue) => (issue.code === 'invalid_type' ? 'expected a list of schema names such as [app, audit]' : undefined) })
        .min(1, 'expected at least one schema name')
        .optional(),
      tenants: tenantsSchema(env),
      rollout: rolloutSchema.prefault({}),
      health: healthSchema(env).prefault({}),
      ledger: ledgerSchema(env).optional(),
      lint: lintConfigSchema.prefault({}),
      review: reviewSchema.optional(),
    })
    .strict()
    .superRefine((file, ctx) => {
      if (!file.schemaNames) return;
      const at = (message: string, path: PropertyKey[] = ['schemaNames']): void => void ctx.addIssue({ code: 'custom', message, path });
      // A schema tenant is one schema of a shared database: there is no set of its own to plan.
      if (file.tenants.schemas) at('only for database tenants (tenants.list, file or query): with tenants.schemas each tenant is one schema of a shared database');
      if (file.schemaName !== undefined) at('give schemaName or schemaNames, not both: the first of schemaNames takes the unqualified names');
      const seen = new Set<string>();
      file.schemaNames.forEach((name, index) => {
        if (seen.has(name)) at(`duplicate schema name ${JSON.stringify(name)}`, ['schemaNames', index]);
        seen.add(name);
      });
      // Every tenant of a set fleet is the same set; a tenant naming its own schema would be planned as something else.
      file.tenants.list?.forEach((entry, index) => {
        if (entry.schema !== undefined) at('a tenant cannot name its own schema when schemaNames is set', ['tenants', 'list', index, 'schema']);
      });
    });
}
export type FleetConfigFile = z.output<ReturnType<typeof fleetConfigFileSchema>>;
