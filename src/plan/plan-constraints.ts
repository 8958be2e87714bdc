import type { Constraint } from '../schema/model.js';
import type { ChangeOf } from '../diff/schema-change.js';
import { derivedName } from '../util/quote-ident.js';
import type { PlanContext, StepDraft } from './plan-context.js';
import { hazard, LONG_STEP_TIMEOUT_MS, REPLACEMENT_INDEX_SUFFIX } from './plan-constants.js';
import { constraintBodySql, qi } from './sql-fragments.js';
import type { Hazard } from './step.js';

const AE = 'ACCESS EXCLUSIVE' as const;
const SUE = 'SHARE UPDATE EXCLUSIVE' as const;
const SRE = 'SHARE ROW EXCLUSIVE' as const;

/** `PRIMARY KEY (a, b) INCLUDE (c) DEFERRABLE` → the pieces CREATE UNIQUE INDEX and USING INDEX need. */
function uniqueParts(definition: string): { columns: string; rest: string; nullsNotDistinct: boolean; deferrable: string } | null {
  const m = /^(?:PRIMARY KEY|UNIQUE)( NULLS NOT DISTINCT)? (\((?:"(?:[^"]|"")*"|[^()"])*\))(.*?)((?: NOT)? DEFERRABLE.*)?$/s.exec(definition);
  if (!m) return null;
  const rest = (m[3] ?? '').trim();
  // USING INDEX TABLESPACE has no CREATE INDEX spelling we can reuse safely.
  if (rest.includes('USING INDEX')) return null;
  return { columns: m[2] ?? '', rest, nullsNotDistinct: m[1] !== undefined, deferrable: m[4] ?? '' };
}

function validateStep(ctx: PlanContext, table: string, c: Constraint): StepDraft {
  const hazards: Hazard[] = [
    hazard('validation-scan', `Scans ${ctx.describe(table)}${c.references ? ` and checks ${c.references.table}` : ''} to validate ${c.name}; reads and writes continue.`),
    hazard('may-fail-on-data', c.kind === 'foreign key' ? `Fails if a row of ${table} has no match in ${c.references?.table}.` : `Fails if a row of ${table} violates ${c.name}.`),
  ];
  return { sql: `ALTER TABLE ${qi(table)} VALIDATE CONSTRAINT ${qi(c.name)}`, lock: SUE, table, alone: true, timeoutMs: LONG_STEP_TIMEOUT_MS, hazards };
}

function plainAdd(ctx: PlanContext, table: string, c: Constraint, groupKey?: string): StepDraft {
  const isNew = ctx.newTables.has(table);
  const ref = c.references?.table;
  const refExisting = ref !== undefined && ref !== table && !ctx.newTables.has(ref);
  const sql = `ALTER TABLE ${qi(table)} ADD CONSTRAINT ${qi(c.name)} ${constraintBodySql(c.definition)}${c.validated ? '' : ' NOT VALID'}`;
  if (isNew) {
    return refExisting ? { sql, lock: SRE, table: ref, groupKey } : { sql, onNewObject: true, groupKey };
  }
  const hazards: Hazard[] = [];
  if (c.kind === 'foreign key') {
    hazards.push(hazard('table-scan', `ADD FOREIGN KEY without NOT VALID scans ${ctx.describe(table)} under SHARE ROW EXCLUSIVE on ${table} and ${ref}: writes wait.`));
  } else if (c.kind === 'exclusion') {
    hazards.push(hazard('blocking-lock', `An exclusion constraint has no online form: builds its index on ${ctx.describe(table)} under ACCESS EXCLUSIVE.`));
    hazards.push(hazard('index-build', `Builds the index behind ${c.name}.`));
  } else if (c.kind === 'primary key' || c.kind === 'unique') {
    hazards.push(hazard('blocking-lock', `Builds the index behind ${c.name} on ${ctx.describe(table)} under ACCESS EXCLUSIVE (no CONCURRENTLY / USING INDEX on partitioned tables).`));
    hazards.push(hazard('index-build', `Builds the index behind ${c.name}.`));
  } else {
    hazards.push(hazard('table-scan', `Scans ${ctx.describe(table)} under ACCESS EXCLUSIVE.`));
  }
  hazards.push(hazard('may-fail-on-data', `Fails if existing rows of ${table} violate ${c.name}.`));
  return { sql, lock: c.kind === 'foreign key' ? SRE : AE, table, hazards, timeoutMs: LONG_STEP_TIMEOUT_MS, groupKey };
}

/**
 * The online form for an existing table: CHECK and FOREIGN KEY are added NOT VALID (no scan) and
 * validated later under SHARE UPDATE EXCLUSIVE; UNIQUE and PRIMARY KEY attach to an index built
 * concurrently. `before` runs in the same transaction as the ADD (dropping the constraint it replaces).
 */
function onlineAdd(ctx: PlanContext, table: string, c: Constraint, indexName: string, before: StepDraft[], groupKey: string): StepDraft[] {
  const partitioned = ctx.currentTable(table)?.kind === 'partitioned';
  const inGroup = (s: StepDraft): StepDraft => ({ ...s, groupKey });
  if (c.kind === 'check' || (c.kind === 'foreign key' && (!partitioned || ctx.current.serverVersion >= 180000))) {
    const ref = c.references?.table;
    const add: StepDraft = {
      sql: `ALTER TABLE ${qi(table)} ADD CONSTRAINT ${qi(c.name)} ${constraintBodySql(c.definition)} NOT VALID`,
      lock: c.kind === 'foreign key' ? SRE : AE,
      table,
      hazards:
        c.kind === 'foreign key' && ref !== undefined && ref !== table ? [hazard('blocking-lock', `Briefly takes SHARE ROW EXCLUSIVE on ${table} and ${ref} (writes wait while it commits).`)] : [],
      groupKey,
    };
    return [...before.map(inGroup), add, ...(c.validated ? [validateStep(ctx, table, c)] : [])];
  }
  const parts = c.kind === 'primary key' || c.kind === 'unique' ? uniqueParts(constraintBodySql(c.definition)) : null;
  if (parts === null || partitioned) return [...before.map(inGroup), plainAdd(ctx, table, c, groupKey)];
  const hazards: Hazard[] = [
    hazard('index-build', `Builds the unique index for ${c.name} on ${ctx.describe(table)} concurrently: reads and writes continue.`),
    hazard('non-transactional', 'CREATE UNIQUE INDEX CONCURRENTLY cannot run in a transaction block; a failed build leaves an INVALID index to drop.'),
    hazard('may-fail-on-data', `Fails if ${table} has duplicate ${parts.columns}.`),
  ];
  const include = parts.rest.length > 0 ? ` ${parts.rest}` : '';
  const build: StepDraft = {
    sql: `CREATE UNIQUE INDEX CONCURRENTLY ${qi(indexName)} ON ${qi(table)} USING btree ${parts.columns}${parts.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''}${include}`.replace(
      /( NULLS NOT DISTINCT)( INCLUDE \([^)]*\))/,
      '$2$1',
    ),
    transactional: false,
    lock: SUE,
    table,
    hazards,
    timeoutMs: LONG_STEP_TIMEOUT_MS,
  };
  const kind = c.kind === 'primary key' ? 'PRIMARY KEY' : 'UNIQUE';
  const attach: StepDraft = {
    // The index takes the constraint's name; the columns are already NOT NULL, so no scan.
    sql: `ALTER TABLE ${qi(table)} ADD CONSTRAINT ${qi(c.name)} ${kind} USING INDEX ${qi(indexName)}${parts.deferrable}`,
    lock: AE,
    table,
    groupKey,
  };
  return [build, ...before.map(inGroup), attach];
}

export function planAddConstraint(ctx: PlanContext, change: ChangeOf<'add-constraint'>): StepDraft[] {
  const { table, constraint } = change;
  if (ctx.newTables.has(table)) return [plainAdd(ctx, table, constraint)];
  return onlineAdd(ctx, table, constraint, constraint.name, [], change.id);
}

function dropStep(ctx: PlanContext, table: string, c: Constraint, replaced: boolean): StepDraft {
  const hazards: Hazard[] = [];
  if (c.kind === 'foreign key' && c.references && c.references.table !== table) {
    hazards.push(hazard('blocking-lock', `Dropping a foreign key takes ACCESS EXCLUSIVE on both ${table} and ${c.references.table} (brief).`));
  }
  if (!replaced) {
    if (c.kind === 'primary key' || c.kind === 'unique') hazards.push(hazard('index-dropped', `The index behind ${c.name} goes with it.`));
    hazards.push(hazard('breaks-running-code', `Code relying on ${c.name} (ON CONFLICT, uniqueness, integrity) stops being protected.`));
  }
  void ctx;
  return { sql: `ALTER TABLE ${qi(table)} DROP CONSTRAINT ${qi(c.name)}`, lock: AE, table, hazards };
}

export function planDropConstraint(ctx: PlanContext, change: ChangeOf<'drop-constraint'>): StepDraft[] {
  const drop = dropStep(ctx, change.table, change.constraint, change.replaced);
  const carried = carriedForeignKeys(ctx, change.carries, change.id);
  if (carried.drops.length === 0) return [drop];
  const inGroup = (step: StepDraft): StepDraft => ({ ...step, groupKey: change.id });
  return [...carried.drops, inGroup(drop), ...carried.addsInGroup, ...carried.after];
}

/**
 * Only the name changes (kind, definition and validity are the same): RENAME CONSTRAINT, which
 * renames a key's index with it. ACCESS EXCLUSIVE for a catalog update: no index build, no scan,
 * and the table keeps its key (and the foreign keys that reference it) throughout.
 */
export function planRenameConstraint(_ctx: PlanContext, change: ChangeOf<'rename-constraint'>): StepDraft[] {
  return [
    {
      sql: `ALTER TABLE ${qi(change.table)} RENAME CONSTRAINT ${qi(change.from.name)} TO ${qi(change.to.name)}`,
      lock: 'ACCESS EXCLUSIVE',
      table: change.table,
      hazards: [hazard('breaks-running-code', `Code that names ${change.from.name} (ON CONFLICT ON CONSTRAINT ${change.from.name}, error handling that matches the name) needs ${change.to.name}.`)],
    },
  ];
}

/** The old constraint is dropped in the same transaction that adds the new one (its replacement index is built first). */
export function planReplaceConstraint(ctx: PlanContext, change: ChangeOf<'replace-constraint'>): StepDraft[] {
  // A foreign key carried by the key it references: that key's change drops and adds it (CarriedForeignKey).
  if (change.carriedBy !== undefined) return [];
  const { table, from, to } = change;
  const drop = dropStep(ctx, table, from, true);
  if (ctx.newTables.has(table)) return [drop, plainAdd(ctx, table, to)];
  const carried = carriedForeignKeys(ctx, change.carries, change.id);
  return [...onlineAdd(ctx, table, to, derivedName(to.name, REPLACEMENT_INDEX_SUFFIX), [...carried.drops, drop], change.id), ...carried.addsInGroup, ...carried.after];
}

/**
 * Foreign keys a dropped or replaced key carries (CarriedForeignKey): dropped in the transaction that
 * drops the key, added back NOT VALID in that same transaction (so no row goes unchecked in between),
 * and validated after it commits, under SHARE UPDATE EXCLUSIVE.
 */
export function carriedForeignKeys(ctx: PlanContext, carries: ChangeOf<'drop-constraint'>['carries'], groupKey: string): { drops: StepDraft[]; addsInGroup: StepDraft[]; after: StepDraft[] } {
  const drops: StepDraft[] = [];
  const adds: StepDraft[] = [];
  for (const { table, from, constraint, changeId } of carries ?? []) {
    const countedAs = changeId === null ? {} : { changeId };
    drops.push({ ...dropStep(ctx, table, from, true), groupKey, ...countedAs });
    adds.push(...onlineAdd(ctx, table, constraint, constraint.name, [], groupKey).map((step) => ({ ...step, ...countedAs })));
  }
  return { drops, addsInGroup: adds.filter((step) => step.groupKey === groupKey), after: adds.filter((step) => step.groupKey !== groupKey) };
}

export function planValidateConstraint(ctx: PlanContext, change: ChangeOf<'validate-constraint'>): StepDraft[] {
  return [validateStep(ctx, change.table, change.constraint)];
}
