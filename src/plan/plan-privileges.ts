import type { ChangeOf, PrivilegeObject } from '../diff/schema-change.js';
import type { PlanContext, StepDraft } from './plan-context.js';
import { hazard } from './plan-constants.js';
import { qi } from './sql-fragments.js';

function objectSql(o: PrivilegeObject): string {
  if (o.kind === 'routine') return `ROUTINE ${qi(o.name)}(${o.arguments ?? ''})`;
  return `${o.kind.toUpperCase()} ${qi(o.name)}`;
}

const granteeSql = (grantee: string): string => (grantee === 'PUBLIC' ? 'PUBLIC' : qi(grantee));

/** A catalog change only (no lock on the table's data); the role must exist on the tenant's server. */
export function planGrantPrivileges(_ctx: PlanContext, change: ChangeOf<'grant-privileges'>): StepDraft[] {
  const option = change.grantOption ? ' WITH GRANT OPTION' : '';
  return [{ sql: `GRANT ${change.privileges.join(', ')} ON ${objectSql(change.object)} TO ${granteeSql(change.grantee)}${option}` }];
}

export function planRevokePrivileges(_ctx: PlanContext, change: ChangeOf<'revoke-privileges'>): StepDraft[] {
  const what = `${change.privileges.join(', ')} ON ${objectSql(change.object)}`;
  const who = granteeSql(change.grantee);
  if (change.grantOption) return [{ sql: `REVOKE GRANT OPTION FOR ${what} FROM ${who}` }];
  return [{ sql: `REVOKE ${what} FROM ${who}`, hazards: [hazard('breaks-running-code', `${change.grantee} loses ${change.privileges.join(', ')} on ${change.object.name}: its statements that need them fail.`)] }];
}
