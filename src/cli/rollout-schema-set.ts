import type { FleetConfig } from '../fleet/config/config-schema.js';
import type { RolloutSchemaSet } from '../fleet/rollout/schema-set-tenant.js';
import { lintSchemaSet } from '../lint/lint-schema-set.js';
import { fingerprintSchemaSet } from '../plan/plan-schema-set.js';
import { loadDesiredSchemaSet, type DesiredSchemaSet } from '../schema/load/load-desired-schema-set.js';
import type { SchemaModel } from '../schema/model.js';
import { splitSchemaNames } from './schema-set-target.js';

/**
 * The rollout's desired set for a fleet with `schemaNames`: the schema file loaded as a set
 * (load-desired-schema-set.ts) once to name the rollout, and again for each PostgreSQL major a
 * tenant runs (views and other stored text differ between majors), each load kept for the rollout.
 */
export async function rolloutSchemaSetFor(
  config: Pick<FleetConfig, 'schema' | 'lint'>,
  names: readonly string[],
  devUrl: string | undefined,
): Promise<{ schemaSet: RolloutSchemaSet; desired: SchemaModel }> {
  const { primary, others } = splitSchemaNames(names);
  const load = (major?: number): Promise<DesiredSchemaSet> => loadDesiredSchemaSet({ path: config.schema, primary, others, ...(major === undefined ? {} : { major }), ...(devUrl ? { devUrl } : {}) });
  const first = await load();
  const byMajor = new Map<number, Promise<DesiredSchemaSet>>();
  const forMajor = (major: number): Promise<DesiredSchemaSet> => {
    let loaded = byMajor.get(major);
    if (!loaded) byMajor.set(major, (loaded = load(major)));
    return loaded;
  };
  const desired = first.set.models.get(primary);
  if (!desired) throw new Error(`rolloutSchemaSetFor: the loaded set has no model of its primary schema ${primary}`);
  return {
    desired,
    schemaSet: {
      primary,
      scope: first.set.scope,
      fingerprint: fingerprintSchemaSet(first.set),
      desiredFor: async (serverVersionNum) => (await forMajor(Math.floor(serverVersionNum / 10_000))).set,
      // Each schema's part with the rules as they are, as `lint --schema-name` does; statements give findings their file:line.
      lint: (migration) => lintSchemaSet(migration, first.statements, config.lint, { reportUnusedIgnores: false }),
    },
  };
}
