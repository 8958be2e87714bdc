import { describe, expect, it } from 'vitest';
import { planMigration } from '../../src/plan/plan-migration.js';
import { renderPlanSql } from '../../src/plan/render-plan-sql.js';
import { LONG_STEP_TIMEOUT_MS } from '../../src/plan/plan-constants.js';
import { typeChangeEffect } from '../../src/plan/column-type-change.js';
import { isVolatileDefault } from '../../src/plan/default-volatility.js';
import { derivedName, quoteIdent } from '../../src/util/quote-ident.js';
import type { SchemaModel } from '../../src/schema/model.js';
import { check, col, enumType, fk, index, model, pk, table, unique } from '../diff/build-model.js';

const plan = (from: SchemaModel, to: SchemaModel, tableFacts?: Map<string, { rows: number; bytes: number }>) => planMigration(from, to, tableFacts ? { tableFacts } : {}).plan;
const sqls = (from: SchemaModel, to: SchemaModel) => plan(from, to).steps.map((s) => s.sql);
const t0 = table('t', [col('id', 'integer', { notNull: true }), col('a'), col('email', 'text')], { constraints: [pk('t', ['id'])] });
const withT = (extra: Partial<Parameters<typeof table>[2]> = {}, columns = t0.columns) => model({ tables: [table('t', columns, { constraints: t0.constraints, ...extra })] });

describe('online-safe forms on existing tables', () => {
  it('index: CREATE INDEX CONCURRENTLY, outside a transaction, SHARE UPDATE EXCLUSIVE', () => {
    const p = plan(withT(), withT({ indexes: [index('t_a_idx', 't', ['a'])] }));
    expect(p.steps).toEqual([
      expect.objectContaining({
        sql: 'CREATE INDEX CONCURRENTLY t_a_idx ON t USING btree (a)',
        transactional: false,
        lock: 'SHARE UPDATE EXCLUSIVE',
        table: 't',
        group: null,
        timeoutMs: LONG_STEP_TIMEOUT_MS,
        onNewObject: false,
      }),
    ]);
    expect(p.steps[0]?.hazards.map((h) => h.kind)).toEqual(['index-build', 'non-transactional']);
    expect(sqls(withT({ indexes: [index('t_a_idx', 't', ['a'])] }), withT())).toEqual(['DROP INDEX CONCURRENTLY t_a_idx']);
  });
  it('changed index: build under a temporary name, drop the old one, rename', () => {
    expect(sqls(withT({ indexes: [index('t_a_idx', 't', ['a'])] }), withT({ indexes: [index('t_a_idx', 't', ['a', 'id'])] }))).toEqual([
      'CREATE INDEX CONCURRENTLY t_a_idx_sf_new ON t USING btree (a, id)',
      'DROP INDEX CONCURRENTLY t_a_idx',
      'ALTER INDEX t_a_idx_sf_new RENAME TO t_a_idx',
    ]);
  });
  it('changed unique index a foreign key may use: the foreign key is dropped and added back NOT VALID in the transaction that swaps the index', () => {
    const r = (include: boolean) =>
      table('r', [col('id', 'integer', { notNull: true }), col('a')], {
        indexes: [index('r_id_idx', 'r', include ? ['id', 'a'] : ['id'], { unique: true, ...(include ? { using: 'USING btree (id) INCLUDE (a)' } : {}) })],
      });
    const fromT = table('t', t0.columns, { constraints: [...t0.constraints, fk('t_a_fk', ['a'], 'r')] });
    const p = plan(model({ tables: [fromT, r(false)] }), model({ tables: [fromT, r(true)] }));
    expect(p.steps.map((s) => [s.sql, s.group, s.transactional])).toEqual([
      ['CREATE UNIQUE INDEX CONCURRENTLY r_id_idx_sf_new ON r USING btree (id) INCLUDE (a)', null, false],
      ['ALTER TABLE t DROP CONSTRAINT t_a_fk', 1, true],
      ['DROP INDEX r_id_idx', 1, true],
      ['ALTER INDEX r_id_idx_sf_new RENAME TO r_id_idx', 1, true],
      ['ALTER TABLE t ADD CONSTRAINT t_a_fk FOREIGN KEY (a) REFERENCES r(id) NOT VALID', 1, true],
      ['ALTER TABLE t VALIDATE CONSTRAINT t_a_fk', null, true],
    ]);
  });
  it('CHECK and FOREIGN KEY: NOT VALID, then VALIDATE in its own transaction', () => {
    const r = table('r', [col('id', 'integer', { notNull: true })], { constraints: [pk('r', ['id'])] });
    const from = model({ tables: [t0, r] });
    const to = model({ tables: [table('t', t0.columns, { constraints: [...t0.constraints, check('t_a_check', 'a > 0', ['a']), fk('t_a_fk', ['a'], 'r')] }), r] });
    const p = plan(from, to);
    expect(p.steps.map((s) => [s.sql, s.lock, s.group])).toEqual([
      ['ALTER TABLE t ADD CONSTRAINT t_a_check CHECK ((a > 0)) NOT VALID', 'ACCESS EXCLUSIVE', null],
      ['ALTER TABLE t VALIDATE CONSTRAINT t_a_check', 'SHARE UPDATE EXCLUSIVE', null],
      ['ALTER TABLE t ADD CONSTRAINT t_a_fk FOREIGN KEY (a) REFERENCES r(id) NOT VALID', 'SHARE ROW EXCLUSIVE', null],
      ['ALTER TABLE t VALIDATE CONSTRAINT t_a_fk', 'SHARE UPDATE EXCLUSIVE', null],
    ]);
    expect(p.steps[1]?.hazards.map((h) => h.kind)).toEqual(['validation-scan', 'may-fail-on-data']);
  });
  it('SET NOT NULL proven by a validated CHECK, then the proof is dropped', () => {
    const p = plan(withT(), withT({}, [t0.columns[0]!, col('a', 'integer', { notNull: true }), t0.columns[2]!]));
    expect(p.steps.map((s) => [s.sql, s.group])).toEqual([
      ['ALTER TABLE t ADD CONSTRAINT t_a_sf_not_null CHECK (a IS NOT NULL) NOT VALID', null],
      ['ALTER TABLE t VALIDATE CONSTRAINT t_a_sf_not_null', null],
      ['ALTER TABLE t ALTER COLUMN a SET NOT NULL', 1],
      ['ALTER TABLE t DROP CONSTRAINT t_a_sf_not_null', 1],
    ]);
  });
  it('UNIQUE and PRIMARY KEY attach to a concurrently built index', () => {
    expect(sqls(withT(), withT({ constraints: [...t0.constraints, unique('t_email_key', ['email'])] }))).toEqual([
      'CREATE UNIQUE INDEX CONCURRENTLY t_email_key ON t USING btree (email)',
      'ALTER TABLE t ADD CONSTRAINT t_email_key UNIQUE USING INDEX t_email_key',
    ]);
    const from = model({ tables: [table('k', [col('id')])] });
    const to = model({ tables: [table('k', [col('id', 'integer', { notNull: true })], { constraints: [pk('k', ['id'])] })] });
    expect(sqls(from, to)).toEqual([
      'ALTER TABLE k ADD CONSTRAINT k_id_sf_not_null CHECK (id IS NOT NULL) NOT VALID',
      'ALTER TABLE k VALIDATE CONSTRAINT k_id_sf_not_null',
      'ALTER TABLE k ALTER COLUMN id SET NOT NULL',
      'ALTER TABLE k DROP CONSTRAINT k_id_sf_not_null',
      'CREATE UNIQUE INDEX CONCURRENTLY k_pkey ON k USING btree (id)',
      'ALTER TABLE k ADD CONSTRAINT k_pkey PRIMARY KEY USING INDEX k_pkey',
    ]);
  });
  it('column adds: volatile default and identity rewrite, constant default does not', () => {
    const kinds = (c: ReturnType<typeof col>) => plan(withT(), withT({}, [...t0.columns, c])).steps[0]?.hazards.map((h) => h.kind);
    expect(kinds(col('b', 'integer', { default: '5' }))).toEqual([]);
    expect(kinds(col('u', 'uuid', { default: 'gen_random_uuid()' }))).toEqual(['table-rewrite']);
    expect(kinds(col('x', 'integer', { notNull: true }))).toEqual(['may-fail-on-data']);
  });
  it('type changes: binary-compatible vs rewrite vs narrowing, with sizes from tableFacts', () => {
    const retype = (from: string, to: string) =>
      plan(withT({}, [t0.columns[0]!, col('a', from)]), withT({}, [t0.columns[0]!, col('a', to)]), new Map([['t', { rows: 12_000_000, bytes: 3.4 * 1024 ** 3 }]])).steps;
    expect(retype('character varying(10)', 'text').map((s) => s.sql)).toEqual(['ALTER TABLE t ALTER COLUMN a TYPE text']);
    const rewrite = retype('integer', 'bigint');
    expect(rewrite[0]?.sql).toBe('ALTER TABLE t ALTER COLUMN a TYPE bigint');
    expect(rewrite[0]?.hazards.map((h) => h.kind)).toEqual(['table-rewrite', 'may-fail-on-data']);
    expect(rewrite[0]?.hazards[0]?.message).toContain('t (~12M rows, 3.4 GB)');
    expect(retype('character varying(20)', 'character varying(5)')[0]?.hazards.map((h) => h.kind)).toContain('data-loss');
  });
  it('drops carry data-loss', () => {
    const p = plan(model({ tables: [t0] }), model());
    expect(p.steps[0]?.hazards.map((h) => h.kind)).toContain('data-loss');
  });
});

describe('new objects skip the online forms', () => {
  it('CREATE TABLE with inline constraints, plain CREATE INDEX, onNewObject', () => {
    const p = plan(model(), model({ tables: [table('n', [col('id', 'integer', { notNull: true }), col('a')], { constraints: [pk('n', ['id'])], indexes: [index('n_a_idx', 'n', ['a'])] })] }));
    expect(p.steps.map((s) => [s.sql, s.onNewObject, s.lock, s.hazards.length])).toEqual([
      ['CREATE TABLE n (\n    id integer NOT NULL,\n    a integer,\n    CONSTRAINT n_pkey PRIMARY KEY (id)\n)', true, null, 0],
      ['CREATE INDEX n_a_idx ON n USING btree (a)', true, null, 0],
    ]);
  });
});

describe('renderPlanSql', () => {
  it('search_path header, groups in BEGIN/COMMIT, non-transactional steps marked', () => {
    const from = model({ enums: [enumType('e', ['a'])], tables: [table('T', [col('a')])] });
    const to = model({
      enums: [enumType('e', ['a', 'b'])],
      tables: [table('T', [col('a', 'integer', { notNull: true })], { indexes: [index('t_a', 'T', ['a'], { using: 'USING btree (a)', definition: 'CREATE INDEX t_a ON "T" USING btree (a)' })] })],
    });
    const sql = renderPlanSql({ ...plan(from, to), schema: 'Tenant 1' });
    expect(sql).toBe(
      [
        'SET search_path TO "Tenant 1";',
        '',
        "ALTER TYPE e ADD VALUE 'b' AFTER 'a';",
        '',
        'ALTER TABLE "T" ADD CONSTRAINT "T_a_sf_not_null" CHECK (a IS NOT NULL) NOT VALID;',
        '',
        'ALTER TABLE "T" VALIDATE CONSTRAINT "T_a_sf_not_null";',
        '',
        'BEGIN;',
        'ALTER TABLE "T" ALTER COLUMN a SET NOT NULL;',
        'ALTER TABLE "T" DROP CONSTRAINT "T_a_sf_not_null";',
        'COMMIT;',
        '',
        '-- non-transactional: run outside a transaction block',
        'CREATE INDEX CONCURRENTLY t_a ON "T" USING btree (a);',
        '',
      ].join('\n'),
    );
  });
  it('fingerprints ignore schema name and server version', () => {
    const p1 = plan(model(), model({ tables: [t0] }));
    const p2 = plan({ ...model(), schema: 'x', serverVersion: 180000 }, model({ tables: [t0] }));
    expect(p1.currentFingerprint).toBe(p2.currentFingerprint);
    expect(p1.desiredFingerprint).not.toBe(p1.currentFingerprint);
  });
});

describe('helpers', () => {
  it('quoteIdent matches quote_ident', () => {
    expect(['orders', 'Orders', 'user', 'select', 'a b', 'we"ird', 'x$1', '_ok', '1abc', 'name'].map(quoteIdent)).toEqual([
      'orders',
      '"Orders"',
      '"user"',
      '"select"',
      '"a b"',
      '"we""ird"',
      '"x$1"',
      '_ok',
      '"1abc"',
      'name',
    ]);
  });
  it('derivedName stays within 63 bytes, deterministically', () => {
    const long = 'x'.repeat(70);
    expect(derivedName(long, '_sf_new')).toBe(`${'x'.repeat(56)}_sf_new`);
    expect(Buffer.byteLength(derivedName('é'.repeat(40), '_sf_new'))).toBeLessThanOrEqual(63);
  });
  it('type change effects', () => {
    expect(typeChangeEffect('character varying(10)', 'character varying(20)')).toBe('binary-compatible');
    expect(typeChangeEffect('numeric(10,2)', 'numeric(12,2)')).toBe('binary-compatible');
    expect(typeChangeEffect('numeric(10,2)', 'numeric(12,3)')).toBe('rewrite');
    expect(typeChangeEffect('timestamp without time zone', 'timestamp with time zone')).toBe('rewrite');
    expect(typeChangeEffect('bigint', 'integer')).toBe('narrowing');
  });
  it('default volatility', () => {
    expect(["'x'::text", 'now()', 'CURRENT_TIMESTAMP', "'{}'::jsonb", "'a'::character varying(10)"].map(isVolatileDefault)).toEqual([false, false, false, false, false]);
    expect(['gen_random_uuid()', 'random()', "nextval('s'::regclass)", 'clock_timestamp()'].map(isVolatileDefault)).toEqual([true, true, true, true]);
  });
});
