import type { Policy, Table, Trigger } from '../schema/model.js';
import type { SchemaChange } from './schema-change.js';
import { byName, clusterProp, commentChange, unionNames, type DiffContext } from './diff-context.js';
import { graphKey } from './object-keys.js';

/** The triggers of a table, or of a view (INSTEAD OF triggers). */
type WithTriggers = { readonly name: string; readonly triggers?: readonly Trigger[] };

export function diffTriggers(ctx: DiffContext, fromTable: WithTriggers, toTable: WithTriggers): SchemaChange[] {
  const table = toTable.name;
  const current = byName(
    (fromTable.triggers ?? []).filter((t) => !t.inherited),
    (t) => t.name,
  );
  const desired = byName(
    (toTable.triggers ?? []).filter((t) => !t.inherited),
    (t) => t.name,
  );
  const changes: SchemaChange[] = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const key = graphKey.trigger(table, name);
    const cluster = clusterProp(ctx, key);
    const id = `${table}.${name}`;
    const recreate = from !== undefined && to !== undefined && (ctx.replaced.has(key) || from.definition !== to.definition);
    if (from && (!to || recreate)) changes.push({ id: `drop-trigger:${id}`, kind: 'drop-trigger', trigger: from, replaced: recreate, ...(recreate ? { cluster: cluster.cluster ?? key } : {}) });
    if (to && (!from || recreate)) changes.push({ id: `add-trigger:${id}`, kind: 'add-trigger', trigger: to, ...(recreate ? { cluster: cluster.cluster ?? key } : {}) });
    if (from && to && !recreate && from.enabled !== to.enabled) changes.push({ id: `alter-trigger:${id}`, kind: 'alter-trigger', from, to });
    if (to) changes.push(...commentChange({ kind: 'trigger', name, table }, from?.comment ?? null, to.comment, from !== undefined && !recreate));
  }
  return changes;
}

/** ALTER POLICY can change roles and expressions, but not remove an expression, nor the command or kind. */
function policyNeedsRecreate(from: Policy, to: Policy): boolean {
  return from.permissive !== to.permissive || from.command !== to.command || (from.using !== null && to.using === null) || (from.withCheck !== null && to.withCheck === null);
}

export function diffPolicies(ctx: DiffContext, fromTable: Table, toTable: Table): SchemaChange[] {
  const table = toTable.name;
  const current = byName(fromTable.policies, (p) => p.name);
  const desired = byName(toTable.policies, (p) => p.name);
  const changes: SchemaChange[] = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const key = graphKey.policy(table, name);
    const id = `${table}.${name}`;
    const recreate = from !== undefined && to !== undefined && (ctx.replaced.has(key) || policyNeedsRecreate(from, to));
    const cluster = recreate ? { cluster: clusterProp(ctx, key).cluster ?? key } : {};
    if (from && (!to || recreate)) changes.push({ id: `drop-policy:${id}`, kind: 'drop-policy', policy: from, replaced: recreate, ...cluster });
    if (to && (!from || recreate)) changes.push({ id: `add-policy:${id}`, kind: 'add-policy', policy: to, ...cluster });
    if (from && to && !recreate && JSON.stringify({ ...from, comment: null }) !== JSON.stringify({ ...to, comment: null })) {
      changes.push({ id: `alter-policy:${id}`, kind: 'alter-policy', from, to });
    }
    if (to) changes.push(...commentChange({ kind: 'policy', name, table }, from?.comment ?? null, to.comment, from !== undefined && !recreate));
  }
  return changes;
}
