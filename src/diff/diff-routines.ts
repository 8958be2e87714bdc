import type { Routine } from '../schema/model.js';
import type { SchemaChange } from './schema-change.js';
import { byName, clusterProp, commentChange, unionNames, type DiffContext } from './diff-context.js';
import { graphKey } from './object-keys.js';

const keyOf = (r: Routine) => graphKey.routine(r.name, r.identityArguments);

/** Routines are identified by name and argument types: an overload with new arguments is another routine. */
export function diffRoutines(ctx: DiffContext): SchemaChange[] {
  const current = byName(ctx.current.routines, keyOf);
  const desired = byName(ctx.desired.routines, keyOf);
  const changes: SchemaChange[] = [];
  for (const key of unionNames(current, desired)) {
    const from = current.get(key);
    const to = desired.get(key);
    const name = key.slice('routine:'.length);
    const replaced = ctx.replaced.has(key);
    const cluster = clusterProp(ctx, key);
    if (from && (!to || replaced)) changes.push({ id: `drop-routine:${name}`, kind: 'drop-routine', routine: from, replaced, ...cluster });
    if (to && (!from || replaced)) changes.push({ id: `add-routine:${name}`, kind: 'add-routine', routine: to, ...cluster });
    if (from && to && !replaced && from.definition !== to.definition) changes.push({ id: `replace-routine:${name}`, kind: 'replace-routine', from, to });
    if (to) {
      const target = { kind: to.kind, name: to.name, arguments: to.identityArguments } as const;
      changes.push(...commentChange(target, from?.comment ?? null, to.comment, from !== undefined && !replaced));
    }
  }
  return changes;
}
