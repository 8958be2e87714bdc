import type { Index } from '../schema/model.js';
import type { ChangeOf } from '../diff/schema-change.js';
import { derivedName } from '../util/quote-ident.js';
import type { PlanContext, StepDraft } from './plan-context.js';
import { hazard, LONG_STEP_TIMEOUT_MS, REPLACEMENT_INDEX_SUFFIX } from './plan-constants.js';
import { qi } from './sql-fragments.js';
import { carriedForeignKeys } from './plan-constraints.js';
import type { Hazard } from './step.js';

const SUE = 'SHARE UPDATE EXCLUSIVE' as const;

/** What follows `ON <table>` in an index definition: `USING btree (a) WHERE …`. */
function indexBody(index: Index): { unique: boolean; body: string } {
  const m = /^CREATE (UNIQUE )?INDEX (?:"(?:[^"]|"")*"|\S+) ON (?:ONLY )?(?:"(?:[^"]|"")*"|\S+) (.*)$/s.exec(index.definition);
  if (!m) throw new Error(`unexpected index definition: ${index.definition}`);
  return { unique: m[1] !== undefined, body: m[2] ?? '' };
}

function createIndexSql(index: Index, options: { name?: string; table?: string; concurrently?: boolean; only?: boolean } = {}): string {
  const { unique, body } = indexBody(index);
  return `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${options.concurrently ? 'CONCURRENTLY ' : ''}${qi(options.name ?? index.name)} ON ${options.only ? 'ONLY ' : ''}${qi(options.table ?? index.table)} ${body}`;
}

function concurrentBuild(ctx: PlanContext, index: Index, name: string, table: string): StepDraft {
  const hazards: Hazard[] = [
    hazard('index-build', `Builds ${name} on ${ctx.describe(table)} concurrently: reads and writes continue, the build takes I/O and time.`),
    hazard('non-transactional', 'CREATE INDEX CONCURRENTLY cannot run in a transaction block; a failed build leaves an INVALID index to drop.'),
  ];
  if (index.unique) hazards.push(hazard('may-fail-on-data', `Fails if ${table} has duplicate keys for ${name}.`));
  return { sql: createIndexSql(index, { name, table, concurrently: true }), transactional: false, lock: SUE, table, hazards, timeoutMs: LONG_STEP_TIMEOUT_MS };
}

function relationIsNew(ctx: PlanContext, relation: string): boolean {
  return ctx.newTables.has(relation) || ctx.newMaterializedViews.has(relation);
}

function isPartitioned(ctx: PlanContext, relation: string): boolean {
  return ctx.desiredTable(relation)?.kind === 'partitioned' || ctx.currentTable(relation)?.kind === 'partitioned';
}

/**
 * CONCURRENTLY is refused on a partitioned table. The parent index is created ON ONLY the parent
 * (catalog only, INVALID), each partition's index is built concurrently and attached; the parent
 * index turns valid when the last one is attached. Sub-partitioned trees fall back to a plain build.
 */
function partitionedBuild(ctx: PlanContext, index: Index, name: string, nameFor: (partitionIndex: string) => string): StepDraft[] {
  const parent = index.table;
  const partitions = ctx.desired.tables.filter((t) => t.partitionOf?.parent === parent).sort((a, b) => (a.name < b.name ? -1 : 1));
  const { body } = indexBody(index);
  const matches = partitions.map((p) => ({ partition: p, index: p.indexes.find((i) => i.inherited && indexBody(i).body === body) }));
  if (partitions.some((p) => p.kind === 'partitioned') || matches.some((m) => m.index === undefined)) {
    return [
      {
        sql: createIndexSql(index, { name }),
        lock: 'SHARE',
        table: parent,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: [
          hazard('blocking-lock', `CREATE INDEX on partitioned ${ctx.describe(parent)} holds a SHARE lock on every partition for the whole build: writes wait.`),
          hazard('index-build', `Builds ${name} on every partition of ${parent}.`),
          ...(index.unique ? [hazard('may-fail-on-data', `Fails if ${parent} has duplicate keys.`)] : []),
        ],
      },
    ];
  }
  const steps: StepDraft[] = [{ sql: createIndexSql(index, { name, only: true }), lock: SUE, table: parent }];
  for (const { partition, index: child } of matches) {
    if (!child) continue;
    const childName = nameFor(child.name);
    if (ctx.newTables.has(partition.name)) steps.push({ sql: createIndexSql(child, { name: childName }), onNewObject: true });
    else steps.push(concurrentBuild(ctx, child, childName, partition.name));
    steps.push({ sql: `ALTER INDEX ${qi(name)} ATTACH PARTITION ${qi(childName)}`, lock: SUE, table: partition.name });
  }
  return steps;
}

export function planAddIndex(ctx: PlanContext, change: ChangeOf<'add-index'>): StepDraft[] {
  const index = change.index;
  if (relationIsNew(ctx, index.table) && !isPartitioned(ctx, index.table)) {
    return [{ sql: createIndexSql(index), onNewObject: true }];
  }
  if (isPartitioned(ctx, index.table)) {
    if (ctx.newTables.has(index.table)) return [{ sql: createIndexSql(index), onNewObject: ctx.desired.tables.every((t) => t.partitionOf?.parent !== index.table || ctx.newTables.has(t.name)) }];
    return partitionedBuild(ctx, index, index.name, (n) => n);
  }
  return [concurrentBuild(ctx, index, index.name, index.table)];
}

function dropIndexSteps(ctx: PlanContext, index: Index, why: string): StepDraft[] {
  if (isPartitioned(ctx, index.table)) {
    return [
      {
        sql: `DROP INDEX ${qi(index.name)}`,
        lock: 'ACCESS EXCLUSIVE',
        table: index.table,
        hazards: [
          hazard('blocking-lock', `DROP INDEX on partitioned ${index.table} (CONCURRENTLY is not supported there) takes ACCESS EXCLUSIVE on it and its partitions.`),
          hazard('index-dropped', why),
        ],
      },
    ];
  }
  return [
    {
      sql: `DROP INDEX CONCURRENTLY ${qi(index.name)}`,
      transactional: false,
      lock: SUE,
      table: index.table,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [hazard('index-dropped', why), hazard('non-transactional', 'DROP INDEX CONCURRENTLY cannot run in a transaction block.')],
    },
  ];
}

/**
 * A unique index that foreign keys may use goes in one transaction with them: they are dropped,
 * the index is dropped (plainly: DROP INDEX CONCURRENTLY cannot share a transaction; a catalog
 * change under a brief ACCESS EXCLUSIVE, which the foreign keys' DROP takes anyway) and they are
 * added back NOT VALID, so no row goes unchecked in between; validation follows after the commit.
 */
function dropIndexCarrying(ctx: PlanContext, index: Index, carries: ChangeOf<'drop-index'>['carries'], groupKey: string, why: string, then: StepDraft[]): StepDraft[] {
  const carried = carriedForeignKeys(ctx, carries, groupKey);
  const drop: StepDraft = {
    sql: `DROP INDEX ${qi(index.name)}`,
    lock: 'ACCESS EXCLUSIVE',
    table: index.table,
    groupKey,
    hazards: [
      hazard('blocking-lock', `DROP INDEX takes ACCESS EXCLUSIVE on ${index.table} (brief, no scan), in the transaction that drops and re-adds the foreign keys that may use it.`),
      hazard('index-dropped', why),
    ],
  };
  return [...carried.drops, drop, ...then.map((step) => ({ ...step, groupKey })), ...carried.addsInGroup, ...carried.after];
}

export function planDropIndex(ctx: PlanContext, change: ChangeOf<'drop-index'>): StepDraft[] {
  const why = `Queries that used ${change.index.name} may get slower.`;
  if ((change.carries?.length ?? 0) > 0) return dropIndexCarrying(ctx, change.index, change.carries, change.id, why, []);
  return dropIndexSteps(ctx, change.index, why);
}

/** Build the new definition under a temporary name, drop the old one, take over its name: there is always an index. */
export function planRebuildIndex(ctx: PlanContext, change: ChangeOf<'rebuild-index'>): StepDraft[] {
  const { from, to } = change;
  const temp = derivedName(to.name, REPLACEMENT_INDEX_SUFFIX);
  const rename = (table: string): StepDraft => ({ sql: `ALTER INDEX ${qi(temp)} RENAME TO ${qi(to.name)}`, lock: SUE, table });
  if (isPartitioned(ctx, to.table)) {
    // Partition indexes are renamed back too, so a re-run finds the names it expects.
    const partitionNames: [string, string][] = [];
    const steps = partitionedBuild(ctx, to, temp, (n) => {
      const t = derivedName(n, REPLACEMENT_INDEX_SUFFIX);
      partitionNames.push([t, n]);
      return t;
    });
    const why = `${from.name} is replaced by its new definition.`;
    const renames = [rename(to.table), ...partitionNames.map(([t, n]): StepDraft => ({ sql: `ALTER INDEX ${qi(t)} RENAME TO ${qi(n)}`, lock: SUE, table: to.table }))];
    if ((change.carries?.length ?? 0) > 0) return [...steps, ...dropIndexCarrying(ctx, from, change.carries, change.id, why, renames)];
    return [...steps, ...dropIndexSteps(ctx, from, why), ...renames];
  }
  const why = `The old definition of ${from.name} is dropped once its replacement is built.`;
  const build = concurrentBuild(ctx, to, temp, to.table);
  if ((change.carries?.length ?? 0) > 0) return [build, ...dropIndexCarrying(ctx, from, change.carries, change.id, why, [rename(to.table)])];
  return [build, ...dropIndexSteps(ctx, from, why), rename(to.table)];
}
