import type { Sequence } from '../schema/model.js';
import type { SchemaChange } from './schema-change.js';
import { byName, commentChange, unionNames, type DiffContext } from './diff-context.js';

export function diffSequences(ctx: DiffContext): SchemaChange[] {
  const current = byName(ctx.current.sequences, (s) => s.name);
  const desired = byName(ctx.desired.sequences, (s) => s.name);
  const changes: SchemaChange[] = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    // A sequence OWNED BY a column that goes away goes with it: DROP SEQUENCE would then fail.
    if (from && !to && !ownerGoesAway(ctx, from)) changes.push({ id: `drop-sequence:${name}`, kind: 'drop-sequence', sequence: from });
    if (!from && to) {
      changes.push({ id: `add-sequence:${name}`, kind: 'add-sequence', sequence: to });
      // OWNED BY waits for its column, which may itself need this sequence for its default.
      if (to.ownedBy) changes.push({ id: `alter-sequence:${name}`, kind: 'alter-sequence', from: null, to });
    }
    if (from && to && JSON.stringify({ ...from, comment: null }) !== JSON.stringify({ ...to, comment: null })) {
      changes.push({ id: `alter-sequence:${name}`, kind: 'alter-sequence', from, to });
    }
    if (to) changes.push(...commentChange({ kind: 'sequence', name }, from?.comment ?? null, to.comment, from !== undefined));
  }
  return changes;
}

function ownerGoesAway(ctx: DiffContext, sequence: Sequence): boolean {
  if (!sequence.ownedBy) return false;
  const { table, column } = sequence.ownedBy;
  const target = ctx.desiredTables.get(table);
  if (!target || ctx.recreatedTables.has(table)) return true;
  return !target.columns.some((c) => c.name === column);
}
