import type { SchemaChange } from './schema-change.js';
import { byName, commentChange, unionNames, type DiffContext } from './diff-context.js';

/**
 * Collations are made and dropped; one whose definition changed is dropped and made again (no
 * ALTER COLLATION changes a definition), which PostgreSQL refuses while a column still uses it.
 */
export function diffCollations(ctx: DiffContext): SchemaChange[] {
  const current = byName(ctx.current.collations ?? [], (c) => c.name);
  const desired = byName(ctx.desired.collations ?? [], (c) => c.name);
  const changes: SchemaChange[] = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const redefined = from !== undefined && to !== undefined && from.definition !== to.definition;
    if (from && (!to || redefined)) changes.push({ id: `drop-collation:${name}`, kind: 'drop-collation', collation: from });
    if (to && (!from || redefined)) changes.push({ id: `add-collation:${name}`, kind: 'add-collation', collation: to });
    if (to) changes.push(...commentChange({ kind: 'collation', name }, from?.comment ?? null, to.comment, from !== undefined && !redefined));
  }
  return changes;
}
