import type { ObjectKey, SchemaModel } from '../schema/model.js';
import type { SchemaChange } from './schema-change.js';
import { buildDiffContext } from './build-diff-context.js';
import { commentChange, type DiffContext } from './diff-context.js';
import { diffCompositeTypes } from './diff-composite-types.js';
import { completeCarriedForeignKeys } from './diff-constraints.js';
import { diffDomains } from './diff-domains.js';
import { diffEnums } from './diff-enums.js';
import { diffExtensions } from './diff-extensions.js';
import { diffCollations } from './diff-collations.js';
import { diffPrivileges } from './diff-privileges.js';
import { diffRoutines } from './diff-routines.js';
import { diffSequences } from './diff-sequences.js';
import { diffTables } from './diff-tables.js';
import { diffMaterializedViews, diffViews } from './diff-views.js';
import { orderChanges } from './order-changes.js';

/**
 * current × desired → typed changes in an order that can run: same inputs, byte-identical output.
 * Every family walks names in sorted order and the dependency sort breaks ties by phase and id,
 * so neither the input arrays' order nor Map iteration order can leak into the result.
 */
export function diffSchemas(current: SchemaModel, desired: SchemaModel): SchemaChange[] {
  const { ctx, changes } = unorderedChanges(current, desired);
  return orderChanges(ctx, changes);
}

/** The changes of one schema before they are ordered, with the context their ordering facts are read in (diff-schema-set.ts orders several schemas' together). */
export function unorderedChanges(current: SchemaModel, desired: SchemaModel, externalGone?: ReadonlySet<ObjectKey>): { ctx: DiffContext; changes: SchemaChange[] } {
  const ctx = buildDiffContext(current, desired, externalGone);
  const objectChanges: SchemaChange[] = [
    ...diffExtensions(ctx),
    ...diffCollations(ctx),
    ...diffEnums(ctx),
    ...diffDomains(ctx),
    ...diffCompositeTypes(ctx),
    ...diffSequences(ctx),
    ...diffRoutines(ctx),
    ...diffTables(ctx),
    ...diffViews(ctx),
    ...diffMaterializedViews(ctx),
    ...commentChange({ kind: 'schema', name: '' }, current.comment, desired.comment, true),
  ];
  const changes = [...objectChanges, ...diffPrivileges(ctx, objectChanges)];
  return { ctx, changes: completeCarriedForeignKeys(changes) };
}
