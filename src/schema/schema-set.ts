import type { SchemaModel } from './model.js';

/**
 * Several PostgreSQL schemas of one database described together (a database tenant with `app`
 * and `audit`). Each schema keeps its own SchemaModel, read with search_path set to it, so names
 * of its own objects stay unqualified and the per-schema diff and planner work unchanged; a
 * reference to another schema of the set is recorded in `dependsOn` as `kind:schema.name`, the
 * spelling PostgreSQL prints for it (see diff/diff-schema-set.ts, which orders across schemas).
 */
export interface SchemaSet {
  /**
   * The schema unqualified names of the schema file land in, and the plan's session search_path.
   * It always exists on the desired side: schemafleet creates it, as for a single-schema file.
   */
  readonly primary: string;
  /** The schemas the set manages: the others of the database are left alone. */
  readonly scope: readonly string[];
  /** The models of the schemas that exist, by name; a scoped schema absent here does not exist. */
  readonly models: ReadonlyMap<string, SchemaModel>;
}

/** Scoped schema names in plan order: the primary first, then the others by name (code-unit order). */
export function orderedSchemas(scope: readonly string[], primary: string): string[] {
  const others = [...new Set(scope)].filter((s) => s !== primary).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [primary, ...others];
}

/**
 * Extensions belong to the database, so every model of a set lists all of them (extensions.ts):
 * only the primary schema's model keeps them, or each schema would plan its own CREATE EXTENSION.
 */
export function extensionsOnPrimary(set: SchemaSet): SchemaSet {
  const models = new Map<string, SchemaModel>();
  for (const [name, model] of set.models) models.set(name, name === set.primary ? model : { ...model, extensions: [] });
  return { ...set, models };
}
