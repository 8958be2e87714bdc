import type { SchemaChange } from '../../diff/schema-change.js';
import type { Constraint, Index, SchemaModel, Table } from '../../schema/model.js';
import type { SchemaSet } from '../../schema/schema-set.js';
import { quoteIdent } from '../../util/quote-ident.js';
import { uniqueIndexKeys } from '../../schema/index-keys.js';
import { typeChangeEffect } from '../../plan/column-type-change.js';
import type { DataCheckKind } from './preflight-report.js';

/**
 * One read-only query that finds rows a step of the plan would fail on. Built once per group
 * (the plan is the group's), run on every tenant of it with the tenant's schema.
 */
export interface DataCheck {
  readonly kind: DataCheckKind;
  /** `orders.customer_id`, `orders (a, b)`. */
  readonly object: string;
  /**
   * SQL whose one row has `n`, the number of offending rows (or groups); run with search_path set
   * to the tenant's schema so expressions from the model resolve as they will in the plan.
   * `cast` checks have no count: the query fails (SQLSTATE class 22) when a value does not convert.
   */
  sql(schema: string): { readonly text: string; readonly values: readonly unknown[] };
  readonly mode: 'count' | 'cast';
  /** What is wrong, without the tenant: `3 rows of orders.customer_id are NULL (…)`. */
  describe(count: number | null): string;
}

export interface DataCheckSet {
  readonly checks: readonly DataCheck[];
  /** What cannot be verified for this plan, said once per group. */
  readonly notes: readonly string[];
}

const qt = (schema: string, table: string): string => `${quoteIdent(schema)}.${quoteIdent(table)}`;
const rows = (n: number | null, one = 'row', many = 'rows'): string => (n === null ? `some ${many}` : `${n} ${n === 1 ? one : many}`);
const isAre = (n: number | null): string => (n === 1 ? 'is' : 'are');
const hasHave = (n: number | null): string => (n === 1 ? 'has' : 'have');
const list = (names: readonly string[]): string => (names.length === 1 ? (names[0] ?? '') : `(${names.join(', ')})`);

function countSql(from: string, where: string): string {
  return `SELECT count(*) AS n FROM ${from} WHERE ${where}`;
}

/** `CHECK ((price > 0)) NOT VALID` → `(price > 0)`. */
function checkExpression(definition: string): string | null {
  const match = /^CHECK \((.*)\)(?: NO INHERIT)?(?: NOT VALID)?$/s.exec(definition.trim());
  return match?.[1] ?? null;
}

interface Builder {
  readonly current: SchemaModel;
  /** The current side of the set the schema belongs to, when it is one schema of several. */
  readonly set?: SchemaSet;
  readonly checks: DataCheck[];
  readonly notes: string[];
  readonly seen: Set<string>;
}

function tableOf(b: Builder, name: string): Table | undefined {
  return b.current.tables.find((t) => t.name === name);
}

/**
 * The table a foreign key references, and the schema to read it in when not the one checked: in a
 * set, `audit.events` (introspection's spelling for another schema's table) is read in `audit`.
 * No table: the plan creates it, so it starts empty.
 */
function referencedTable(b: Builder, name: string): { readonly schema?: string; readonly name: string; readonly table?: Table } {
  const own = tableOf(b, name);
  const dot = name.indexOf('.');
  const schema = name.slice(0, dot);
  if (own || !b.set || dot <= 0 || !b.set.scope.includes(schema)) return own ? { name, table: own } : { name };
  const table = b.set.models.get(schema)?.tables.find((t) => t.name === name.slice(dot + 1));
  return { schema, name: name.slice(dot + 1), ...(table ? { table } : {}) };
}

function add(b: Builder, check: DataCheck): void {
  const key = `${check.kind}:${check.object}:${check.describe(1)}`;
  if (b.seen.has(key)) return;
  b.seen.add(key);
  b.checks.push(check);
}

/** Columns that exist on the live table; a check reading a column the plan adds cannot run before it. */
function haveColumns(table: Table, columns: readonly string[]): boolean {
  return columns.every((name) => table.columns.some((c) => c.name === name));
}

function nullsCheck(b: Builder, table: string, column: string, why: string): void {
  add(b, {
    kind: 'nulls',
    object: `${table}.${column}`,
    mode: 'count',
    sql: (schema) => ({ text: countSql(qt(schema, table), `${quoteIdent(column)} IS NULL`), values: [] }),
    describe: (n) => `${rows(n)} of ${table}.${column} ${isAre(n)} NULL (${why} would fail)`,
  });
}

function duplicatesCheck(b: Builder, table: string, keys: readonly string[], options: { nullsNotDistinct: boolean; predicate: string | null; what: string; object: string }): void {
  // Rows with a NULL key never collide unless the index says NULLS NOT DISTINCT; a partial index only covers its rows.
  const filters = [...(options.nullsNotDistinct ? [] : keys.map((k) => `(${k}) IS NOT NULL`)), ...(options.predicate ? [`(${options.predicate})`] : [])];
  add(b, {
    kind: 'duplicates',
    object: options.object,
    mode: 'count',
    sql: (schema) => ({
      text: `SELECT count(*) AS n FROM (SELECT 1 FROM ${qt(schema, table)}${filters.length > 0 ? ` WHERE ${filters.join(' AND ')}` : ''} GROUP BY ${keys.map((k) => `(${k})`).join(', ')} HAVING count(*) > 1) AS duplicated`,
      values: [],
    }),
    describe: (n) => `${rows(n, 'value', 'values')} of ${options.object} ${n === 1 ? 'appears' : 'appear'} in more than one row (${options.what} would fail)`,
  });
}

function constraintChecks(b: Builder, tableName: string, constraint: Constraint, verb: 'add' | 'validate'): void {
  const table = tableOf(b, tableName);
  if (!table) return;
  const columns = constraint.columns;
  if (verb === 'add' && !constraint.validated && constraint.kind !== 'primary key' && constraint.kind !== 'unique') return;
  const missing = !haveColumns(table, columns);
  switch (constraint.kind) {
    case 'primary key':
    case 'unique': {
      if (missing) {
        b.notes.push(`${constraint.kind} ${constraint.name} on ${tableName}: not checked, it covers a column the plan adds`);
        return;
      }
      const what = `${constraint.kind === 'unique' ? 'unique constraint' : 'primary key'} ${constraint.name}`;
      if (constraint.kind === 'primary key') {
        for (const column of columns) if (!table.columns.find((c) => c.name === column)?.notNull) nullsCheck(b, tableName, column, what);
      }
      // A primary key's NULLs are reported by the nulls check; its duplicates are counted among non-NULL keys.
      duplicatesCheck(b, tableName, columns.map(quoteIdent), {
        nullsNotDistinct: /\bNULLS NOT DISTINCT\b/.test(constraint.definition),
        predicate: null,
        what,
        object: `${tableName}.${list(columns)}`,
      });
      return;
    }
    case 'foreign key': {
      const ref = constraint.references;
      if (!ref) return;
      if (missing) {
        b.notes.push(`foreign key ${constraint.name} on ${tableName}: not checked, it covers a column the plan adds`);
        return;
      }
      const foreign = referencedTable(b, ref.table);
      const referenced = foreign.table;
      const matchFull = /\bMATCH FULL\b/.test(constraint.definition);
      const object = `${tableName}.${columns.length === 1 ? columns[0] : `(${columns.join(', ')})`}`;
      const target = `${ref.table}.${ref.columns.length === 1 ? ref.columns[0] : `(${ref.columns.join(', ')})`}`;
      add(b, {
        kind: 'orphans',
        object,
        mode: 'count',
        sql: (schema) => {
          const allSet = columns.map((c) => `c.${quoteIdent(c)} IS NOT NULL`).join(' AND ');
          const noMatch =
            referenced && haveColumns(referenced, ref.columns)
              ? `NOT EXISTS (SELECT 1 FROM ${qt(foreign.schema ?? schema, foreign.name)} AS p WHERE ${columns.map((c, i) => `p.${quoteIdent(ref.columns[i] ?? c)} = c.${quoteIdent(c)}`).join(' AND ')})`
              : 'true'; // the referenced table (or key) is created by the plan: it starts empty
          // MATCH SIMPLE: a row with any NULL in the key is not checked. MATCH FULL: only all-NULL is.
          const partial = matchFull && columns.length > 1 ? ` OR (NOT (${columns.map((c) => `c.${quoteIdent(c)} IS NULL`).join(' AND ')}) AND NOT (${allSet}))` : '';
          return { text: `SELECT count(*) AS n FROM ${qt(schema, tableName)} AS c WHERE (${allSet} AND ${noMatch})${partial}`, values: [] };
        },
        describe: (n) => `${rows(n)} of ${object} ${hasHave(n)} no match in ${target} (foreign key ${constraint.name})`,
      });
      return;
    }
    case 'check': {
      const expression = checkExpression(constraint.definition);
      if (expression === null || missing) {
        b.notes.push(`check ${constraint.name} on ${tableName}: not checked, ${expression === null ? 'its definition could not be read' : 'it reads a column the plan adds'}`);
        return;
      }
      add(b, {
        kind: 'check-violations',
        object: `${tableName}.${constraint.name}`,
        mode: 'count',
        // NOT (NULL) is NULL, not true: rows the CHECK lets through (NULLs) are not counted.
        sql: (schema) => ({ text: countSql(qt(schema, tableName), `NOT (${expression})`), values: [] }),
        describe: (n) => `${rows(n)} of ${tableName} violate${n === 1 ? 's' : ''} CHECK (${expression}) (constraint ${constraint.name})`,
      });
      return;
    }
    case 'exclusion':
      b.notes.push(`exclusion constraint ${constraint.name} on ${tableName}: not checked (conflicting rows are not looked for)`);
      return;
  }
}

function indexChecks(b: Builder, index: Index): void {
  if (!index.unique || !tableOf(b, index.table)) return;
  const keys = uniqueIndexKeys(index);
  duplicatesCheck(b, index.table, keys, {
    nullsNotDistinct: /\bNULLS NOT DISTINCT\b/.test(index.definition),
    predicate: index.predicate,
    what: `unique index ${index.name}`,
    object: `${index.table}.${list(keys)}`,
  });
}

function typeCheck(b: Builder, tableName: string, column: string, from: string, to: string): void {
  const table = tableOf(b, tableName);
  if (!table || from === to || typeChangeEffect(from, to) === 'binary-compatible') return;
  const object = `${tableName}.${column}`;
  const limit = /^(?:character varying|character)\((\d+)\)$/.exec(to);
  if (limit) {
    const n = Number(limit[1]);
    add(b, {
      kind: 'type-change',
      object,
      mode: 'count',
      sql: (schema) => ({ text: countSql(qt(schema, tableName), `length(${quoteIdent(column)}) > ${n}`), values: [] }),
      describe: (count) => `${rows(count, 'value', 'values')} of ${object} ${isAre(count)} longer than ${n} characters (changing the type to ${to} would fail)`,
    });
    return;
  }
  add(b, {
    kind: 'type-change',
    object,
    mode: 'cast',
    // Read-only: the cast is evaluated, never stored. Any value that does not convert raises.
    sql: (schema) => ({ text: `SELECT count((${quoteIdent(column)})::${to}) AS n FROM ${qt(schema, tableName)}`, values: [] }),
    describe: () => `values of ${object} do not convert to ${to} (changing the type would fail)`,
  });
}

function enumCheck(b: Builder, change: Extract<SchemaChange, { kind: 'recreate-enum' }>): void {
  if (change.removedValues.length === 0) return;
  const removed = [...change.removedValues];
  const shown = removed.map((v) => `'${v}'`).join(', ');
  for (const use of change.columns) {
    const table = tableOf(b, use.table);
    if (!table || !haveColumns(table, [use.column])) continue;
    const array = use.type.endsWith('[]');
    const object = `${use.table}.${use.column}`;
    add(b, {
      kind: 'enum-values',
      object,
      mode: 'count',
      sql: (schema) => ({
        text: countSql(qt(schema, use.table), array ? `${quoteIdent(use.column)}::text[] && $1::text[]` : `${quoteIdent(use.column)}::text = ANY ($1::text[])`),
        values: [removed],
      }),
      describe: (n) => `${rows(n)} of ${object} still use${n === 1 ? 's' : ''} ${removed.length === 1 ? 'value' : 'values'} ${shown} that enum ${change.to.name} no longer has`,
    });
  }
}

function notNullColumnCheck(b: Builder, change: Extract<SchemaChange, { kind: 'add-column' }>): void {
  const { column } = change;
  if (!column.notNull || column.default !== null || column.identity !== null || column.generated !== null) return;
  if (!tableOf(b, change.table)) return;
  const object = `${change.table}.${column.name}`;
  add(b, {
    kind: 'not-null-column',
    object,
    mode: 'count',
    // Only whether the table is empty matters; counting past the first row would scan it all.
    sql: (schema) => ({ text: `SELECT count(*) AS n FROM (SELECT 1 FROM ${qt(schema, change.table)} LIMIT 1) AS any_row`, values: [] }),
    describe: () => `${change.table} has rows, so adding column ${object} NOT NULL without a default would fail`,
  });
}

/**
 * The data checks a plan needs: every change that can fail on existing rows gets one. `set`, for
 * one schema's part of a plan of several: the current side of the set, where foreign keys into
 * the other schemas find their tables.
 */
export function dataChecksFor(current: SchemaModel, changes: readonly SchemaChange[], set?: SchemaSet): DataCheckSet {
  const b: Builder = { current, ...(set ? { set } : {}), checks: [], notes: [], seen: new Set() };
  for (const change of changes) {
    switch (change.kind) {
      case 'set-not-null': {
        const table = tableOf(b, change.table);
        if (table && haveColumns(table, [change.column])) nullsCheck(b, change.table, change.column, `SET NOT NULL on ${change.table}.${change.column}`);
        break;
      }
      case 'add-column':
        notNullColumnCheck(b, change);
        break;
      case 'alter-column':
        typeCheck(b, change.table, change.to.name, change.from.type, change.to.type);
        break;
      case 'add-constraint':
        constraintChecks(b, change.table, change.constraint, 'add');
        break;
      case 'replace-constraint':
        constraintChecks(b, change.table, change.to, 'add');
        break;
      case 'validate-constraint':
        constraintChecks(b, change.table, change.constraint, 'validate');
        break;
      case 'add-index':
        indexChecks(b, change.index);
        break;
      case 'rebuild-index':
        indexChecks(b, change.to);
        break;
      case 'recreate-enum':
        enumCheck(b, change);
        break;
      case 'alter-domain':
        if (change.from.notNull !== change.to.notNull || change.from.constraints.length !== change.to.constraints.length) {
          b.notes.push(`domain ${change.to.name}: columns of this type are not checked for values the new NOT NULL / CHECK rejects`);
        }
        break;
      default:
        break;
    }
  }
  return { checks: b.checks, notes: b.notes };
}
