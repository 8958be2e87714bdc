import type { SchemaChange } from './schema-change.js';
import { byName, clusterProp, commentChange, unionNames, type DiffContext } from './diff-context.js';
import { graphKey } from './object-keys.js';
import { diffIndexes, indexChangesForNewRelation } from './diff-indexes.js';

export function diffViews(ctx: DiffContext): SchemaChange[] {
  const current = byName(ctx.current.views, (v) => v.name);
  const desired = byName(ctx.desired.views, (v) => v.name);
  const changes: SchemaChange[] = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const key = graphKey.view(name);
    const replaced = ctx.replaced.has(key);
    const cluster = clusterProp(ctx, key);
    if (from && (!to || replaced)) changes.push({ id: `drop-view:${name}`, kind: 'drop-view', view: from, replaced, ...cluster });
    if (to && (!from || replaced)) changes.push({ id: `add-view:${name}`, kind: 'add-view', view: to, ...cluster });
    if (from && to && !replaced && (from.definition !== to.definition || from.options.join(',') !== to.options.join(','))) {
      changes.push({ id: `replace-view:${name}`, kind: 'replace-view', from, to });
    }
    if (to) changes.push(...commentChange({ kind: 'view', name }, from?.comment ?? null, to.comment, from !== undefined && !replaced));
  }
  return changes;
}

export function diffMaterializedViews(ctx: DiffContext): SchemaChange[] {
  const current = byName(ctx.current.materializedViews, (v) => v.name);
  const desired = byName(ctx.desired.materializedViews, (v) => v.name);
  const changes: SchemaChange[] = [];
  for (const name of unionNames(current, desired)) {
    const from = current.get(name);
    const to = desired.get(name);
    const key = graphKey.materializedView(name);
    const replaced = ctx.replaced.has(key);
    const cluster = clusterProp(ctx, key);
    if (from && (!to || replaced)) {
      changes.push({ id: `drop-materialized-view:${name}`, kind: 'drop-materialized-view', view: from, replaced, ...cluster });
    }
    if (to && (!from || replaced)) {
      changes.push({ id: `add-materialized-view:${name}`, kind: 'add-materialized-view', view: to, ...cluster });
      changes.push(...indexChangesForNewRelation(ctx, to.indexes, key));
    }
    if (from && to && !replaced) changes.push(...diffIndexes(ctx, from.indexes, to.indexes, key));
    if (to) {
      changes.push(...commentChange({ kind: 'materialized view', name }, from?.comment ?? null, to.comment, from !== undefined && !replaced));
    }
  }
  return changes;
}
