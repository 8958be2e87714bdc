import { readLiveSchemaNames, readLiveSchemaSet } from '../apply/read-live-schema.js';
import { planSchemaSet, type SchemaSetMigration } from '../plan/plan-schema-set.js';
import { loadDesiredSchemaSet, type DesiredSchemaSet } from '../schema/load/load-desired-schema-set.js';
import type { SchemaSet } from '../schema/schema-set.js';
import { assertNoUnsupportedObjects, unsupportedWarning } from '../schema/unsupported-objects.js';
import { redactUrl } from '../errors.js';
import { assertSchemaPath, targetMajor, type SchemaSource } from './schema-source.js';

export interface SchemaSetTargetPlan extends SchemaSetMigration {
  readonly current: SchemaSet;
  readonly desired: DesiredSchemaSet;
  /** Objects in the live schemas that schemafleet leaves alone, one line per schema (or null). */
  readonly warning: string | null;
}

/** The names of --schema-name, repeated: the first takes the unqualified names. */
export function splitSchemaNames(names: readonly string[]): { primary: string; others: string[] } {
  const [primary = 'public', ...others] = names;
  return { primary, others };
}

/** Whether the command describes several schemas: --schema-name repeated, or --all-schemas. */
export function describesSeveral(flags: { readonly schemaName: readonly string[]; readonly allSchemas?: boolean }): boolean {
  return flags.schemaName.length > 1 || flags.allSchemas === true;
}

/**
 * The schema file(s) loaded as a set. With --all-schemas the file may declare any schema, and the
 * scope is what it declares plus every schema the target holds (listSchemas), so a schema the file
 * no longer declares is planned to be dropped, after its objects.
 */
export async function loadDesiredSetFor(
  flags: { schema: string; url: string; schemaName: readonly string[]; allSchemas?: boolean; devUrl: string | undefined },
  major: number,
): Promise<DesiredSchemaSet> {
  const { primary, others } = splitSchemaNames(flags.schemaName);
  const desired = await loadDesiredSchemaSet({ path: flags.schema, primary, others: flags.allSchemas ? 'all' : others, major, ...(flags.devUrl ? { devUrl: flags.devUrl } : {}) });
  if (!flags.allSchemas) return desired;
  const scope = [...new Set([...desired.set.scope, ...(await readLiveSchemaNames(flags.url))])];
  return { ...desired, set: { ...desired.set, scope } };
}

/** `plan` for several schemas of one database: one file, one plan over all of them (schema-set.ts). */
export async function planForTargetSet(flags: { schema: string; url: string; schemaName: readonly string[]; allSchemas?: boolean; devUrl: string | undefined }): Promise<SchemaSetTargetPlan> {
  await assertSchemaPath(flags.schema, '--schema');
  const major = await targetMajor(flags.url);
  const desired = await loadDesiredSetFor(flags, major);
  const current = await readLiveSchemaSet(flags.url, desired.set.scope, desired.set.primary);
  return { ...planSchemaSet(current, desired.set), current, desired, warning: schemaSetWarning(current, 'of the target database') };
}

/** unsupportedWarning for each schema of the set that holds such objects, one line each. */
export function schemaSetWarning(set: SchemaSet, where: string): string | null {
  const lines = [...set.models.values()].flatMap((model) => unsupportedWarning(model, `schema ${model.schema} ${where}`) ?? []);
  return lines.length === 0 ? null : lines.join('\n');
}

/**
 * The two sides of `diff` or `lint` over several schemas: each a live database or schema file(s),
 * a file loaded on the live side's PostgreSQL major, as for one schema. The desired side keeps its
 * statements (file:line of lint findings); a live one has none.
 */
export async function readSchemaSetSources(
  from: SchemaSource,
  to: SchemaSource,
  names: readonly string[],
  devUrl: string | undefined,
  warn: (line: string) => void,
  toText: string,
): Promise<{ current: SchemaSet; desired: DesiredSchemaSet }> {
  const { primary, others } = splitSchemaNames(names);
  const live = [from, to].find((s): s is Extract<SchemaSource, { kind: 'url' }> => s.kind === 'url');
  const major = live ? await targetMajor(live.url) : undefined;
  const read = async (source: SchemaSource): Promise<DesiredSchemaSet> => {
    if (source.kind === 'path') return loadDesiredSchemaSet({ path: source.path, primary, others, ...(major === undefined ? {} : { major }), ...(devUrl ? { devUrl } : {}) });
    const set = await readLiveSchemaSet(source.url, names, primary, { lockTimeoutMs: 2_000 });
    const warning = schemaSetWarning(set, `of ${redactUrl(source.url)}`);
    if (warning) warn(warning);
    return { set, statements: [] };
  };
  const current = (await read(from)).set;
  const desired = await read(to);
  if (to.kind === 'url') for (const model of desired.set.models.values()) assertNoUnsupportedObjects(model, [], redactUrl(toText));
  return { current, desired };
}
