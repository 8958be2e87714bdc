import { BadInputError, type SourceLocation } from '../errors.js';
import type { SchemaModel, UnsupportedObject } from './model.js';

export interface LocatedStatement {
  readonly sql: string;
  readonly location: SourceLocation;
  readonly nodeType: string;
}

/** `aggregate my_sum, operator ===` @internal test/acceptance/migra-corpus.test.ts names the objects a corpus case skips for. */
export function describeUnsupported(objects: readonly UnsupportedObject[]): string {
  return objects.map((o) => `${o.kind} ${o.name}`).join(', ');
}

// The model cannot see inside these statements' names reliably, so the location is the first
// defining statement whose text names the object; good enough to point a reader at it.
function locate(object: UnsupportedObject, statements: readonly LocatedStatement[]): SourceLocation | undefined {
  const bareName = object.name.replace(/\(.*$/, '').toLowerCase();
  return statements.find((s) => s.nodeType !== 'CommentStmt' && s.sql.toLowerCase().includes(bareName))?.location;
}

/**
 * A desired schema must consist only of objects schemafleet can plan: anything else could never be
 * created on a tenant, and a rollout would "succeed" without it. So it is refused, by name and place.
 */
export function assertNoUnsupportedObjects(model: SchemaModel, statements: readonly LocatedStatement[], source: string): void {
  if (model.unsupported.length === 0) return;
  const lines = model.unsupported.map((object) => {
    const at = locate(object, statements);
    return `${at ? `${at.file}:${at.line}:${at.column}: ` : ''}${object.kind} ${object.name} is not supported by schemafleet yet`;
  });
  throw new BadInputError(
    `${source} declares objects schemafleet cannot manage:\n${lines.join('\n')}`,
    'remove them from the schema file and manage them outside schemafleet, or open an issue asking for support',
    lines.length > 0 ? locate(model.unsupported[0]!, statements) : undefined,
  );
}

/** One warning line for objects found in a live database that schemafleet leaves as they are. */
export function unsupportedWarning(model: SchemaModel, where: string): string | null {
  if (model.unsupported.length === 0) return null;
  return `warning: ${where} has objects schemafleet does not manage; they are left as they are: ${describeUnsupported(model.unsupported)}`;
}
