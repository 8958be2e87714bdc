import type { SchemaModel } from '../model.js';
import { BadInputError, type SourceLocation } from '../../errors.js';
import { introspectSchema } from '../introspect/introspect-schema.js';
import { connect, openScratchServer, type ScratchServer } from '../scratch/scratch-server.js';
import { checkStatement } from './allowed-statements.js';
import { applySchemaStatements, type CheckedStatement, type ResolvedRoutines, type UntrustedSqlLimits } from './apply-statements.js';
import { parseSchemaStatements } from './parse-schema-statements.js';
import { readSchemaFiles } from './read-schema-files.js';
import type { SourceText } from './source-text.js';
import { statementTargets, targetKeys } from './statement-targets.js';
import { assertNoUnsupportedObjects } from '../unsupported-objects.js';
import { loadDesiredSchemas } from './desired-schemas.js';
import { unpinExtensionVersions } from './extension-versions.js';
import { managedPrivileges } from './managed-privileges.js';
import { withCreationSchemas } from './creation-schemas.js';

/** One statement of the schema file(s), with where it came from. */
export interface SchemaStatement {
  readonly sql: string;
  readonly location: SourceLocation;
  /** libpg-query node type: CreateStmt, IndexStmt, … */
  readonly nodeType: string;
  /** Object keys (see objectKey in model.ts) this statement defines or alters, best effort. */
  readonly defines: readonly string[];
  /**
   * Comments between the previous statement and this one, as written (`-- …` or `/* … *\/`).
   * A comment after the previous statement on its own line counts too.
   */
  readonly leadingComments: readonly string[];
  /** Lines of the parts written inside the statement (a CREATE TABLE's columns and constraints), by object key. */
  readonly partLines?: Readonly<Record<string, number>>;
  /**
   * The schema(s) of each key of `defines`, where known: a file of several schemas can hold
   * `app.users` and `audit.users`, both `table:users`. Usually one; `GRANT … ON app.s, audit.s` gives two.
   */
  readonly schemas?: Readonly<Record<string, readonly string[]>>;
}

export interface DesiredSchema {
  readonly model: SchemaModel;
  readonly statements: readonly SchemaStatement[];
}

export interface LoadDesiredSchemaOptions {
  /** A .sql file or a folder of .sql files (lexical order). */
  readonly path: string;
  /** The schema the statements are applied in (default public). */
  readonly schema?: string;
  /** A server where schemafleet may create and drop throwaway databases; otherwise an embedded one. */
  readonly devUrl?: string;
  /** An open scratch server to reuse (several loads, one embedded PostgreSQL); left open. */
  readonly scratch?: ScratchServer;
  /** The statements come from a pull request: one time budget, errors without DETAIL/CONTEXT. */
  readonly untrusted?: UntrustedSqlLimits;
}

export interface CheckedSchema {
  readonly schema: string;
  /** A file of several schemas (schema-set.ts): the others it may declare and name, or `all` (any but PostgreSQL's own). */
  readonly others?: readonly string[] | 'all';
  readonly sources: readonly SourceText[];
  readonly statements: readonly CheckedStatement[];
}

const MAX_PROBLEMS = 20;

/**
 * Reads, parses and checks the schema file(s) against the allow-list without touching a
 * database. Every syntax error and refused statement is reported at once, in one BadInputError.
 */
export async function checkSchemaFiles(path: string, schema = 'public', others: readonly string[] | 'all' = []): Promise<CheckedSchema> {
  const scope = others === 'all' ? { anySchema: true } : others.length > 0 ? { others } : {};
  const sources = await readSchemaFiles(path);
  const problems: { message: string; location: SourceLocation }[] = [];
  const statements: CheckedStatement[] = [];
  let refused = 0;
  for (const source of sources) {
    const parsed = await parseSchemaStatements(source);
    if (parsed.problem) problems.push(parsed.problem);
    for (const statement of parsed.statements) {
      const verdict = checkStatement(statement.nodeType, statement.node, { schema, ...scope });
      if (verdict.refusal) {
        refused++;
        problems.push(source.format(statement.start, verdict.refusal));
        continue;
      }
      statements.push({ ...statement, action: verdict.action, targets: statementTargets(statement.nodeType, statement.node) });
    }
  }
  if (problems.length === 0 && statements.length === 0) {
    const first = sources[0];
    throw new BadInputError(
      `${first ? `${first.file}:1:1: ` : ''}the schema holds no statements (only whitespace and comments)`,
      `an empty file is refused so that a truncated or missing file never plans to drop every object; to declare an empty schema, write CREATE SCHEMA ${schema};`,
      first ? { file: first.file, line: 1, column: 1 } : undefined,
    );
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS).map((p) => p.message);
    if (problems.length > MAX_PROBLEMS) shown.push(`… and ${problems.length - MAX_PROBLEMS} more`);
    throw new BadInputError(
      shown.join('\n\n'),
      refused > 0
        ? 'a schema file declares the objects of one schema: tables, indexes, sequences, types, views, routines in sql or plpgsql, triggers, policies, comments and allowed extensions'
        : undefined,
      problems[0]?.location,
    );
  }
  return { schema, ...(others === 'all' || others.length > 0 ? { others } : {}), sources, statements: withCreationSchemas(statements, schema) };
}

/** The public view of a checked statement; `resolved` supplies routine identities found on the scratch database. */
export function toSchemaStatement(statement: CheckedStatement, resolved?: ResolvedRoutines): SchemaStatement {
  return {
    sql: statement.sql,
    location: statement.location,
    nodeType: statement.nodeType,
    defines: targetKeys(statement.targets, resolved),
    leadingComments: statement.leadingComments,
    ...partLines(statement),
    ...keySchemas(statement, resolved),
  };
}

/**
 * The schema of each key: the one its name is qualified with, else its table's (a column written
 * inside `CREATE TABLE audit.users`), else the one the statement creates unqualified names in.
 */
function keySchemas(statement: CheckedStatement, resolved: ResolvedRoutines | undefined): { schemas?: Record<string, string[]> } {
  const schemas: Record<string, string[]> = {};
  for (const target of statement.targets) {
    const [key] = targetKeys([target], resolved);
    const table = target.table === undefined ? undefined : statement.targets.find((t) => (t.kind === 'table' || t.kind === 'relation') && t.name === target.table);
    const schema = target.schema ?? table?.schema ?? statement.createdIn;
    if (key === undefined || schema === undefined) continue;
    const known = (schemas[key] ??= []);
    if (!known.includes(schema)) known.push(schema);
  }
  return Object.keys(schemas).length > 0 ? { schemas } : {};
}

function partLines(statement: CheckedStatement): { partLines?: Record<string, number> } {
  const lines: Record<string, number> = {};
  for (const target of statement.targets) {
    if (target.location === undefined) continue;
    const [key] = targetKeys([target]);
    if (key) lines[key] = statement.source.locationAt(statement.source.byteOffsetToIndex(target.location)).line;
  }
  return Object.keys(lines).length > 0 ? { partLines: lines } : {};
}

/**
 * The desired state: the schema file(s) checked with the PostgreSQL parser and the allow-list,
 * applied to a throwaway database as an unprivileged role, and introspected like any tenant.
 * `major` asks for a scratch server of that PostgreSQL major version (the target's), see
 * desired-schemas.ts for what happens when none can be had.
 */
export async function loadDesiredSchema(options: LoadDesiredSchemaOptions & { readonly major?: number }): Promise<DesiredSchema> {
  if (options.major !== undefined) {
    const set = await loadDesiredSchemas(options);
    try {
      return set.primaryLoad;
    } finally {
      await set.close();
    }
  }
  const checked = await checkSchemaFiles(options.path, options.schema ?? 'public');
  const scratch = options.scratch ?? (await openScratchServer({ devUrl: options.devUrl }));
  try {
    return await loadCheckedSchema(checked, scratch, options.path, options.untrusted);
  } finally {
    if (!options.scratch) await scratch.close();
  }
}

/** Loads schema files already checked (checkSchemaFiles) on one scratch server, and reads the result. */
export async function loadCheckedSchema(checked: CheckedSchema, scratch: ScratchServer, path: string, untrusted?: UntrustedSqlLimits): Promise<DesiredSchema> {
  const { schema } = checked;
  const database = await scratch.createDatabase();
  let failed = true;
  try {
    const resolved = await applySchemaStatements(database, checked.statements, schema, untrusted);
    const client = await connect(database.url);
    let model: SchemaModel;
    try {
      model = managedPrivileges(unpinExtensionVersions(await introspectSchema(client, schema), checked.statements), checked.statements);
    } finally {
      await client.end().catch(() => undefined);
    }
    const statements = checked.statements.map((s) => toSchemaStatement(s, resolved));
    assertNoUnsupportedObjects(model, statements, path);
    failed = false;
    return { model, statements };
  } finally {
    // A failed cleanup must not hide the error that explains the failed load.
    await database.drop().catch((error: unknown) => {
      if (!failed) throw error;
    });
  }
}
