import type { Domain, Sequence } from '../schema/model.js';
import type { ChangeOf } from '../diff/schema-change.js';
import { derivedName, quoteLiteral } from '../util/quote-ident.js';
import type { PlanContext, StepDraft } from './plan-context.js';
import { hazard, LONG_STEP_TIMEOUT_MS, OLD_ENUM_SUFFIX } from './plan-constants.js';
import { collationSql, qi } from './sql-fragments.js';

export function planAddSchema(_ctx: PlanContext, change: ChangeOf<'add-schema'>): StepDraft[] {
  return [{ sql: `CREATE SCHEMA ${qi(change.schema)}`, onNewObject: true }];
}

/**
 * Without CASCADE: every object schemafleet models was dropped by an earlier step, so anything
 * left in the schema (an object it does not model) makes the step fail instead of vanishing.
 */
export function planDropSchema(_ctx: PlanContext, change: ChangeOf<'drop-schema'>): StepDraft[] {
  return [
    {
      sql: `DROP SCHEMA ${qi(change.schema)}`,
      hazards: [
        hazard('data-loss', `Drops schema ${change.schema}, which the schema file no longer declares, after every object in it.`),
        hazard('breaks-running-code', `Queries naming schema ${change.schema} fail.`),
      ],
    },
  ];
}

export function planAddCollation(_ctx: PlanContext, change: ChangeOf<'add-collation'>): StepDraft[] {
  return [{ sql: `CREATE COLLATION ${qi(change.collation.name)} (${change.collation.definition})`, onNewObject: true }];
}

export function planDropCollation(ctx: PlanContext, change: ChangeOf<'drop-collation'>): StepDraft[] {
  const name = change.collation.name;
  // A collation whose definition changed is dropped to be made again: the drop is refused while anything uses it.
  const redefined = (ctx.desired.collations ?? []).some((c) => c.name === name);
  const message = redefined
    ? `Collation ${name} is dropped to be created with its new definition: PostgreSQL refuses while a column, index or domain uses it, and what uses it would sort and compare differently.`
    : `Queries naming collation ${name} fail.`;
  return [{ sql: `DROP COLLATION ${qi(name)}`, hazards: [hazard('breaks-running-code', message)] }];
}

export function planAddExtension(ctx: PlanContext, change: ChangeOf<'add-extension'>): StepDraft[] {
  const e = change.extension;
  // An extension living in the tenant's own schema follows search_path; only another schema is named.
  const schema = e.schema === ctx.desired.schema ? '' : ` WITH SCHEMA ${qi(e.schema)}`;
  // Without VERSION the server would install its default, which need not be the one desired.
  const version = e.version === null ? '' : ` VERSION ${quoteLiteral(e.version)}`;
  return [{ sql: `CREATE EXTENSION IF NOT EXISTS ${qi(e.name)}${schema}${version}`, onNewObject: true }];
}

export function planDropExtension(_ctx: PlanContext, change: ChangeOf<'drop-extension'>): StepDraft[] {
  return [
    {
      sql: `DROP EXTENSION ${qi(change.extension.name)}`,
      hazards: [hazard('breaks-running-code', `Types and functions of extension ${change.extension.name} go away.`)],
    },
  ];
}

export function planAlterExtension(_ctx: PlanContext, change: ChangeOf<'alter-extension'>): StepDraft[] {
  return [
    {
      sql: `ALTER EXTENSION ${qi(change.to.name)} UPDATE TO ${quoteLiteral(change.to.version ?? '')}`,
      hazards: [hazard('user-code', `Upgrades extension ${change.to.name} from ${change.from.version} to ${change.to.version}; its upgrade script may lock or rewrite objects.`)],
    },
  ];
}

const enumValues = (values: readonly string[]) => values.map(quoteLiteral).join(', ');

export function planAddEnum(_ctx: PlanContext, change: ChangeOf<'add-enum'>): StepDraft[] {
  return [{ sql: `CREATE TYPE ${qi(change.enum.name)} AS ENUM (${enumValues(change.enum.values)})`, onNewObject: true }];
}

export function planDropEnum(_ctx: PlanContext, change: ChangeOf<'drop-enum'>): StepDraft[] {
  return [{ sql: `DROP TYPE ${qi(change.enum.name)}`, hazards: [hazard('breaks-running-code', `Code using type ${change.enum.name} fails.`)] }];
}

/**
 * Each ADD VALUE is its own step, outside any group: a new value can't be used in the transaction
 * that added it, so anything that uses it runs after this commits.
 */
export function planAddEnumValues(_ctx: PlanContext, change: ChangeOf<'add-enum-values'>): StepDraft[] {
  return change.values.map((v) => ({
    sql: `ALTER TYPE ${qi(change.enum)} ADD VALUE ${quoteLiteral(v.value)}${v.before !== null ? ` BEFORE ${quoteLiteral(v.before)}` : v.after !== null ? ` AFTER ${quoteLiteral(v.after)}` : ''}`,
    alone: true,
  }));
}

/** Rename the old type aside, create the new one, move every column across, drop the old type. */
export function planRecreateEnum(ctx: PlanContext, change: ChangeOf<'recreate-enum'>): StepDraft[] {
  const name = change.to.name;
  const old = derivedName(name, OLD_ENUM_SUFFIX);
  const group = change.id;
  const steps: StepDraft[] = [
    { sql: `ALTER TYPE ${qi(name)} RENAME TO ${qi(old)}`, groupKey: group },
    { sql: `CREATE TYPE ${qi(name)} AS ENUM (${enumValues(change.to.values)})`, groupKey: group },
  ];
  for (const c of change.columns) {
    const alter = `ALTER TABLE ${qi(c.table)} ALTER COLUMN ${qi(c.column)}`;
    const current = ctx.currentTable(c.table)?.columns.find((x) => x.name === c.column);
    // The old default is typed with the old enum and has no cast to the new one.
    if (current?.default != null) steps.push({ sql: `${alter} DROP DEFAULT`, lock: 'ACCESS EXCLUSIVE', table: c.table, groupKey: group });
    const array = c.type.endsWith('[]') ? '[]' : '';
    steps.push({
      sql: `${alter} TYPE ${c.type} USING ${qi(c.column)}::text${array}::${c.type}`,
      lock: 'ACCESS EXCLUSIVE',
      table: c.table,
      groupKey: group,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: [
        hazard('table-rewrite', `Moving ${c.table}.${c.column} to the re-created ${name} rewrites ${ctx.describe(c.table)} under ACCESS EXCLUSIVE.`),
        hazard('may-fail-on-data', `Fails if ${c.table}.${c.column} holds a removed value (${change.removedValues.join(', ') || 'reordered type'}).`),
      ],
    });
    if (c.default !== null) steps.push({ sql: `${alter} SET DEFAULT ${c.default}`, lock: 'ACCESS EXCLUSIVE', table: c.table, groupKey: group });
  }
  steps.push({
    sql: `DROP TYPE ${qi(old)}`,
    groupKey: group,
    hazards:
      change.removedValues.length > 0
        ? [hazard('data-loss', `Removes value(s) ${change.removedValues.join(', ')} from ${name}.`), hazard('breaks-running-code', `Code writing ${change.removedValues.join(', ')} fails.`)]
        : [],
  });
  return steps;
}

function domainSql(d: Domain): string {
  const parts = [`CREATE DOMAIN ${qi(d.name)} AS ${d.baseType}`];
  if (d.collation !== null) parts.push(`COLLATE ${collationSql(d.collation)}`);
  if (d.default !== null) parts.push(`DEFAULT ${d.default}`);
  if (d.notNull) parts.push('NOT NULL');
  for (const c of d.constraints) parts.push(`CONSTRAINT ${qi(c.name)} ${c.definition.replace(/\s+NOT VALID$/, '')}`);
  return parts.join(' ');
}

export function planAddDomain(_ctx: PlanContext, change: ChangeOf<'add-domain'>): StepDraft[] {
  return [{ sql: domainSql(change.domain), onNewObject: true }];
}

export function planDropDomain(_ctx: PlanContext, change: ChangeOf<'drop-domain'>): StepDraft[] {
  return [
    {
      sql: `DROP DOMAIN ${qi(change.domain.name)}`,
      hazards: [
        hazard('breaks-running-code', `Code using domain ${change.domain.name} fails${change.replaced ? ' until it is re-created' : ''}.`),
        ...(change.replaced ? [hazard('may-fail-on-data', `Fails while columns still use ${change.domain.name}: its base type can't change in place.`)] : []),
      ],
    },
  ];
}

export function planAlterDomain(_ctx: PlanContext, change: ChangeOf<'alter-domain'>): StepDraft[] {
  const { from, to } = change;
  const d = `ALTER DOMAIN ${qi(to.name)}`;
  const steps: StepDraft[] = [];
  const fromC = new Map(from.constraints.map((c) => [c.name, c]));
  const toC = new Map(to.constraints.map((c) => [c.name, c]));
  for (const c of from.constraints) {
    if (toC.get(c.name)?.definition !== c.definition) steps.push({ sql: `${d} DROP CONSTRAINT ${qi(c.name)}` });
  }
  if (from.default !== to.default) steps.push({ sql: to.default === null ? `${d} DROP DEFAULT` : `${d} SET DEFAULT ${to.default}` });
  if (from.notNull !== to.notNull) {
    steps.push({
      sql: `${d} ${to.notNull ? 'SET' : 'DROP'} NOT NULL`,
      timeoutMs: to.notNull ? LONG_STEP_TIMEOUT_MS : undefined,
      hazards: to.notNull
        ? [hazard('table-scan', `Checks every column of domain ${to.name} for NULLs, locking their tables.`), hazard('may-fail-on-data', `Fails if a column of type ${to.name} holds NULL.`)]
        : [],
    });
  }
  for (const c of to.constraints) {
    if (fromC.get(c.name)?.definition === c.definition) continue;
    // NOT VALID takes no table lock; VALIDATE then checks every column of the domain.
    steps.push({ sql: `${d} ADD CONSTRAINT ${qi(c.name)} ${c.definition.replace(/\s+NOT VALID$/, '')} NOT VALID` });
    if (c.validated) {
      steps.push({
        sql: `${d} VALIDATE CONSTRAINT ${qi(c.name)}`,
        alone: true,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        hazards: [hazard('validation-scan', `Scans every column of domain ${to.name}.`), hazard('may-fail-on-data', `Fails if a stored value violates ${c.name}.`)],
      });
    }
  }
  return steps;
}

export function planAddCompositeType(_ctx: PlanContext, change: ChangeOf<'add-composite-type'>): StepDraft[] {
  const attrs = change.type.attributes.map((a) => `${qi(a.name)} ${a.type}${a.collation !== null ? ` COLLATE ${collationSql(a.collation)}` : ''}`);
  return [{ sql: `CREATE TYPE ${qi(change.type.name)} AS (${attrs.join(', ')})`, onNewObject: true }];
}

export function planDropCompositeType(_ctx: PlanContext, change: ChangeOf<'drop-composite-type'>): StepDraft[] {
  return [{ sql: `DROP TYPE ${qi(change.type.name)}`, hazards: [hazard('breaks-running-code', `Code using type ${change.type.name} fails.`)] }];
}

export function planAlterCompositeType(_ctx: PlanContext, change: ChangeOf<'alter-composite-type'>): StepDraft[] {
  const { from, to } = change;
  const t = `ALTER TYPE ${qi(to.name)}`;
  const actions: string[] = [];
  const hazards = [];
  const toA = new Map(to.attributes.map((a) => [a.name, a]));
  const fromA = new Map(from.attributes.map((a) => [a.name, a]));
  for (const a of from.attributes) {
    const next = toA.get(a.name);
    if (!next) {
      actions.push(`DROP ATTRIBUTE ${qi(a.name)}`);
      hazards.push(hazard('data-loss', `Drops attribute ${to.name}.${a.name}.`));
    } else if (next.type !== a.type || next.collation !== a.collation) {
      actions.push(`ALTER ATTRIBUTE ${qi(a.name)} TYPE ${next.type}${next.collation !== null ? ` COLLATE ${collationSql(next.collation)}` : ''}`);
    }
  }
  for (const a of to.attributes) {
    if (!fromA.has(a.name)) actions.push(`ADD ATTRIBUTE ${qi(a.name)} ${a.type}${a.collation !== null ? ` COLLATE ${collationSql(a.collation)}` : ''}`);
  }
  return actions.length > 0 ? [{ sql: `${t} ${actions.join(', ')}`, hazards }] : [];
}

function sequenceSql(s: Sequence): string {
  return `CREATE ${s.unlogged ? 'UNLOGGED ' : ''}SEQUENCE ${qi(s.name)} AS ${s.dataType} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} START WITH ${s.start} CACHE ${s.cache}${s.cycle ? ' CYCLE' : ' NO CYCLE'}`;
}

export function planAddSequence(_ctx: PlanContext, change: ChangeOf<'add-sequence'>): StepDraft[] {
  return [{ sql: sequenceSql(change.sequence), onNewObject: true }];
}

export function planDropSequence(_ctx: PlanContext, change: ChangeOf<'drop-sequence'>): StepDraft[] {
  return [{ sql: `DROP SEQUENCE ${qi(change.sequence.name)}`, hazards: [hazard('data-loss', `Drops sequence ${change.sequence.name} and its current value.`)] }];
}

export function planAlterSequence(_ctx: PlanContext, change: ChangeOf<'alter-sequence'>): StepDraft[] {
  const { from, to } = change;
  const parts: string[] = [];
  if (from) {
    if (from.dataType !== to.dataType) parts.push(`AS ${to.dataType}`);
    if (from.increment !== to.increment) parts.push(`INCREMENT BY ${to.increment}`);
    if (from.min !== to.min) parts.push(`MINVALUE ${to.min}`);
    if (from.max !== to.max) parts.push(`MAXVALUE ${to.max}`);
    if (from.start !== to.start) parts.push(`START WITH ${to.start}`);
    if (from.cache !== to.cache) parts.push(`CACHE ${to.cache}`);
    if (from.cycle !== to.cycle) parts.push(to.cycle ? 'CYCLE' : 'NO CYCLE');
  }
  if (JSON.stringify(from?.ownedBy ?? null) !== JSON.stringify(to.ownedBy)) {
    parts.push(to.ownedBy ? `OWNED BY ${qi(to.ownedBy.table)}.${qi(to.ownedBy.column)}` : 'OWNED BY NONE');
  }
  const steps: StepDraft[] = parts.length > 0 ? [{ sql: `ALTER SEQUENCE ${qi(to.name)} ${parts.join(' ')}`, onNewObject: from === null }] : [];
  // A form of its own: it cannot share an ALTER SEQUENCE with the options above.
  if (from && from.unlogged !== to.unlogged) steps.push({ sql: `ALTER SEQUENCE ${qi(to.name)} SET ${to.unlogged ? 'UNLOGGED' : 'LOGGED'}` });
  return steps;
}
