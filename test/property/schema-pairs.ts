import fc from 'fast-check';

/**
 * Random schemas within the object kinds schemafleet supports, as specs that always render to
 * valid DDL: references (enum types, FK targets, view columns) are indexes resolved at render time,
 * so fast-check can shrink any part without breaking the rest.
 */
const COLUMN_TYPES = ['integer', 'bigint', 'text', 'varchar(20)', 'numeric(10,2)', 'boolean', 'timestamptz', 'jsonb', 'enum'] as const;
type ColumnType = (typeof COLUMN_TYPES)[number];

interface ColumnSpec {
  readonly name: number;
  readonly type: ColumnType;
  readonly enumIndex: number;
  readonly notNull: boolean;
  readonly withDefault: boolean;
  readonly withCheck: boolean;
  readonly unique: boolean;
  readonly comment: string | null;
  /** For bigint columns: a foreign key to an earlier table with a primary key. */
  readonly references: number | null;
  readonly onDelete: 'NO ACTION' | 'CASCADE' | 'SET NULL' | 'RESTRICT';
  /** A per-column setting (storage and compression only where the type is stored out of line). */
  readonly tuning: Tuning | null;
}

type Tuning = 'statistics' | 'options' | 'storage' | 'compression';
const tuning = fc.option(fc.constantFrom<Tuning>('statistics', 'options', 'storage', 'compression'), { nil: null, freq: 2 });

interface IndexSpec {
  readonly column: number;
  readonly unique: boolean;
  readonly partial: boolean;
  readonly expression: boolean;
}

interface TableSpec {
  readonly primaryKey: boolean;
  readonly columns: readonly ColumnSpec[];
  readonly indexes: readonly IndexSpec[];
  readonly comment: string | null;
}

interface ViewSpec {
  readonly table: number;
  readonly column: number;
  readonly filtered: boolean;
  readonly comment: string | null;
}

interface SequenceSpec {
  readonly increment: number;
  readonly start: number;
  readonly cycle: boolean;
}

export interface SchemaSpec {
  readonly enums: readonly (readonly string[])[];
  readonly sequences: readonly (SequenceSpec | null)[];
  readonly tables: readonly (TableSpec | null)[];
  readonly views: readonly (ViewSpec | null)[];
}

const comment = fc.option(fc.constantFrom('main table', "it's quoted", 'ünïcode ☕', 'second\nline'), { nil: null });

const column: fc.Arbitrary<ColumnSpec> = fc.record({
  name: fc.integer({ min: 0, max: 5 }),
  type: fc.constantFrom(...COLUMN_TYPES),
  enumIndex: fc.integer({ min: 0, max: 1 }),
  notNull: fc.boolean(),
  withDefault: fc.boolean(),
  withCheck: fc.boolean(),
  unique: fc.boolean(),
  comment,
  references: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null, freq: 3 }),
  onDelete: fc.constantFrom('NO ACTION', 'CASCADE', 'SET NULL', 'RESTRICT'),
  tuning,
});

const index: fc.Arbitrary<IndexSpec> = fc.record({ column: fc.integer({ min: 0, max: 5 }), unique: fc.boolean(), partial: fc.boolean(), expression: fc.boolean() });

const table: fc.Arbitrary<TableSpec> = fc.record({
  primaryKey: fc.boolean(),
  columns: fc.array(column, { maxLength: 4 }),
  indexes: fc.array(index, { maxLength: 2 }),
  comment,
});

const schemaSpec: fc.Arbitrary<SchemaSpec> = fc.record({
  enums: fc.array(fc.shuffledSubarray(['a', 'b', 'c', 'd'], { minLength: 1 }), { maxLength: 2 }),
  // Slots, not lists: a slot present on one side and null on the other is an object added or dropped.
  sequences: fc.array(fc.option(fc.record({ increment: fc.integer({ min: 1, max: 5 }), start: fc.integer({ min: 1, max: 100 }), cycle: fc.boolean() }), { nil: null }), { maxLength: 2 }),
  tables: fc.array(fc.option(table, { nil: null, freq: 4 }), { minLength: 1, maxLength: 3 }),
  views: fc.array(fc.option(fc.record({ table: fc.integer({ min: 0, max: 2 }), column: fc.integer({ min: 0, max: 3 }), filtered: fc.boolean(), comment }), { nil: null }), { maxLength: 2 }),
});

/** A pair of schemas; B is often A with a few edits, so the diff meets small changes as well as big ones. */
export const schemaPair: fc.Arbitrary<[SchemaSpec, SchemaSpec]> = fc.oneof(
  fc.tuple(schemaSpec, schemaSpec),
  schemaSpec.chain((a) => fc.tuple(fc.constant(a), mutate(a))),
);

function mutate(spec: SchemaSpec): fc.Arbitrary<SchemaSpec> {
  return fc.record({
    enums: fc.oneof(fc.constant(spec.enums), fc.constant(spec.enums.map((values) => [...values, ...['a', 'b', 'c', 'd'].filter((v) => !values.includes(v)).slice(0, 1)]))),
    sequences: fc.oneof(fc.constant(spec.sequences), fc.constant(spec.sequences.map((s) => (s ? { ...s, increment: s.increment + 1 } : s)))),
    tables: fc.tuple(...spec.tables.map((t) => (t ? fc.oneof(fc.constant(t), mutateTable(t), fc.constant(null)) : fc.option(table, { nil: null })))).map((ts) => ts as (TableSpec | null)[]),
    views: fc.oneof(fc.constant(spec.views), fc.constant(spec.views.map((v) => (v ? { ...v, filtered: !v.filtered } : v)))),
  });
}

function mutateTable(t: TableSpec): fc.Arbitrary<TableSpec> {
  return fc.record({
    primaryKey: fc.oneof(fc.constant(t.primaryKey), fc.boolean()),
    columns: fc
      .tuple(
        ...t.columns.map((c) =>
          fc.oneof(
            fc.constant(c),
            fc.record({
              ...Object.fromEntries(Object.entries(c).map(([k, v]) => [k, fc.constant(v)])),
              notNull: fc.boolean(),
              withDefault: fc.boolean(),
              withCheck: fc.boolean(),
              unique: fc.boolean(),
              comment,
              tuning,
            }) as fc.Arbitrary<ColumnSpec>,
          ),
        ),
      )
      .chain((cols) =>
        fc.oneof(
          fc.constant(cols),
          column.map((c) => [...cols, c]),
        ),
      ),
    indexes: fc.oneof(fc.constant(t.indexes), fc.array(index, { maxLength: 2 })),
    comment: fc.oneof(fc.constant(t.comment), comment),
  });
}

const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

interface RenderedColumn {
  readonly name: string;
  readonly sqlType: string;
  readonly type: ColumnType;
}

/** The DDL of a spec, deterministic, run as is on a fresh database. */
export function renderSchema(spec: SchemaSpec): string {
  const out: string[] = [];
  const enumNames: string[] = [];
  spec.enums.forEach((values, i) => {
    enumNames.push(`mood${i}`);
    out.push(`CREATE TYPE mood${i} AS ENUM (${values.map(literal).join(', ')});`);
  });
  spec.sequences.forEach((s, i) => {
    if (s) out.push(`CREATE SEQUENCE seq${i} INCREMENT BY ${s.increment} START WITH ${s.start}${s.cycle ? ' CYCLE' : ''};`);
  });
  const tables = new Map<number, { name: string; primaryKey: boolean; columns: RenderedColumn[] }>();
  spec.tables.forEach((t, ti) => {
    if (!t) return;
    const name = `t${ti}`;
    const lines: string[] = [`id bigint NOT NULL${t.primaryKey ? ' PRIMARY KEY' : ''}`];
    const columns: RenderedColumn[] = [];
    const seen = new Set<number>();
    const after: string[] = [];
    for (const c of t.columns) {
      if (seen.has(c.name)) continue;
      seen.add(c.name);
      let type: ColumnType = c.type;
      if (type === 'enum' && enumNames.length === 0) type = 'text';
      const enumName = enumNames[c.enumIndex % Math.max(1, enumNames.length)]!;
      const target = c.references !== null && type === 'bigint' ? tables.get(c.references) : undefined;
      const sqlType = type === 'enum' ? enumName : type;
      const col = `c${c.name}`;
      let line = `${col} ${sqlType}`;
      if (c.notNull && !(target && c.onDelete === 'SET NULL')) line += ' NOT NULL';
      if (c.withDefault && !target) line += ` DEFAULT ${defaultFor(type, spec.enums[c.enumIndex % Math.max(1, spec.enums.length)]?.[0] ?? 'a', enumName)}`;
      const check = c.withCheck ? checkFor(type, col) : null;
      if (check) line += ` CHECK (${check})`;
      if (c.unique) line += ' UNIQUE';
      if (target?.primaryKey) line += ` REFERENCES ${target.name} (id) ON DELETE ${c.onDelete}`;
      lines.push(line);
      columns.push({ name: col, sqlType, type });
      if (c.comment !== null) after.push(`COMMENT ON COLUMN ${name}.${col} IS ${literal(c.comment)};`);
      const setting = c.tuning !== null ? tuningFor(c.tuning, type) : null;
      if (setting !== null) after.push(`ALTER TABLE ${name} ALTER COLUMN ${col} ${setting};`);
    }
    out.push(`CREATE TABLE ${name} (\n  ${lines.join(',\n  ')}\n);`);
    t.indexes.forEach((ix, ii) => {
      const col = columns[ix.column % Math.max(1, columns.length)];
      const target = col ? (ix.expression ? expressionFor(col) : col.name) : 'id';
      out.push(`CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${name}_ix${ii} ON ${name} (${target})${ix.partial ? ` WHERE ${col ? col.name : 'id'} IS NOT NULL` : ''};`);
    });
    if (t.comment !== null) out.push(`COMMENT ON TABLE ${name} IS ${literal(t.comment)};`);
    out.push(...after);
    tables.set(ti, { name, primaryKey: t.primaryKey, columns });
  });
  spec.views.forEach((v, vi) => {
    if (!v) return;
    const target = tables.get(v.table) ?? [...tables.values()][0];
    if (!target) return;
    const col = target.columns[v.column % Math.max(1, target.columns.length)];
    out.push(`CREATE VIEW v${vi} AS SELECT id${col ? `, ${col.name}` : ''} FROM ${target.name}${v.filtered ? ` WHERE id > 10` : ''};`);
    if (v.comment !== null) out.push(`COMMENT ON VIEW v${vi} IS ${literal(v.comment)};`);
  });
  return `${out.join('\n')}\n`;
}

function tuningFor(tuning: Tuning, type: ColumnType): string | null {
  const outOfLine = type === 'text' || type === 'varchar(20)' || type === 'jsonb';
  if (tuning === 'statistics') return 'SET STATISTICS 300';
  if (tuning === 'options') return 'SET (n_distinct = -1)';
  if (!outOfLine) return null;
  return tuning === 'storage' ? 'SET STORAGE EXTERNAL' : 'SET COMPRESSION pglz';
}

function defaultFor(type: ColumnType, firstEnumValue: string, enumName: string): string {
  switch (type) {
    case 'integer':
      return '42';
    case 'bigint':
      return '7';
    case 'text':
      return "'x'";
    case 'varchar(20)':
      return "'y'";
    case 'numeric(10,2)':
      return '1.50';
    case 'boolean':
      return 'true';
    case 'timestamptz':
      return 'now()';
    case 'jsonb':
      return "'{}'::jsonb";
    case 'enum':
      return `${literal(firstEnumValue)}::${enumName}`;
  }
}

function checkFor(type: ColumnType, col: string): string | null {
  if (type === 'integer' || type === 'bigint' || type === 'numeric(10,2)') return `${col} >= 0`;
  if (type === 'text' || type === 'varchar(20)') return `${col} <> ''`;
  return null;
}

function expressionFor(col: RenderedColumn): string {
  if (col.type === 'text' || col.type === 'varchar(20)') return `lower(${col.name})`;
  if (col.type === 'integer' || col.type === 'bigint') return `(${col.name} + 1)`;
  if (col.type === 'jsonb') return `(${col.name} ->> 'k')`;
  return col.name;
}
