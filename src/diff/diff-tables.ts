import type { Table } from '../schema/model.js';
import type { SchemaChange } from './schema-change.js';
import { clusterProp, commentChange, ownColumns, unionNames, type DiffContext } from './diff-context.js';
import { graphKey } from './object-keys.js';
import { diffColumns } from './diff-columns.js';
import { diffPartitionColumns } from './diff-partition-columns.js';
import { diffConstraints } from './diff-constraints.js';
import { diffIndexes, indexChangesForNewRelation } from './diff-indexes.js';
import { diffPolicies, diffTriggers } from './diff-triggers-policies.js';

export function diffTables(ctx: DiffContext): SchemaChange[] {
  const changes: SchemaChange[] = [];
  for (const name of unionNames(ctx.currentTables, ctx.desiredTables)) {
    const from = ctx.currentTables.get(name);
    const to = ctx.desiredTables.get(name);
    const recreated = ctx.recreatedTables.has(name);
    if (from && (!to || recreated)) changes.push(...dropTable(ctx, from, recreated));
    if (to && (!from || recreated)) changes.push(...createTable(ctx, to));
    if (from && to && !recreated) changes.push(...alterTable(ctx, from, to));
  }
  return changes;
}

function dropTable(ctx: DiffContext, table: Table, recreated: boolean): SchemaChange[] {
  const changes: SchemaChange[] = [{ id: `drop-table:${table.name}`, kind: 'drop-table', table, replaced: recreated, ...clusterProp(ctx, graphKey.table(table.name)) }];
  // Foreign keys between two dropped tables (possibly circular) go first, on their own.
  for (const c of table.constraints) {
    const ref = c.references?.table;
    if (c.inherited || c.kind !== 'foreign key' || ref === undefined || ref === table.name) continue;
    if (ctx.desiredTables.has(ref) && !ctx.recreatedTables.has(ref)) continue;
    if (!ctx.currentTables.has(ref)) continue;
    changes.push({ id: `drop-constraint:${table.name}.${c.name}`, kind: 'drop-constraint', table: table.name, constraint: c, replaced: false });
  }
  return changes;
}

/**
 * CREATE TABLE carries columns and the constraints that can live inline; foreign keys to tables
 * created in the same plan, indexes, triggers, policies, RLS and comments follow as their own changes.
 */
function createTable(ctx: DiffContext, table: Table): SchemaChange[] {
  const deferred = table.constraints
    .filter((c) => !c.inherited && c.kind === 'foreign key' && c.references !== null && c.references.table !== table.name)
    .filter((c) => ctx.createdTables.has(c.references?.table ?? ''))
    .map((c) => c.name)
    .sort();
  const changes: SchemaChange[] = [
    {
      id: `add-table:${table.name}`,
      kind: 'add-table',
      table,
      deferredConstraints: deferred,
      ...clusterProp(ctx, graphKey.table(table.name)),
    },
  ];
  for (const c of table.constraints) {
    if (deferred.includes(c.name)) changes.push({ id: `add-constraint:${table.name}.${c.name}`, kind: 'add-constraint', table: table.name, constraint: c });
  }
  changes.push(...indexChangesForNewRelation(ctx, table.indexes, graphKey.table(table.name)));
  for (const t of table.triggers) if (!t.inherited) changes.push({ id: `add-trigger:${table.name}.${t.name}`, kind: 'add-trigger', trigger: t });
  for (const p of table.policies) changes.push({ id: `add-policy:${table.name}.${p.name}`, kind: 'add-policy', policy: p });
  if (table.rowLevelSecurity || table.forceRowLevelSecurity) {
    changes.push({
      id: `set-row-level-security:${table.name}`,
      kind: 'set-row-level-security',
      table: table.name,
      from: null,
      to: { enabled: table.rowLevelSecurity, force: table.forceRowLevelSecurity },
    });
  }
  if (table.replicaIdentity !== 'default') {
    changes.push({ id: `set-replica-identity:${table.name}`, kind: 'set-replica-identity', table: table.name, from: null, to: table.replicaIdentity });
  }
  changes.push(...diffPartitionColumns(ctx, undefined, table));
  changes.push(...commentChange({ kind: 'table', name: table.name }, null, table.comment, false));
  for (const c of ownColumns(table)) changes.push(...commentChange({ kind: 'column', name: c.name, table: table.name }, null, c.comment, false));
  for (const c of table.constraints) {
    if (!c.inherited) changes.push(...commentChange({ kind: 'constraint', name: c.name, table: table.name }, null, c.comment, false));
  }
  for (const t of table.triggers) {
    if (!t.inherited) changes.push(...commentChange({ kind: 'trigger', name: t.name, table: table.name }, null, t.comment, false));
  }
  for (const p of table.policies) changes.push(...commentChange({ kind: 'policy', name: p.name, table: table.name }, null, p.comment, false));
  return changes;
}

function alterTable(ctx: DiffContext, from: Table, to: Table): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const name = to.name;
  if (from.unlogged !== to.unlogged || from.options.join(',') !== to.options.join(',')) {
    changes.push({ id: `alter-table:${name}`, kind: 'alter-table', from, to });
  }
  if (from.rowLevelSecurity !== to.rowLevelSecurity || from.forceRowLevelSecurity !== to.forceRowLevelSecurity) {
    changes.push({
      id: `set-row-level-security:${name}`,
      kind: 'set-row-level-security',
      table: name,
      from: { enabled: from.rowLevelSecurity, force: from.forceRowLevelSecurity },
      to: { enabled: to.rowLevelSecurity, force: to.forceRowLevelSecurity },
    });
  }
  if ((from.inherits ?? []).join('\n') !== (to.inherits ?? []).join('\n')) {
    changes.push({ id: `set-inheritance:${name}`, kind: 'set-inheritance', table: name, from: from.inherits ?? [], to: to.inherits ?? [] });
  }
  if (JSON.stringify(from.replicaIdentity) !== JSON.stringify(to.replicaIdentity)) {
    changes.push({ id: `set-replica-identity:${name}`, kind: 'set-replica-identity', table: name, from: from.replicaIdentity, to: to.replicaIdentity });
  }
  // A partition left pending detach is neither attached (its rows are gone from the parent) nor
  // detached (ATTACH refuses it): it is finalized first, then attached again if it should be.
  const pending = from.partitionOf?.detachPending === true;
  // A parent dropped and created again would take its partitions with it: one that stays is
  // detached before the drop and attached to the new parent after.
  const parentRemade = from.partitionOf !== null && ctx.recreatedTables.has(from.partitionOf.parent);
  const samePartition = !pending && !parentRemade && from.partitionOf?.parent === to.partitionOf?.parent && from.partitionOf?.bound === to.partitionOf?.bound;
  if (!samePartition) {
    if (from.partitionOf && ctx.desiredTables.has(from.partitionOf.parent)) {
      const { parent, bound } = from.partitionOf;
      changes.push({ id: `detach-partition:${name}`, kind: 'detach-partition', table: name, parent, bound, ...(pending ? { pending: true as const } : {}) });
    }
    if (to.partitionOf) changes.push({ id: `attach-partition:${name}`, kind: 'attach-partition', table: name, ...to.partitionOf });
  }
  changes.push(...diffColumns(ctx, from, to));
  // A partition before and after (diffColumns compares a table becoming one, or left pending detach).
  if (from.partitionOf && !pending && to.partitionOf) changes.push(...diffPartitionColumns(ctx, from, to));
  changes.push(...diffConstraints(ctx, from, to));
  changes.push(...diffIndexes(ctx, from.indexes, to.indexes, graphKey.table(name)));
  changes.push(...diffTriggers(ctx, from, to));
  changes.push(...diffPolicies(ctx, from, to));
  changes.push(...commentChange({ kind: 'table', name }, from.comment, to.comment, true));
  return changes;
}
