import type { SchemaChange } from './schema-change.js';
import { byName, clusterProp, commentChange, unionNames, type DiffContext } from './diff-context.js';
import { graphKey } from './object-keys.js';

export function diffDomains(ctx: DiffContext): SchemaChange[] {
  const current = byName(ctx.current.domains, (d) => d.name);
  const desired = byName(ctx.desired.domains, (d) => d.name);
  const changes: SchemaChange[] = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const replaced = ctx.replaced.has(graphKey.type(name));
    const cluster = clusterProp(ctx, graphKey.type(name));
    if (from && (!to || replaced)) changes.push({ id: `drop-domain:${name}`, kind: 'drop-domain', domain: from, replaced, ...cluster });
    if (to && (!from || replaced)) changes.push({ id: `add-domain:${name}`, kind: 'add-domain', domain: to, ...cluster });
    if (from && to && !replaced && JSON.stringify({ ...from, comment: null }) !== JSON.stringify({ ...to, comment: null })) {
      changes.push({ id: `alter-domain:${name}`, kind: 'alter-domain', from, to });
    }
    if (to) changes.push(...commentChange({ kind: 'domain', name }, from?.comment ?? null, to.comment, from !== undefined && !replaced));
    for (const constraint of to?.constraints ?? []) {
      // A constraint the plan drops and adds again (its definition changed) loses its comment.
      const before = replaced ? undefined : from?.constraints.find((c) => c.name === constraint.name);
      const kept = before !== undefined && before.definition === constraint.definition;
      changes.push(...commentChange({ kind: 'domain constraint', name: constraint.name, table: name }, before?.comment ?? null, constraint.comment, kept));
    }
  }
  return changes;
}
