import type { SchemaModel } from '../model.js';
import type { CheckedStatement } from './apply-statements.js';

/**
 * A schema file without GRANT or REVOKE says nothing about privileges: tenants keep theirs (a
 * DBA's grants, ALTER DEFAULT PRIVILEGES) instead of being told to revoke them all. One GRANT or
 * REVOKE makes the file the whole truth about the privileges on its objects.
 */
export function managedPrivileges(model: SchemaModel, statements: readonly CheckedStatement[]): SchemaModel {
  return statements.some((s) => s.nodeType === 'GrantStmt') ? model : { ...model, privileges: null };
}
