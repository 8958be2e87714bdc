import type { Privilege } from '../schema/model.js';
import type { SchemaChange } from './schema-change.js';
import { compareText, type DiffContext } from './diff-context.js';

/** One object and grantee: what GRANT and REVOKE name together. */
const target = (p: Privilege): string => `${p.kind}:${p.name}${p.arguments === null ? '' : `(${p.arguments})`} ${p.grantee}`;

/** Keys of the changes that drop an object and make it again: it comes back with no privileges. */
function remadeObjects(changes: readonly SchemaChange[]): Set<string> {
  const dropped = new Set<string>();
  const added = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'drop-table' || c.kind === 'drop-view' || c.kind === 'drop-materialized-view') dropped.add(`table:${c.kind === 'drop-table' ? c.table.name : c.view.name}`);
    if (c.kind === 'add-table' || c.kind === 'add-view' || c.kind === 'add-materialized-view') added.add(`table:${c.kind === 'add-table' ? c.table.name : c.view.name}`);
    if (c.kind === 'drop-sequence') dropped.add(`sequence:${c.sequence.name}`);
    if (c.kind === 'add-sequence') added.add(`sequence:${c.sequence.name}`);
    if (c.kind === 'drop-routine') dropped.add(`routine:${c.routine.name}(${c.routine.identityArguments})`);
    if (c.kind === 'add-routine') added.add(`routine:${c.routine.name}(${c.routine.identityArguments})`);
  }
  return new Set([...added].filter((key) => dropped.has(key)));
}

const objectOf = (p: Privilege): string => `${p.kind}:${p.name}${p.arguments === null ? '' : `(${p.arguments})`}`;

/**
 * GRANT and REVOKE per object and grantee. Only when the desired schema manages privileges (its
 * file has GRANT or REVOKE): otherwise a tenant's grants are left alone. An object the plan drops
 * and makes again has none of its old ones (a routine made has EXECUTE for PUBLIC, as CREATE
 * FUNCTION gives it); one dropped for good takes them with it. MAINTAIN
 * exists from PostgreSQL 17 only, so it is not asked of an older server.
 */
export function diffPrivileges(ctx: DiffContext, otherChanges: readonly SchemaChange[]): SchemaChange[] {
  const desiredList = ctx.desired.privileges;
  if (desiredList === null) return [];
  const remade = remadeObjects(otherChanges);
  // CREATE FUNCTION grants EXECUTE to PUBLIC by itself: a routine the plan makes starts with that.
  const existingRoutines = new Set(ctx.current.routines.map((r) => `routine:${r.name}(${r.identityArguments})`));
  const madeRoutines = ctx.desired.routines
    .filter((r) => !existingRoutines.has(`routine:${r.name}(${r.identityArguments})`) || remade.has(`routine:${r.name}(${r.identityArguments})`))
    .map((r): Privilege => ({ kind: 'routine', name: r.name, arguments: r.identityArguments, grantee: 'PUBLIC', privilege: 'EXECUTE', grantable: false }));
  const current = [...(ctx.current.privileges ?? []).filter((p) => !remade.has(objectOf(p))), ...madeRoutines];
  const desired = desiredList.filter((p) => p.privilege !== 'MAINTAIN' || ctx.current.serverVersion >= 170000);
  const desiredObjects = new Set([
    ...ctx.desired.tables.map((t) => `table:${t.name}`),
    ...ctx.desired.views.map((v) => `table:${v.name}`),
    ...ctx.desired.materializedViews.map((v) => `table:${v.name}`),
    ...ctx.desired.sequences.map((s) => `sequence:${s.name}`),
    ...ctx.desired.routines.map((r) => `routine:${r.name}(${r.identityArguments})`),
  ]);
  const key = (p: Privilege): string => `${target(p)} ${p.privilege}`;
  const had = new Map(current.filter((p) => desiredObjects.has(objectOf(p))).map((p) => [key(p), p]));
  const wanted = new Map(desired.map((p) => [key(p), p]));
  const grants = new Map<string, { sample: Privilege; privileges: string[]; grantOption: boolean }>();
  const revokes = new Map<string, { sample: Privilege; privileges: string[]; grantOption: boolean }>();
  const add = (into: typeof grants, p: Privilege, grantOption: boolean): void => {
    const k = `${target(p)}${grantOption ? ' +' : ''}`;
    const entry = into.get(k) ?? { sample: p, privileges: [], grantOption };
    entry.privileges.push(p.privilege);
    into.set(k, entry);
  };
  for (const [k, to] of wanted) {
    const from = had.get(k);
    if (!from) add(grants, to, to.grantable);
    else if (to.grantable && !from.grantable) add(grants, to, true);
    else if (!to.grantable && from.grantable) add(revokes, from, true);
  }
  for (const [k, from] of had) if (!wanted.has(k)) add(revokes, from, false);
  const toChanges = (kind: 'grant-privileges' | 'revoke-privileges', entries: typeof grants): SchemaChange[] =>
    [...entries.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([k, e]) => ({
        id: `${kind}:${k}`,
        kind,
        object: { kind: e.sample.kind, name: e.sample.name, arguments: e.sample.arguments },
        grantee: e.sample.grantee,
        privileges: [...e.privileges].sort(compareText),
        grantOption: e.grantOption,
      }));
  return [...toChanges('revoke-privileges', revokes), ...toChanges('grant-privileges', grants)];
}
