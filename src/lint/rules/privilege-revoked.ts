import type { PrivilegeObject } from '../../diff/schema-change.js';
import type { LintContext, LintRule, RuleViolation } from '../rule.js';

/** The object as findings and ignores name it: `t`, or `f(a integer)` for a routine. */
function objectName(o: PrivilegeObject): string {
  return o.kind === 'routine' ? `${o.name}(${o.arguments ?? ''})` : o.name;
}

/** What PostgreSQL calls the object in its errors: `table` stands for views and materialized views too. */
function kindOf(context: LintContext, o: PrivilegeObject): string {
  if (o.kind === 'routine') return 'function';
  if (o.kind === 'table' && context.current.views.some((v) => v.name === o.name)) return 'view';
  if (o.kind === 'table' && context.current.materializedViews.some((v) => v.name === o.name)) return 'materialized view';
  return o.kind;
}

/** PostgreSQL's words in the error a statement gets without the privilege (checked at every execution, prepared ones too). */
function deniedError(context: LintContext, o: PrivilegeObject): string {
  return `permission denied for ${kindOf(context, o)} ${o.name}`;
}

/** A role keeps a privilege that PUBLIC still has once the plan ran: revoking its own grant breaks nothing. */
function stillHeldByPublic(context: LintContext, o: PrivilegeObject, privilege: string): boolean {
  return (context.desired.privileges ?? []).some((p) => p.grantee === 'PUBLIC' && p.kind === o.kind && p.name === o.name && p.arguments === o.arguments && p.privilege === privilege);
}

/**
 * REVOKE is not a lock risk (measured in pg_locks: no lock on the table on PostgreSQL 15.20,
 * ACCESS SHARE on 18.4; it does not wait for running queries); it is a code risk: from its commit on,
 * every statement of the grantee that needs the privilege fails. A revoked grant option only stops
 * re-granting, and an object the plan drops or makes again has no old grants to revoke: quiet.
 */
export const privilegeRevoked: LintRule = {
  id: 'privilege-revoked',
  category: 'breaks-running-code',
  defaultSeverity: 'warning',
  why: 'REVOKE takes effect at its commit: every statement of the grantee that needs the privilege fails with "permission denied", prepared statements included (privileges are checked at every execution).',
  fix: 'Make sure no application, job or replica-side reader connecting as the grantee (or a role inheriting from it) still needs the privilege; revoke in a release after the code stopped using it.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'revoke-privileges' || change.grantOption) continue;
      const lost = change.privileges.filter((p) => change.grantee === 'PUBLIC' || !stillHeldByPublic(context, change.object, p));
      if (lost.length === 0) continue;
      const o = change.object;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: objectName(o),
        message: `${change.grantee} loses ${lost.join(', ')} on ${kindOf(context, o)} ${objectName(o)}: from the moment the REVOKE commits, its statements that need ${lost.length === 1 ? 'it' : 'them'} fail with "${deniedError(context, o)}"${change.grantee === 'PUBLIC' ? ' for every role that is not the owner and has no grant of its own' : ''}.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
