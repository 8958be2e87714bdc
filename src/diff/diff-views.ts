import type { SchemaChange } from './schema-change.js';
import { byName, clusterProp, commentChange, unionNames, type DiffContext } from './diff-context.js';
import { graphKey } from './object-keys.js';
import { diffIndexes, indexChangesForNewRelation } from './diff-indexes.js';
import { diffTriggers } from './diff-triggers-policies.js';

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
    if (to) changes.push(...columnCommentChanges(name, from, to, from !== undefined && !replaced));
    // A view dropped (to be created again or not) takes its triggers with it; CREATE OR REPLACE keeps them.
    if (to) changes.push(...diffTriggers(ctx, from && !replaced ? from : { name, triggers: [] }, to));
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
      changes.push(...columnCommentChanges(name, from, to, from !== undefined && !replaced));
    }
  }
  return changes;
}

interface ViewColumns {
  readonly columns: readonly string[];
  readonly columnComments?: readonly (string | null)[];
}

/**
 * COMMENT ON COLUMN of a view's columns. CREATE OR REPLACE VIEW keeps the comments of the columns
 * it keeps; a view dropped and created again (`kept` false) has none.
 */
function columnCommentChanges(view: string, from: ViewColumns | undefined, to: ViewColumns, kept: boolean): SchemaChange[] {
  const commentOf = (v: ViewColumns | undefined, column: string): string | null => {
    const i = v?.columns.indexOf(column) ?? -1;
    return i === -1 ? null : (v?.columnComments?.[i] ?? null);
  };
  return to.columns.flatMap((column) =>
    commentChange({ kind: 'column', name: column, table: view }, commentOf(from, column), commentOf(to, column), kept && from !== undefined && from.columns.includes(column)),
  );
}
