import type { CompositeType } from '../schema/model.js';
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
    if (to) changes.push(...attributeCommentChanges(name, from, to));
  }
  return changes;
}

/** COMMENT ON COLUMN of a composite type's attributes; one dropped and added again by ALTER TYPE has none. */
function attributeCommentChanges(type: string, from: CompositeType | undefined, to: CompositeType): SchemaChange[] {
  const commentOf = (t: CompositeType | undefined, attribute: string): string | null => {
    const i = t?.attributes.findIndex((a) => a.name === attribute) ?? -1;
    return i === -1 ? null : (t?.attributeComments?.[i] ?? null);
  };
  return to.attributes.flatMap((attribute) => {
    const before = from?.attributes.find((a) => a.name === attribute.name);
    const kept = before !== undefined && before.type === attribute.type && before.collation === attribute.collation;
    return commentChange({ kind: 'column', name: attribute.name, table: type }, commentOf(from, attribute.name), commentOf(to, attribute.name), kept);
  });
}
