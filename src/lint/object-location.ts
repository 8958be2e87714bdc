import type { SchemaStatement } from '../schema/load/load-desired-schema.js';
import { objectKey } from '../schema/model.js';
import { candidateKeys, tablePart } from './object-keys.js';

export interface FindingLocation {
  readonly file: string;
  readonly line: number;
}

/**
 * Whether the statement defines `key` in `schema`. Without a schema (a plan of one schema) the
 * name is enough, as it always was; a key whose schema the loader could not tell matches by name.
 */
function definesIn(statement: SchemaStatement, key: string, schema: string | undefined): boolean {
  if (!statement.defines.includes(key)) return false;
  if (schema === undefined) return true;
  const schemas = statement.schemas?.[key];
  return schemas === undefined || schemas.includes(schema);
}

/** Statements that bring an object into being, as opposed to ones that comment on or alter it. */
function creates(statement: SchemaStatement): boolean {
  return /^(Create|Index|View|Define|CompositeType)/.test(statement.nodeType);
}

/** The statement that defines `key`: its CREATE when there is one, else the first that touches it. */
function definingStatement(key: string, statements: readonly SchemaStatement[], schema: string | undefined): SchemaStatement | undefined {
  const touching = statements.filter((s) => definesIn(s, key, schema));
  return touching.find(creates) ?? touching[0];
}

/**
 * Where the object of a finding is defined in the schema file(s): its own line when the parser
 * located it inside its statement. `t.c` falls back to its table's
 * statement (a removed column was removed there); an object in no statement (a dropped table, or
 * a desired side read from a database) has no location. `schema`, for a plan of several schemas,
 * is the schema the object is in: `audit.users` is not found at `CREATE TABLE app.users`.
 */
export function locateObject(object: string, statements: readonly SchemaStatement[], schema?: string): FindingLocation | null {
  for (const key of candidateKeys(object)) {
    const statement = definingStatement(key, statements, schema);
    // A column or constraint written inside its CREATE TABLE points at its own line.
    if (statement) return { file: statement.location.file, line: statement.partLines?.[key] ?? statement.location.line };
  }
  const table = tablePart(object);
  if (!table) return null;
  return columnOfDefaultNamedConstraint(table, object.slice(table.length + 1), statements, schema) ?? locateObject(table, statements, schema);
}

/** The suffixes PostgreSQL gives the constraints it names itself (`<table>_<column>_<suffix>`). */
const DEFAULT_CONSTRAINT_SUFFIXES = ['check', 'fkey', 'key', 'excl', 'not_null'];

/**
 * An unnamed constraint written on a column (`estimate integer CHECK (estimate >= 0)`) has no name
 * in the file; PostgreSQL calls it `tasks_estimate_check`. Its column's line is where it is written.
 */
function columnOfDefaultNamedConstraint(table: string, name: string, statements: readonly SchemaStatement[], schema: string | undefined): FindingLocation | null {
  if (!name.startsWith(`${table}_`)) return null;
  for (const suffix of DEFAULT_CONSTRAINT_SUFFIXES) {
    if (!name.endsWith(`_${suffix}`)) continue;
    const column = name.slice(table.length + 1, name.length - suffix.length - 1);
    const key = objectKey.column(table, column);
    const statement = statements.find((s) => s.partLines?.[key] !== undefined && definesIn(s, key, schema));
    if (statement) return { file: statement.location.file, line: statement.partLines?.[key] ?? statement.location.line };
  }
  return null;
}

/**
 * Every statement that defines or alters one of the object's possible keys (an inline ignore on any
 * of them applies). Like locateObject, `t.c` in no statement (a dropped column) falls back to its
 * table's: the finding points there, so an ignore written there must count (it was reported unused).
 * With `schema`, only statements about the object in that schema count.
 */
export function statementsDefining(object: string, statements: readonly SchemaStatement[], schema?: string): SchemaStatement[] {
  const keys = candidateKeys(object);
  const defining = statements.filter((s) => keys.some((key) => definesIn(s, key, schema)));
  const table = tablePart(object);
  return defining.length > 0 || !table ? defining : statementsDefining(table, statements, schema);
}
