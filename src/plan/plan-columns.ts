import type { Column, Identity } from '../schema/model.js';
import type { ChangeOf } from '../diff/schema-change.js';
import { derivedName } from '../util/quote-ident.js';
import type { PlanContext, StepDraft } from './plan-context.js';
import { needsUsingCast, typeChangeEffect, usingExpression } from './column-type-change.js';
import { isVolatileDefault } from './default-volatility.js';
import { columnAttributeSteps } from './column-attributes.js';
import { hazard, LONG_STEP_TIMEOUT_MS, NOT_NULL_PROOF_SUFFIX } from './plan-constants.js';
import { collationSql, columnDefinitionSql, qi } from './sql-fragments.js';
import type { Hazard } from './step.js';

const AE = 'ACCESS EXCLUSIVE' as const;

export function planAddColumn(ctx: PlanContext, change: ChangeOf<'add-column'>): StepDraft[] {
  const { table, column } = change;
  const hazards: Hazard[] = [];
  const who = ctx.describe(table);
  let rewrite = false;
  if (column.identity !== null || column.generated !== null) {
    rewrite = true;
    hazards.push(hazard('table-rewrite', `Adding ${column.identity ? 'an identity' : 'a stored generated'} column rewrites ${who} under an ACCESS EXCLUSIVE lock.`));
  } else if (column.default !== null && isVolatileDefault(column.default)) {
    rewrite = true;
    hazards.push(
      hazard(
        'table-rewrite',
        `DEFAULT ${column.default} is volatile: adding the column rewrites ${who} under an ACCESS EXCLUSIVE lock. Add it without a default, SET DEFAULT, then backfill in batches.`,
      ),
    );
  }
  if (column.notNull && column.default === null && column.identity === null && column.generated === null) {
    hazards.push(hazard('may-fail-on-data', `NOT NULL without a default fails if ${table} has any rows.`));
  }
  return [
    {
      sql: `ALTER TABLE ${qi(table)} ADD COLUMN ${columnDefinitionSql(column)}`,
      lock: AE,
      table,
      hazards,
      timeoutMs: rewrite ? LONG_STEP_TIMEOUT_MS : undefined,
    },
    ...columnAttributeSteps(table, null, column, false, false),
  ];
}

export function planDropColumn(ctx: PlanContext, change: ChangeOf<'drop-column'>): StepDraft[] {
  const { table, column } = change;
  return [
    {
      sql: `ALTER TABLE ${qi(table)} DROP COLUMN ${qi(column.name)}`,
      lock: AE,
      table,
      hazards: [
        hazard('data-loss', `Drops column ${table}.${column.name} of ${ctx.describe(table)} and its data.`),
        hazard('breaks-running-code', `Queries that read or write ${table}.${column.name} fail once it is dropped.`),
      ],
    },
  ];
}

function identityOptionChanges(from: Identity, to: Identity): string[] {
  const parts: string[] = [];
  if (from.generation !== to.generation) parts.push(`SET GENERATED ${to.generation}`);
  const a = from.sequence;
  const b = to.sequence;
  if (a.start !== b.start) parts.push(`SET START WITH ${b.start}`);
  if (a.increment !== b.increment) parts.push(`SET INCREMENT BY ${b.increment}`);
  if (a.min !== b.min) parts.push(`SET MINVALUE ${b.min}`);
  if (a.max !== b.max) parts.push(`SET MAXVALUE ${b.max}`);
  if (a.cache !== b.cache) parts.push(`SET CACHE ${b.cache}`);
  if (a.cycle !== b.cycle) parts.push(b.cycle ? 'SET CYCLE' : 'SET NO CYCLE');
  return parts;
}

/**
 * One column's changes, in the order PostgreSQL accepts them: expression and identity removed,
 * default out of the way, type, default back, then identity added or adjusted (SET NOT NULL is
 * the separate set-not-null change, ordered before an identity is added).
 */
export function planSetNotNull(ctx: PlanContext, change: ChangeOf<'set-not-null'>): StepDraft[] {
  return setNotNullSteps(ctx, change.table, change.column, change.id);
}

export function planAlterColumn(ctx: PlanContext, change: ChangeOf<'alter-column'>): StepDraft[] {
  const { table, from, to } = change;
  const t = qi(table);
  const col = qi(to.name);
  const alter = `ALTER TABLE ${t} ALTER COLUMN ${col}`;
  const who = ctx.describe(table);
  const typeGroup = `${change.id}#type`;
  const steps: StepDraft[] = [];

  if (from.generated !== null && to.generated === null) {
    steps.push({ sql: `${alter} DROP EXPRESSION`, lock: AE, table, hazards: [hazard('breaks-running-code', `${table}.${to.name} is no longer computed: writers must now set it.`)] });
  }
  if (from.generated !== null && to.generated !== null && from.generated !== to.generated) {
    steps.push({
      sql: `${alter} SET EXPRESSION AS (${to.generated})`,
      lock: AE,
      table,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [hazard('table-rewrite', `SET EXPRESSION recomputes ${table}.${to.name}: rewrites ${who} under an ACCESS EXCLUSIVE lock.`)],
    });
  }
  if (from.identity !== null && to.identity === null) {
    steps.push({ sql: `${alter} DROP IDENTITY`, lock: AE, table, hazards: [hazard('breaks-running-code', `Inserts that rely on ${table}.${to.name} being generated need another default.`)] });
  }
  if (from.notNull && !to.notNull) steps.push({ sql: `${alter} DROP NOT NULL`, lock: AE, table });

  const retyped = from.type !== to.type || from.collation !== to.collation;
  const defaultChanged = from.default !== to.default;
  // A default that can't follow the new type (or that changes anyway) is dropped before the type changes.
  const dropDefaultFirst = from.default !== null && (to.default === null || (defaultChanged && retyped));
  if (dropDefaultFirst) steps.push({ sql: `${alter} DROP DEFAULT`, lock: AE, table, groupKey: typeGroup });
  if (retyped) steps.push(...retypeSteps(ctx, table, from, to, typeGroup));
  if (to.default !== null && (defaultChanged || dropDefaultFirst)) {
    steps.push({ sql: `${alter} SET DEFAULT ${to.default}`, lock: AE, table, groupKey: typeGroup });
  }

  if (from.identity === null && to.identity !== null) {
    steps.push({
      sql: `${alter} ADD GENERATED ${to.identity.generation} AS IDENTITY (START WITH ${to.identity.sequence.start} INCREMENT BY ${to.identity.sequence.increment} MINVALUE ${to.identity.sequence.min} MAXVALUE ${to.identity.sequence.max} CACHE ${to.identity.sequence.cache}${to.identity.sequence.cycle ? ' CYCLE' : ' NO CYCLE'})`,
      lock: AE,
      table,
    });
  }
  if (from.identity !== null && to.identity !== null) {
    const parts = identityOptionChanges(from.identity, to.identity);
    if (parts.length > 0) steps.push({ sql: `${alter} ${parts.join(' ')}`, lock: AE, table });
  }
  steps.push(...columnAttributeSteps(table, from, to, retyped, false));
  return steps;
}

function retypeSteps(ctx: PlanContext, table: string, from: Column, to: Column, groupKey: string): StepDraft[] {
  const col = qi(to.name);
  const who = ctx.describe(table);
  const collate = to.collation !== null ? ` COLLATE ${collationSql(to.collation)}` : '';
  if (from.type === to.type) {
    return [
      {
        sql: `ALTER TABLE ${qi(table)} ALTER COLUMN ${col} TYPE ${to.type}${collate}`,
        lock: AE,
        table,
        groupKey,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: [
          hazard('index-build', `Changing the collation of ${table}.${to.name} rebuilds its indexes.`),
          hazard('blocking-lock', `${who} stays ACCESS EXCLUSIVE locked while its indexes on ${to.name} are rebuilt.`),
        ],
      },
    ];
  }
  const effect = typeChangeEffect(from.type, to.type);
  if (effect === 'binary-compatible') {
    return [{ sql: `ALTER TABLE ${qi(table)} ALTER COLUMN ${col} TYPE ${to.type}${collate}`, lock: AE, table, groupKey }];
  }
  const hazards: Hazard[] = [
    hazard(
      'table-rewrite',
      `${from.type} → ${to.type} rewrites ${who} and its indexes under an ACCESS EXCLUSIVE lock.${
        from.type.startsWith('timestamp') && to.type.includes('with time zone') ? ' (No rewrite on PostgreSQL 12+ when the session TimeZone is UTC.)' : ''
      }`,
    ),
    hazard('may-fail-on-data', `Fails if a value of ${table}.${to.name} can't be converted to ${to.type}.`),
  ];
  if (effect === 'narrowing') hazards.push(hazard('data-loss', `${from.type} → ${to.type} narrows ${table}.${to.name}: values may be truncated or rejected.`));
  return [
    {
      sql: `ALTER TABLE ${qi(table)} ALTER COLUMN ${col} TYPE ${to.type}${collate}${needsUsingCast(from.type, to.type) ? ` USING ${usingExpression(col, from.type, to.type)}` : ''}`,
      lock: AE,
      table,
      groupKey,
      hazards,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
    },
    // The rewrite throws the column's statistics away; plans stay bad until they are rebuilt.
    { sql: `ANALYZE ${qi(table)} (${col})`, lock: 'SHARE UPDATE EXCLUSIVE', table, timeoutMs: LONG_STEP_TIMEOUT_MS, alone: true },
  ];
}

/**
 * SET NOT NULL scans the table under ACCESS EXCLUSIVE unless a validated CHECK (col IS NOT NULL)
 * already proves it (PostgreSQL 12+): add the proof NOT VALID, validate it under SHARE UPDATE
 * EXCLUSIVE, then SET NOT NULL and drop the proof in one short transaction.
 */
function setNotNullSteps(ctx: PlanContext, table: string, column: string, changeId: string): StepDraft[] {
  const t = qi(table);
  const col = qi(column);
  const existing = ctx.currentTable(table);
  if (!existing || existing.kind === 'partitioned') {
    return [
      {
        sql: `ALTER TABLE ${t} ALTER COLUMN ${col} SET NOT NULL`,
        lock: AE,
        table,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: existing
          ? [
              hazard('table-scan', `SET NOT NULL on partitioned ${ctx.describe(table)} scans every partition under ACCESS EXCLUSIVE.`),
              hazard('may-fail-on-data', `Fails if ${table}.${column} holds NULLs.`),
            ]
          : [],
      },
    ];
  }
  const proof = qi(derivedName(`${table}_${column}`, NOT_NULL_PROOF_SUFFIX));
  const group = `${changeId}#not-null`;
  return [
    { sql: `ALTER TABLE ${t} ADD CONSTRAINT ${proof} CHECK (${col} IS NOT NULL) NOT VALID`, lock: AE, table },
    {
      sql: `ALTER TABLE ${t} VALIDATE CONSTRAINT ${proof}`,
      lock: 'SHARE UPDATE EXCLUSIVE',
      table,
      alone: true,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [
        hazard('validation-scan', `Scans ${ctx.describe(table)} to prove ${column} has no NULLs; reads and writes continue.`),
        hazard('may-fail-on-data', `Fails if ${table}.${column} holds NULLs.`),
      ],
    },
    { sql: `ALTER TABLE ${t} ALTER COLUMN ${col} SET NOT NULL`, lock: AE, table, groupKey: group },
    { sql: `ALTER TABLE ${t} DROP CONSTRAINT ${proof}`, lock: AE, table, groupKey: group },
  ];
}
