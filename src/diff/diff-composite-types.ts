import type { SchemaChange } from './schema-change.js';
import { byName, commentChange, unionNames, type DiffContext } from './diff-context.js';

export function diffCompositeTypes(ctx: DiffContext): SchemaChange[] {
  const current = byName(ctx.current.compositeTypes, (t) => t.name);
  const desired = byName(ctx.desired.compositeTypes, (t) => t.name);
  const changes: SchemaChange[] = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    if (from && !to) changes.push({ id: `drop-composite-type:${name}`, kind: 'drop-composite-type', type: from });
    if (!from && to) changes.push({ id: `add-composite-type:${name}`, kind: 'add-composite-type', type: to });
    if (from && to && JSON.stringify(from.attributes) !== JSON.stringify(to.attributes)) {
      changes.push({ id: `alter-composite-type:${name}`, kind: 'alter-composite-type', from, to });
    }
    if (to) changes.push(...commentChange({ kind: 'type', name }, from?.comment ?? null, to.comment, from !== undefined));
  }
  return changes;
}
