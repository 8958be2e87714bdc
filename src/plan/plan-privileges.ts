import type { ChangeOf, PrivilegeObject } from '../diff/schema-change.js';
import type { PlanContext, StepDraft } from './plan-context.js';
import { hazard } from './plan-constants.js';
import { qi } from './sql-fragments.js';

function objectSql(o: PrivilegeObject): string {
  if (o.kind === 'routine') return `ROUTINE ${qi(o.name)}(${o.arguments ?? ''})`;
  return `${o.kind.toUpperCase()} ${qi(o.name)}`;
}

const granteeSql = (grantee: string): string => (grantee === 'PUBLIC' ? 'PUBLIC' : qi(grantee));

/**
 * GRANT and REVOKE change the object's catalog row; measured in pg_locks, PostgreSQL 15.20 takes no
 * lock on a table for them and 18.4 takes ACCESS SHARE (it conflicts only with ACCESS EXCLUSIVE:
 * running queries go on). 16 and 17 were not measured, so only 18+ declares it.
 */
function lockOf(ctx: PlanContext, o: PrivilegeObject): Pick<StepDraft, 'lock' | 'table'> {
  // An object this plan makes has no readers to meet: no lock worth naming.
  const isNew = ctx.newTables.has(o.name) || ctx.newViews.has(o.name) || ctx.newMaterializedViews.has(o.name);
  return o.kind !== 'routine' && !isNew && ctx.current.serverVersion >= 180000 ? { lock: 'ACCESS SHARE', table: o.name } : {};
}

/** A catalog change only (no lock on the table's data); the role must exist on the tenant's server. */
export function planGrantPrivileges(ctx: PlanContext, change: ChangeOf<'grant-privileges'>): StepDraft[] {
  const option = change.grantOption ? ' WITH GRANT OPTION' : '';
  return [{ sql: `GRANT ${change.privileges.join(', ')} ON ${objectSql(change.object)} TO ${granteeSql(change.grantee)}${option}`, ...lockOf(ctx, change.object) }];
}

export function planRevokePrivileges(ctx: PlanContext, change: ChangeOf<'revoke-privileges'>): StepDraft[] {
  const what = `${change.privileges.join(', ')} ON ${objectSql(change.object)}`;
  const who = granteeSql(change.grantee);
  if (change.grantOption) return [{ sql: `REVOKE GRANT OPTION FOR ${what} FROM ${who}`, ...lockOf(ctx, change.object) }];
  return [
    {
      sql: `REVOKE ${what} FROM ${who}`,
      ...lockOf(ctx, change.object),
      hazards: [hazard('breaks-running-code', `${change.grantee} loses ${change.privileges.join(', ')} on ${change.object.name}: its statements that need them fail.`)],
    },
  ];
}
