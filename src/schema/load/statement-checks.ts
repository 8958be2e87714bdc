import { notModelled } from './refusal-reasons.js';

/**
 * What the rules of statement-rules.ts call to judge a statement: which schemas the file may name,
 * a routine's language, session roles and privileges. A file of their own, not allowed-statements.ts:
 * that file reads the table, the table calls these, and imports run one way.
 */

export type Node = Record<string, unknown>;

export interface RuleContext {
  /** The schema the file describes (with several, the one unqualified names land in). */
  readonly schema: string;
  /** The other schemas a file of several schemas may declare and name (schema-set.ts). */
  readonly others?: readonly string[];
  /** Every schema but PostgreSQL's own (pg_*, information_schema) may be declared and named (--all-schemas). */
  readonly anySchema?: boolean;
}

/** Whether the file may name schema `name`. */
export function describes(context: RuleContext, name: string): boolean {
  if (context.anySchema) return !isSystemSchema(name);
  return name === context.schema || (context.others ?? []).includes(name);
}

/** PostgreSQL's own schemas, never a file's (pg_catalog may still be named where a search_path is). */
function isSystemSchema(name: string): boolean {
  return name.startsWith('pg_') || name === 'information_schema';
}

/** The schema(s) the file describes, for messages. */
export function described(context: RuleContext): string {
  if (context.anySchema) return 'every schema but pg_* and information_schema';
  const others = context.others ?? [];
  return others.length === 0 ? `schema ${context.schema}` : `schemas ${[context.schema, ...others].join(', ')}`;
}

/** Whether the file describes several schemas (the messages then say which). */
export function several(context: RuleContext): boolean {
  return context.anySchema === true || (context.others ?? []).length > 0;
}

export function option(node: Node, name: string): unknown {
  for (const item of (node.options as Node[] | undefined) ?? []) {
    const def = item.DefElem as { defname?: string; arg?: Node } | undefined;
    if (def?.defname === name) return def.arg ?? true;
  }
  return undefined;
}

export function functionLanguage(node: Node): string | undefined {
  const arg = option(node, 'language') as { String?: { sval?: string } } | undefined;
  const language = arg?.String?.sval?.toLowerCase();
  return language ?? (node.sql_body ? 'sql' : undefined);
}

const SESSION_ROLES: Record<string, string> = {
  ROLESPEC_CURRENT_USER: 'CURRENT_USER',
  ROLESPEC_CURRENT_ROLE: 'CURRENT_ROLE',
  ROLESPEC_SESSION_USER: 'SESSION_USER',
};

/**
 * TO CURRENT_USER (or CURRENT_ROLE, SESSION_USER) is stored as the role the statement ran as: the
 * scratch database's own, which no tenant has, so every plan would fail on it.
 */
export function sessionRoleIn(roles: unknown): string | undefined {
  for (const role of (roles as Node[] | undefined) ?? []) {
    const spec = SESSION_ROLES[(role.RoleSpec as { roletype?: string } | undefined)?.roletype ?? ''];
    if (spec) return `TO ${spec} would be the role the schema file is checked as, not a tenant's: name the role the policy is for`;
  }
  return undefined;
}

/** GRANT and REVOKE kinds the model holds: ON TABLE (views too), SEQUENCE, FUNCTION, PROCEDURE, ROUTINE. */
const grantableKinds = new Set(['OBJECT_TABLE', 'OBJECT_SEQUENCE', 'OBJECT_FUNCTION', 'OBJECT_PROCEDURE', 'OBJECT_ROUTINE']);

export function grantReason(node: Node, context: RuleContext): string | undefined {
  const kind = String(node.objtype ?? '');
  if (!grantableKinds.has(kind))
    return notModelled(
      `privileges on ${kind
        .replace(/^OBJECT_/, '')
        .toLowerCase()
        .replace('_', ' ')}s`,
    );
  if (node.grantor) return 'GRANTED BY names a role of the server the file is checked on; leave it out';
  for (const p of (node.privileges as Node[] | undefined) ?? []) {
    if ((p.AccessPriv as { cols?: unknown[] } | undefined)?.cols?.length) return notModelled('column privileges');
  }
  if (node.targtype === 'ACL_TARGET_ALL_IN_SCHEMA') {
    const schemas = ((node.objects as Node[] | undefined) ?? []).map((o) => (o.String as { sval?: string } | undefined)?.sval ?? '');
    const other = schemas.find((s) => !describes(context, s));
    if (other !== undefined)
      return !several(context) ? `schema ${other} is not the schema the file describes (${context.schema})` : `schema ${other} is not one the file describes (${described(context)})`;
  }
  const session = sessionRoleIn(node.grantees);
  return session ? session.replace('the policy is for', 'the privileges are for') : undefined;
}

export function alterTableSubtypes(node: Node): string[] {
  return ((node.cmds as Node[] | undefined) ?? []).map((item) => (item.AlterTableCmd as { subtype?: string } | undefined)?.subtype ?? '');
}
