import { declaredSchemas, type CheckedStatement } from './apply-statements.js';
import { searchPathSetBy } from './session-settings.js';

/**
 * Each statement with the schema its unqualified names are created in, as applySchemaStatements
 * runs the file: one session whose search_path starts at the primary schema and follows the
 * file's own `SET search_path` (or pg_dump's set_config), where the first named schema that exists
 * is the one created in; statements run as the admin (extensions) keep the primary schema. Where
 * the path names no schema that exists (pg_dump's empty one), only qualified names can be created,
 * and `createdIn` is left out.
 */
export function withCreationSchemas(statements: readonly CheckedStatement[], primary: string): CheckedStatement[] {
  const existing = new Set([primary, ...declaredSchemas(statements)]);
  let current: string | undefined = primary;
  return statements.map((statement) => {
    if (statement.action === 'apply-as-admin') return { ...statement, createdIn: primary };
    const path = statement.action === 'apply' ? searchPathSetBy(statement.nodeType, statement.node) : undefined;
    if (path) current = path.find((name) => existing.has(name));
    return current === undefined ? statement : { ...statement, createdIn: current };
  });
}
