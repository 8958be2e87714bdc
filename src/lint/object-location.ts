import type { SchemaStatement } from '../schema/load/load-desired-schema.js';
import { candidateKeys, tablePart } from './object-keys.js';

export interface FindingLocation {
  readonly file: string;
  readonly line: number;
}

/** Statements that bring an object into being, as opposed to ones that comment on or alter it. */
function creates(statement: SchemaStatement): boolean {
  return /^(Create|Index|View|Define|CompositeType)/.test(statement.nodeType);
}

/** The statement that defines `key`: its CREATE when there is one, else the first that touches it. */
function definingStatement(key: string, statements: readonly SchemaStatement[]): SchemaStatement | undefined {
  const touching = statements.filter((s) => s.defines.includes(key));
  return touching.find(creates) ?? touching[0];
}

/**
 * Where the object of a finding is defined in the schema file(s): its own line when the parser
 * located it inside its statement. `t.c` falls back to its table's
 * statement (a removed column was removed there); an object in no statement (a dropped table, or
 * a desired side read from a database) has no location.
 */
export function locateObject(object: string, statements: readonly SchemaStatement[]): FindingLocation | null {
  for (const key of candidateKeys(object)) {
    const statement = definingStatement(key, statements);
    // A column or constraint written inside its CREATE TABLE points at its own line.
    if (statement) return { file: statement.location.file, line: statement.partLines?.[key] ?? statement.location.line };
  }
  const table = tablePart(object);
  return table ? locateObject(table, statements) : null;
}

/** Every statement that defines or alters one of the object's possible keys (an inline ignore on any of them applies). */
export function statementsDefining(object: string, statements: readonly SchemaStatement[]): SchemaStatement[] {
  const keys = candidateKeys(object);
  return statements.filter((s) => s.defines.some((key) => keys.includes(key)));
}
