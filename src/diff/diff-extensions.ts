import type { SchemaChange } from './schema-change.js';
import { byName, commentChange, unionNames, type DiffContext } from './diff-context.js';

export function diffExtensions(ctx: DiffContext): SchemaChange[] {
  const current = byName(ctx.current.extensions, (e) => e.name);
  const desired = byName(ctx.desired.extensions, (e) => e.name);
  const changes: SchemaChange[] = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    if (from && !to) changes.push({ id: `drop-extension:${name}`, kind: 'drop-extension', extension: from });
    if (!from && to) changes.push({ id: `add-extension:${name}`, kind: 'add-extension', extension: to });
    if (from && to && to.version !== null && from.version !== to.version) changes.push({ id: `alter-extension:${name}`, kind: 'alter-extension', from, to });
    if (to) changes.push(...commentChange({ kind: 'extension', name }, from?.comment ?? null, to.comment, from !== undefined));
  }
  return changes;
}
