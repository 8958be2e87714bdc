import type { Column, Constraint, Index, ObjectKey, Table } from '../schema/model.js';
import type { CarriedForeignKey, SchemaChange } from './schema-change.js';
import { constraintUniqueKey, graphKey, indexUniqueKey, isUniqueKey } from './object-keys.js';
import type { DiffContext } from './diff-context.js';

/**
 * What a change does to the dependency graph:
 * - creates: keys that exist after it (a change that needs one runs later);
 * - drops: keys whose old object is gone after it (a change that releases one runs earlier);
 * - needs: keys that must exist when it runs;
 * - releases: keys it stops depending on (it must run before they are dropped);
 * - awaits: keys whose old object must be gone first (a name to reuse, a PRIMARY KEY before DROP NOT NULL).
 */
export interface OrderingFacts {
  readonly creates: readonly ObjectKey[];
  readonly drops: readonly ObjectKey[];
  readonly needs: readonly ObjectKey[];
  readonly releases: readonly ObjectKey[];
  readonly awaits: readonly ObjectKey[];
}

interface Facts {
  creates: ObjectKey[];
  drops: ObjectKey[];
  needs: ObjectKey[];
  releases: ObjectKey[];
  awaits: ObjectKey[];
}

const minus = (a: readonly ObjectKey[], b: readonly ObjectKey[]) => a.filter((k) => !b.includes(k));

function columnDeps(table: string, column: Column): ObjectKey[] {
  return [graphKey.table(table), ...column.dependsOn];
}

function constraintDeps(table: string, c: Constraint): ObjectKey[] {
  const deps = [graphKey.table(table), ...c.columns.map((col) => graphKey.column(table, col)), ...c.dependsOn];
  if (c.references && c.references.table !== table) {
    const ref = c.references;
    deps.push(graphKey.table(ref.table), ...ref.columns.map((col) => graphKey.column(ref.table, col)), graphKey.uniqueKey(ref.table, ref.columns));
  }
  return deps;
}

/**
 * What the change that carries foreign keys does for them: it drops them as they are and adds them
 * back as desired, so it needs what the desired ones need (the key they reference, a column added
 * for them) except what it creates itself, and releases what only the current ones used.
 */
function carryFacts(f: Facts, carries: readonly CarriedForeignKey[] | undefined): void {
  for (const carried of carries ?? []) {
    const wanted = constraintDeps(carried.table, carried.constraint);
    f.needs.push(...wanted.filter((k) => !f.creates.includes(k)));
    f.releases.push(...minus(constraintDeps(carried.table, carried.from), wanted));
    f.creates.push(graphKey.constraint(carried.table, carried.constraint.name));
  }
}

function constraintCreates(table: string, c: Constraint): ObjectKey[] {
  const unique = constraintUniqueKey(table, c);
  return [graphKey.constraint(table, c.name), ...(unique ? [unique] : [])];
}

function relationColumns(ctx: DiffContext, relation: string, side: 'current' | 'desired'): Set<string> {
  const model = side === 'current' ? ctx.current : ctx.desired;
  const table = model.tables.find((t) => t.name === relation);
  if (table) return new Set(table.columns.map((c) => c.name));
  const mv = model.materializedViews.find((v) => v.name === relation);
  return new Set(mv?.columns ?? []);
}

function ownerKey(ctx: DiffContext, relation: string): ObjectKey {
  const isView = ctx.desired.materializedViews.some((v) => v.name === relation) || ctx.current.materializedViews.some((v) => v.name === relation);
  return isView ? graphKey.materializedView(relation) : graphKey.table(relation);
}

function indexDeps(ctx: DiffContext, index: Index, side: 'current' | 'desired'): ObjectKey[] {
  const columns = relationColumns(ctx, index.table, side);
  // Expression keys show as their text: the columns they mention count too (DROP COLUMN drops the index).
  const mentioned = [...columns].filter((c) => !index.columns.includes(c) && index.columns.some((entry) => mentionsColumn(entry, c)));
  return [ownerKey(ctx, index.table), ...index.columns.filter((c) => columns.has(c)).map((c) => graphKey.column(index.table, c)), ...mentioned.map((c) => graphKey.column(index.table, c))];
}

function mentionsColumn(expression: string, column: string): boolean {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w$"])${escaped}($|[^\\w$"])`).test(expression) || expression.includes(`"${column.replaceAll('"', '""')}"`);
}

function indexCreates(ctx: DiffContext, index: Index, side: 'current' | 'desired'): ObjectKey[] {
  const unique = indexUniqueKey(index, relationColumns(ctx, index.table, side));
  return [graphKey.index(index.name), ...(unique ? [unique] : [])];
}

function tableCreates(table: Table, deferred: readonly string[]): ObjectKey[] {
  const keys = [graphKey.table(table.name)];
  for (const c of table.columns) {
    keys.push(graphKey.column(table.name, c.name));
    if (c.notNull) keys.push(graphKey.notNull(table.name, c.name));
  }
  for (const c of table.constraints) if (!c.inherited && !deferred.includes(c.name)) keys.push(...constraintCreates(table.name, c));
  if (table.partitionOf) keys.push(`partition:${table.name}`);
  return keys;
}

export function orderingFacts(ctx: DiffContext, change: SchemaChange): OrderingFacts {
  const f: Facts = { creates: [], drops: [], needs: [], releases: [], awaits: [] };
  switch (change.kind) {
    case 'add-extension':
    case 'alter-extension':
      f.creates.push(graphKey.extension(change.kind === 'add-extension' ? change.extension.name : change.to.name));
      break;
    case 'drop-extension':
      f.drops.push(graphKey.extension(change.extension.name));
      break;
    case 'add-collation':
      f.creates.push(graphKey.collation(change.collation.name));
      break;
    case 'grant-privileges':
    case 'revoke-privileges': {
      // A revoke on an object the plan makes (EXECUTE from PUBLIC) follows it too.
      const o = change.object;
      // A table, view or materialized view (ON TABLE takes them all), sequence or routine, made first.
      if (o.kind === 'table') f.needs.push(graphKey.table(o.name), graphKey.view(o.name), graphKey.materializedView(o.name));
      else if (o.kind === 'sequence') f.needs.push(graphKey.sequence(o.name));
      else f.needs.push(graphKey.routine(o.name, o.arguments ?? ''));
      break;
    }
    case 'drop-collation':
      f.drops.push(graphKey.collation(change.collation.name));
      break;
    case 'add-enum':
      f.creates.push(graphKey.type(change.enum.name));
      break;
    case 'drop-enum':
      f.drops.push(graphKey.type(change.enum.name));
      break;
    case 'add-enum-values':
      f.creates.push(graphKey.type(change.enum));
      break;
    case 'recreate-enum': {
      const keys = [graphKey.type(change.to.name), ...change.columns.map((c) => graphKey.column(c.table, c.column))];
      f.creates.push(...keys);
      f.drops.push(...keys);
      break;
    }
    case 'add-domain':
      f.creates.push(graphKey.type(change.domain.name));
      f.needs.push(...change.domain.dependsOn);
      break;
    case 'drop-domain':
      f.drops.push(graphKey.type(change.domain.name));
      f.releases.push(...change.domain.dependsOn);
      break;
    case 'alter-domain':
      f.creates.push(graphKey.type(change.to.name));
      f.needs.push(...change.to.dependsOn);
      f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
      break;
    case 'add-composite-type':
      f.creates.push(graphKey.type(change.type.name));
      f.needs.push(...change.type.dependsOn);
      break;
    case 'drop-composite-type':
      f.drops.push(graphKey.type(change.type.name));
      f.releases.push(...change.type.dependsOn);
      break;
    case 'alter-composite-type':
      f.creates.push(graphKey.type(change.to.name));
      f.needs.push(...change.to.dependsOn);
      f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
      break;
    case 'add-sequence':
      f.creates.push(graphKey.sequence(change.sequence.name));
      break;
    case 'drop-sequence':
      f.drops.push(graphKey.sequence(change.sequence.name));
      break;
    case 'alter-sequence': {
      const { from, to } = change;
      f.needs.push(graphKey.sequence(to.name));
      if (to.ownedBy) f.needs.push(graphKey.column(to.ownedBy.table, to.ownedBy.column));
      if (from?.ownedBy && JSON.stringify(from.ownedBy) !== JSON.stringify(to.ownedBy)) {
        f.releases.push(graphKey.column(from.ownedBy.table, from.ownedBy.column), graphKey.table(from.ownedBy.table));
      }
      break;
    }
    case 'add-table': {
      f.needs.push(...collationKeys(ctx, change.table.columns));
      for (const parent of change.table.inherits ?? []) f.needs.push(graphKey.table(parent));
      const t = change.table;
      f.creates.push(...tableCreates(t, change.deferredConstraints));
      if (t.partitionOf) {
        f.needs.push(graphKey.table(t.partitionOf.parent));
        // After the parent's column changes, so it copies the parent's new storage and compression
        // (diff-partition-columns.ts counts on it).
        for (const c of t.columns) f.needs.push(graphKey.columnSettings(t.partitionOf.parent, c.name));
      }
      for (const c of t.columns) f.needs.push(...c.dependsOn);
      for (const c of t.constraints) {
        if (c.inherited || change.deferredConstraints.includes(c.name)) continue;
        f.needs.push(...constraintDeps(t.name, c).filter((k) => !k.startsWith(`column:${t.name}.`) && k !== graphKey.table(t.name)));
      }
      break;
    }
    case 'drop-table': {
      const t = change.table;
      f.drops.push(...tableCreates(t, []));
      // A child of inheritance goes before its parent, which PostgreSQL will not drop under it.
      for (const parent of t.inherits ?? []) f.releases.push(graphKey.table(parent));
      for (const i of t.indexes) f.drops.push(...indexCreates(ctx, i, 'current'));
      for (const tr of t.triggers) f.drops.push(graphKey.trigger(t.name, tr.name));
      for (const p of t.policies) f.drops.push(graphKey.policy(t.name, p.name));
      for (const c of t.columns) f.releases.push(...c.dependsOn);
      if (t.partitionOf) f.releases.push(graphKey.table(t.partitionOf.parent));
      for (const c of t.constraints) {
        const ref = c.references?.table;
        // Foreign keys to another dropped table of this schema are dropped by their own change
        // first. One to another schema's table (`audit.plans`) is not this diff's to drop: the
        // table goes first, before a set's other schema drops what it references (diff-schema-set.ts).
        if (ref !== undefined && ref !== t.name && ctx.currentTables.has(ref) && (!ctx.desiredTables.has(ref) || ctx.recreatedTables.has(ref))) continue;
        f.releases.push(...constraintDeps(t.name, c).filter((k) => !k.startsWith(`column:${t.name}.`) && k !== graphKey.table(t.name)));
      }
      break;
    }
    case 'alter-table':
      f.needs.push(graphKey.table(change.to.name));
      break;
    case 'set-row-level-security': {
      f.needs.push(graphKey.table(change.table));
      // Turn RLS on once its policies exist, so no moment denies every row.
      const table = ctx.desiredTables.get(change.table);
      if (change.to.enabled) for (const p of table?.policies ?? []) f.needs.push(graphKey.policy(change.table, p.name));
      break;
    }
    case 'set-inheritance':
      // INHERIT wants the parent, and every column of it already on the child.
      f.needs.push(graphKey.table(change.table), ...change.to.map((p) => graphKey.table(p)), ...desiredColumnKeys(ctx, change.table));
      f.releases.push(...change.from.filter((p) => !change.to.includes(p)).map((p) => graphKey.table(p)));
      break;
    case 'set-replica-identity': {
      f.needs.push(graphKey.table(change.table));
      // USING INDEX wants the index, or the key whose index it is, and its columns NOT NULL.
      const to = change.to;
      if (typeof to !== 'string') {
        const table = ctx.desiredTables.get(change.table);
        const key = table?.constraints.find((c) => c.name === to.index);
        f.needs.push(key ? graphKey.constraint(change.table, key.name) : graphKey.index(to.index));
        const index = key ? null : table?.indexes.find((i) => i.name === to.index);
        for (const c of key?.columns ?? index?.columns ?? []) f.needs.push(graphKey.notNull(change.table, c));
      }
      break;
    }
    case 'attach-partition':
      // ATTACH wants every column of the parent already on the table (one added to it in this plan).
      f.needs.push(graphKey.table(change.table), graphKey.table(change.parent), ...desiredColumnKeys(ctx, change.table));
      // After the parent's column changes, which would otherwise pass down over the table's own settings.
      for (const c of ctx.desiredTables.get(change.table)?.columns ?? []) f.needs.push(graphKey.columnSettings(change.parent, c.name));
      f.creates.push(`partition:${change.table}`);
      break;
    case 'detach-partition':
      f.drops.push(`partition:${change.table}`);
      if (change.pending) f.creates.push(finalizedKey(change.table));
      break;
    case 'add-column':
      f.needs.push(...collationKeys(ctx, [change.column]));
      f.creates.push(graphKey.column(change.table, change.column.name), graphKey.columnSettings(change.table, change.column.name));
      if (change.column.notNull) f.creates.push(graphKey.notNull(change.table, change.column.name));
      f.needs.push(...columnDeps(change.table, change.column));
      break;
    case 'drop-column':
      f.drops.push(graphKey.column(change.table, change.column.name));
      f.releases.push(...change.column.dependsOn);
      break;
    case 'alter-column': {
      const { table, from, to } = change;
      const key = graphKey.column(table, to.name);
      f.creates.push(graphKey.columnSettings(table, to.name));
      f.needs.push(...columnDeps(table, to), ...partitionSettingsNeeds(ctx, table, to.name));
      f.releases.push(...minus(from.dependsOn, to.dependsOn));
      if (from.type !== to.type || from.collation !== to.collation || from.generated !== to.generated) {
        f.creates.push(key);
        f.drops.push(key);
      }
      if (to.identity !== null && from.identity === null && !from.notNull) f.needs.push(graphKey.notNull(table, to.name));
      if (from.notNull && !to.notNull) {
        // DROP NOT NULL is refused while a primary key covers the column.
        const old = ctx.currentTables.get(table)?.constraints ?? [];
        for (const c of old) if (c.kind === 'primary key' && c.columns.includes(to.name)) f.awaits.push(graphKey.constraint(table, c.name));
      }
      break;
    }
    case 'set-not-null':
      f.creates.push(graphKey.notNull(change.table, change.column), graphKey.columnSettings(change.table, change.column));
      f.needs.push(graphKey.column(change.table, change.column), ...partitionSettingsNeeds(ctx, change.table, change.column));
      break;
    case 'add-constraint': {
      const { table, constraint } = change;
      f.creates.push(...constraintCreates(table, constraint));
      f.needs.push(...constraintDeps(table, constraint));
      if (constraint.kind === 'primary key') for (const c of constraint.columns) f.needs.push(graphKey.notNull(table, c));
      break;
    }
    case 'drop-constraint':
      f.drops.push(...constraintCreates(change.table, change.constraint));
      f.releases.push(...constraintDeps(change.table, change.constraint));
      // One a partition had from its parent is its own to drop once DETACH ran.
      if (change.constraint.inherited) f.awaits.push(`partition:${change.table}`);
      f.awaits.push(...detachedPartitionKeys(ctx, change.table));
      // DETACH of a partition of the referenced table checks this foreign key's rows: it goes first.
      if (change.constraint.references) f.releases.push(...detachedPartitionKeys(ctx, change.constraint.references.table));
      carryFacts(f, change.carries);
      break;
    case 'rename-constraint': {
      // Only the name moves: what the constraint guarantees (its unique key) stays throughout.
      const before = constraintCreates(change.table, change.from);
      const after = constraintCreates(change.table, change.to);
      f.drops.push(...minus(before, after));
      f.creates.push(...minus(after, before));
      break;
    }
    case 'replace-constraint': {
      const { table, from, to } = change;
      // Its steps are the carrying change's, and so is its place in the order.
      if (change.carriedBy !== undefined) break;
      f.drops.push(...constraintCreates(table, from));
      f.creates.push(...constraintCreates(table, to));
      f.awaits.push(...detachedPartitionKeys(ctx, table));
      f.needs.push(...constraintDeps(table, to));
      if (to.kind === 'primary key') for (const c of to.columns) f.needs.push(graphKey.notNull(table, c));
      f.releases.push(...minus(constraintDeps(table, from), constraintDeps(table, to)));
      carryFacts(f, change.carries);
      break;
    }
    case 'validate-constraint':
      f.needs.push(graphKey.constraint(change.table, change.constraint.name));
      break;
    case 'add-index': {
      f.creates.push(...indexCreates(ctx, change.index, 'desired'));
      f.needs.push(...indexDeps(ctx, change.index, 'desired'));
      // On a partitioned table the planner builds the index on every partition: they must exist.
      for (const t of ctx.desired.tables) if (t.partitionOf?.parent === change.index.table) f.needs.push(graphKey.table(t.name));
      break;
    }
    case 'drop-index':
      f.drops.push(...indexCreates(ctx, change.index, 'current'));
      f.releases.push(...indexDeps(ctx, change.index, 'current'));
      carryFacts(f, change.carries);
      break;
    case 'rebuild-index':
      f.creates.push(...indexCreates(ctx, change.to, 'desired'));
      f.drops.push(...indexCreates(ctx, change.from, 'current'));
      f.needs.push(...indexDeps(ctx, change.to, 'desired'));
      carryFacts(f, change.carries);
      break;
    case 'add-trigger':
      f.creates.push(graphKey.trigger(change.trigger.table, change.trigger.name));
      f.needs.push(graphKey.table(change.trigger.table), graphKey.view(change.trigger.table), ...change.trigger.dependsOn, ...desiredColumnKeys(ctx, change.trigger.table));
      break;
    case 'drop-trigger':
      f.drops.push(graphKey.trigger(change.trigger.table, change.trigger.name));
      f.releases.push(...change.trigger.dependsOn, ...currentColumnKeys(ctx, change.trigger.table));
      break;
    case 'alter-trigger':
      f.needs.push(graphKey.trigger(change.to.table, change.to.name));
      break;
    case 'add-policy':
      f.creates.push(graphKey.policy(change.policy.table, change.policy.name));
      f.needs.push(graphKey.table(change.policy.table), ...desiredColumnKeys(ctx, change.policy.table));
      break;
    case 'drop-policy':
      f.drops.push(graphKey.policy(change.policy.table, change.policy.name));
      f.releases.push(...currentColumnKeys(ctx, change.policy.table));
      break;
    case 'alter-policy':
      f.needs.push(graphKey.policy(change.to.table, change.to.name), ...desiredColumnKeys(ctx, change.to.table));
      break;
    case 'add-view':
      f.creates.push(graphKey.view(change.view.name));
      f.needs.push(...change.view.dependsOn);
      break;
    case 'drop-view':
      f.drops.push(graphKey.view(change.view.name));
      f.releases.push(...change.view.dependsOn);
      break;
    case 'replace-view':
      f.creates.push(graphKey.view(change.to.name));
      f.needs.push(...change.to.dependsOn);
      f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
      break;
    case 'add-materialized-view':
      f.creates.push(graphKey.materializedView(change.view.name));
      f.needs.push(...change.view.dependsOn);
      break;
    case 'drop-materialized-view':
      f.drops.push(graphKey.materializedView(change.view.name));
      for (const i of change.view.indexes) f.drops.push(graphKey.index(i.name));
      f.releases.push(...change.view.dependsOn);
      break;
    case 'add-routine':
      f.creates.push(graphKey.routine(change.routine.name, change.routine.identityArguments));
      f.needs.push(...change.routine.dependsOn);
      break;
    case 'drop-routine':
      f.drops.push(graphKey.routine(change.routine.name, change.routine.identityArguments));
      f.releases.push(...change.routine.dependsOn);
      break;
    case 'replace-routine':
      f.creates.push(graphKey.routine(change.to.name, change.to.identityArguments));
      f.needs.push(...change.to.dependsOn);
      f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
      break;
    case 'set-comment':
      f.needs.push(...commentTargetKeys(ctx, change.target));
      break;
  }
  if (!(change.kind === 'detach-partition' && change.pending)) f.needs.push(...pendingDetachKeys(ctx, tablesTouched(change)));
  // Re-creating a name waits for the old object with that name to be gone. A unique key is not a
  // name: two keys on the same columns can coexist, and one that carries foreign keys over from the
  // other must exist first.
  f.awaits.push(...f.creates.filter((key) => !isUniqueKey(key)));
  return f;
}

/**
 * Partitions of `parent` that stay as tables (their DETACH, if any, drops these keys). A parent's
 * constraint is dropped after those partitions are detached: DETACH
 * leaves each its copy as its own (diff-constraints.ts compares them so), which the parent's DROP
 * would otherwise take with it (and a later DROP on the partition would find nothing).
 */
function detachedPartitionKeys(ctx: DiffContext, parent: string): ObjectKey[] {
  const keys: ObjectKey[] = [];
  for (const t of ctx.currentTables.values()) if (t.partitionOf?.parent === parent && ctx.desiredTables.has(t.name)) keys.push(`partition:${t.name}`);
  return keys;
}

/** Done by the FINALIZE of a partition left pending detach. */
function finalizedKey(table: string): ObjectKey {
  return `detach finalized:${table}`;
}

/** The tables a change alters, for pendingDetachKeys. */
function tablesTouched(change: SchemaChange): string[] {
  switch (change.kind) {
    case 'add-table':
      return [change.table.name, ...(change.table.partitionOf ? [change.table.partitionOf.parent] : [])];
    case 'alter-table':
      return [change.to.name];
    case 'add-index':
    case 'drop-index':
      return [change.index.table];
    case 'rebuild-index':
      return [change.to.table];
    case 'add-trigger':
    case 'drop-trigger':
      return [change.trigger.table];
    case 'alter-trigger':
      return [change.to.table];
    case 'add-policy':
    case 'drop-policy':
      return [change.policy.table];
    case 'alter-policy':
      return [change.to.table];
    case 'attach-partition':
    case 'detach-partition':
      return [change.table, change.parent];
    default:
      return 'table' in change && typeof change.table === 'string' ? [change.table] : [];
  }
}

/**
 * A partition left pending detach refuses every ALTER ("cannot alter partition … with an incomplete
 * detach"), and its parent's range still holds it: whatever touches either waits for the FINALIZE.
 */
function pendingDetachKeys(ctx: DiffContext, tables: readonly string[]): ObjectKey[] {
  const keys: ObjectKey[] = [];
  for (const [partition, parent] of ctx.pendingDetach) if (tables.includes(partition) || tables.includes(parent)) keys.push(finalizedKey(partition));
  return keys;
}

/**
 * A partition's own DEFAULT / NOT NULL is set once it exists and is attached, and after its
 * parent's changes to the column, which PostgreSQL passes down to every partition
 * (diff-partition-columns.ts).
 */
function partitionSettingsNeeds(ctx: DiffContext, table: string, column: string): ObjectKey[] {
  const parent = ctx.desiredTables.get(table)?.partitionOf?.parent;
  return parent === undefined ? [] : [graphKey.table(table), `partition:${table}`, graphKey.columnSettings(parent, column)];
}

function desiredColumnKeys(ctx: DiffContext, table: string): ObjectKey[] {
  return (ctx.desiredTables.get(table)?.columns ?? []).map((c) => graphKey.column(table, c.name));
}

/** Collations of the schema that columns use: made before them. */
function collationKeys(ctx: DiffContext, columns: readonly { readonly collation: string | null }[]): ObjectKey[] {
  const own = new Set((ctx.desired.collations ?? []).map((c) => c.name));
  return columns.flatMap((c) => (c.collation !== null && own.has(c.collation) ? [graphKey.collation(c.collation)] : []));
}

function currentColumnKeys(ctx: DiffContext, table: string): ObjectKey[] {
  return (ctx.currentTables.get(table)?.columns ?? []).map((c) => graphKey.column(table, c.name));
}

function commentTargetKeys(ctx: DiffContext, target: SchemaChange & { kind: 'set-comment' } extends { target: infer T } ? T : never): ObjectKey[] {
  const table = target.table ?? '';
  switch (target.kind) {
    case 'schema':
      return [];
    case 'extension':
      return [graphKey.extension(target.name)];
    case 'collation':
      return [graphKey.collation(target.name)];
    case 'type':
    case 'domain':
      return [graphKey.type(target.name)];
    case 'sequence':
      return [graphKey.sequence(target.name)];
    case 'table':
      return [graphKey.table(target.name)];
    case 'column':
      // A view's, materialized view's or composite type's column too: no two of them share a name.
      return [graphKey.column(table, target.name), graphKey.view(table), graphKey.materializedView(table), graphKey.type(table)];
    case 'domain constraint':
      return [graphKey.type(table)];
    case 'constraint':
      return [graphKey.constraint(table, target.name)];
    case 'index':
      return [graphKey.index(target.name)];
    case 'trigger':
      return [graphKey.trigger(table, target.name)];
    case 'policy':
      return [graphKey.policy(table, target.name)];
    case 'view':
      return [graphKey.view(target.name)];
    case 'materialized view':
      return [graphKey.materializedView(target.name)];
    case 'function':
    case 'procedure':
      void ctx;
      return [graphKey.routine(target.name, target.arguments ?? '')];
  }
}
