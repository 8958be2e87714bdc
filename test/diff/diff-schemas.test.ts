import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../../src/diff/diff-schemas.js';
import type { SchemaChange } from '../../src/diff/schema-change.js';
import type { SchemaModel } from '../../src/schema/model.js';
import { check, col, enumType, fk, fn, index, matview, model, pk, policy, sequence, table, trigger, unique, view } from './build-model.js';

const ids = (changes: SchemaChange[]) => changes.map((c) => c.id);
const before = (changes: SchemaChange[], a: string, b: string) => {
  const list = ids(changes);
  expect(list).toContain(a);
  expect(list).toContain(b);
  expect(list.indexOf(a)).toBeLessThan(list.indexOf(b));
};

function shuffled(m: SchemaModel): SchemaModel {
  const rev = <T>(xs: readonly T[]) => [...xs].reverse();
  return {
    ...m,
    tables: rev(m.tables).map((t) => ({ ...t, columns: rev(t.columns), constraints: rev(t.constraints), indexes: rev(t.indexes), policies: rev(t.policies) })),
    enums: rev(m.enums),
    views: rev(m.views),
    routines: rev(m.routines),
    sequences: rev(m.sequences),
  };
}

const richFrom = model({
  enums: [enumType('mood', ['a', 'b'])],
  sequences: [sequence('s1')],
  tables: [
    table('orders', [col('id', 'integer', { notNull: true }), col('total', 'integer'), col('note', 'text')], {
      constraints: [pk('orders', ['id'])],
      indexes: [index('orders_total_idx', 'orders', ['total'])],
    }),
    table('gone', [col('id')]),
  ],
  views: [view('v', ' SELECT orders.total FROM orders;', ['orders.total'], ['total'])],
});
const richTo = model({
  enums: [enumType('mood', ['a', 'c', 'b'])],
  sequences: [sequence('s2')],
  tables: [
    table('orders', [col('id', 'integer', { notNull: true }), col('total', 'bigint'), col('customer_id'), col('m', 'mood', { default: "'c'::mood", dependsOn: ['type:mood'] })], {
      constraints: [pk('orders', ['id']), fk('orders_customer_fk', ['customer_id'], 'customers'), check('orders_total_check', 'total > 0', ['total'])],
      indexes: [index('orders_total_idx', 'orders', ['total', 'id'])],
    }),
    table('customers', [col('id', 'integer', { notNull: true })], { constraints: [pk('customers', ['id'])] }),
  ],
  views: [view('v', ' SELECT orders.total FROM orders;', ['orders.total'], ['total'])],
});

describe('diffSchemas: determinism', () => {
  it('gives identical output for the same inputs', () => {
    expect(JSON.stringify(diffSchemas(richFrom, richTo))).toBe(JSON.stringify(diffSchemas(richFrom, richTo)));
  });
  it('does not depend on the order of the input arrays', () => {
    expect(JSON.stringify(diffSchemas(shuffled(richFrom), shuffled(richTo)))).toBe(JSON.stringify(diffSchemas(richFrom, richTo)));
  });
  it('finds nothing between a model and itself, whatever the column order', () => {
    expect(diffSchemas(richTo, richTo)).toEqual([]);
    expect(diffSchemas(richTo, shuffled(richTo))).toEqual([]);
  });
  it('ignores schema and server version', () => {
    expect(diffSchemas(richTo, { ...richTo, schema: 'tenant_42', serverVersion: 180000 })).toEqual([]);
  });
});

describe('diffSchemas: change kinds', () => {
  it('tables, columns and their attributes', () => {
    const changes = diffSchemas(richFrom, richTo);
    expect(ids(changes)).toEqual(
      expect.arrayContaining([
        'add-table:customers',
        'drop-table:gone',
        'add-column:orders.customer_id',
        'drop-column:orders.note',
        'alter-column:orders.total',
        'add-constraint:orders.orders_customer_fk',
        'add-constraint:orders.orders_total_check',
        'rebuild-index:orders_total_idx',
        'add-enum-values:mood',
        'add-sequence:s2',
        'drop-sequence:s1',
      ]),
    );
  });
  it('enum values keep their declared position', () => {
    const [change] = diffSchemas(model({ enums: [enumType('e', ['a', 'b'])] }), model({ enums: [enumType('e', ['z', 'a', 'm', 'b', 'y'])] }));
    expect(change).toMatchObject({
      kind: 'add-enum-values',
      values: [
        { value: 'z', before: 'a', after: null },
        { value: 'm', before: 'b', after: null },
        { value: 'y', before: null, after: 'b' },
      ],
    });
  });
  it('a removed or reordered enum value recreates the type and lists its columns', () => {
    const m = (values: string[]) => model({ enums: [enumType('e', values)], tables: [table('t', [col('x', 'e', { dependsOn: ['type:e'] })])] });
    const [change] = diffSchemas(m(['a', 'b', 'c']), m(['a', 'c']));
    expect(change).toMatchObject({ kind: 'recreate-enum', removedValues: ['b'], columns: [{ table: 't', column: 'x', type: 'e' }] });
    expect(diffSchemas(m(['a', 'b']), m(['b', 'a']))[0]?.kind).toBe('recreate-enum');
  });
  it('column NOT NULL, default, identity, generated and collation changes', () => {
    const from = model({ tables: [table('t', [col('a'), col('b', 'text'), col('c', 'integer', { notNull: true }), col('d', 'numeric'), col('e', 'text')])] });
    const to = model({
      tables: [
        table('t', [
          col('a', 'integer', { notNull: true, default: '0' }),
          col('b', 'text', { collation: 'C' }),
          col('c', 'integer', {
            notNull: true,
            identity: { generation: 'ALWAYS', sequence: { dataType: 'integer', start: '1', increment: '1', min: '1', max: '2147483647', cache: '1', cycle: false } },
          }),
          col('d', 'numeric', { generated: '(1 + 1)' }),
          col('e', 'text', { comment: 'hi' }),
        ]),
      ],
    });
    const changes = diffSchemas(from, to);
    expect(ids(changes)).toEqual(
      expect.arrayContaining(['alter-column:t.a', 'set-not-null:t.a', 'alter-column:t.b', 'alter-column:t.c', 'drop-column:t.d', 'add-column:t.d', 'set-comment:column:t.e']),
    );
  });
  it('a changed constraint is replaced; a NOT VALID one becomes validated', () => {
    const from = model({
      tables: [table('t', [col('a')], { constraints: [check('c1', 'a > 0', ['a']), { ...check('c2', 'a < 9', ['a']), validated: false, definition: 'CHECK ((a < 9)) NOT VALID' }] })],
    });
    const to = model({ tables: [table('t', [col('a')], { constraints: [check('c1', 'a > 1', ['a']), check('c2', 'a < 9', ['a'])] })] });
    expect(ids(diffSchemas(from, to))).toEqual(['replace-constraint:t.c1', 'validate-constraint:t.c2']);
  });
  it('triggers, policies, RLS, routines, views, materialized views and comments', () => {
    const from = model({
      routines: [fn('f', 'SELECT 1')],
      tables: [table('t', [col('a')], { triggers: [trigger('tr', 't', 'f')], policies: [policy('p', 't', '(a > 0)')] })],
      views: [view('v', ' SELECT t.a FROM t;', ['t.a'], ['a'])],
      materializedViews: [matview('mv', ' SELECT t.a FROM t;', ['t.a'], ['a'])],
    });
    const to = model({
      routines: [fn('f', 'SELECT 2')],
      tables: [table('t', [col('a')], { triggers: [trigger('tr', 't', 'f', { enabled: 'D' })], policies: [policy('p', 't', '(a > 1)')], rowLevelSecurity: true, comment: 'x' })],
      views: [view('v', ' SELECT t.a, 1 AS b FROM t;', ['t.a'], ['a', 'b'])],
      materializedViews: [matview('mv', ' SELECT t.a, 1 AS b FROM t;', ['t.a'], ['a', 'b'])],
    });
    expect(ids(diffSchemas(from, to)).sort()).toEqual(
      [
        'replace-routine:f()',
        'alter-trigger:t.tr',
        'alter-policy:t.p',
        'set-row-level-security:t',
        'set-comment:table:t',
        'replace-view:v',
        'drop-materialized-view:mv',
        'add-materialized-view:mv',
      ].sort(),
    );
  });
});

describe('diffSchemas: ordering traps', () => {
  it('enum value added before a default uses it', () => {
    const from = model({ enums: [enumType('mood', ['a'])], tables: [table('t', [col('m', 'mood', { dependsOn: ['type:mood'] })])] });
    const to = model({ enums: [enumType('mood', ['a', 'b'])], tables: [table('t', [col('m', 'mood', { default: "'b'::mood", dependsOn: ['type:mood'] })])] });
    before(diffSchemas(from, to), 'add-enum-values:mood', 'alter-column:t.m');
  });
  it('view over a retyped column is dropped before and re-created after, in one cluster', () => {
    const v = view('v', ' SELECT t.a FROM t;', ['t.a'], ['a']);
    const v2 = view('v2', ' SELECT v.a FROM v;', [], ['a'], { dependsOn: ['column:v.a', 'view:v'] });
    const from = model({ tables: [table('t', [col('a')])], views: [v, v2] });
    const to = model({ tables: [table('t', [col('a', 'bigint')])], views: [v, v2] });
    const changes = diffSchemas(from, to);
    expect(ids(changes)).toEqual(['drop-view:v2', 'drop-view:v', 'alter-column:t.a', 'add-view:v', 'add-view:v2']);
    expect(new Set(changes.map((c) => c.cluster)).size).toBe(1);
  });
  it('views reading a dropped column go first', () => {
    const from = model({ tables: [table('t', [col('a'), col('b')])], views: [view('v', ' SELECT t.a, t.b FROM t;', ['t.a', 't.b'], ['a', 'b'])] });
    const to = model({ tables: [table('t', [col('a')])], views: [view('v', ' SELECT t.a FROM t;', ['t.a'], ['a'])] });
    const changes = diffSchemas(from, to);
    before(changes, 'drop-view:v', 'drop-column:t.b');
    before(changes, 'drop-view:v', 'add-view:v');
  });
  it('circular foreign keys: both tables, then both keys', () => {
    const to = model({
      tables: [
        table('a', [col('id', 'integer', { notNull: true }), col('b_id')], { constraints: [pk('a', ['id']), fk('a_b_fk', ['b_id'], 'b')] }),
        table('b', [col('id', 'integer', { notNull: true }), col('a_id')], { constraints: [pk('b', ['id']), fk('b_a_fk', ['a_id'], 'a')] }),
      ],
    });
    const changes = diffSchemas(model(), to);
    expect(ids(changes)).toEqual(['add-table:a', 'add-table:b', 'add-constraint:a.a_b_fk', 'add-constraint:b.b_a_fk']);
    const created = changes[0];
    expect(created?.kind === 'add-table' && created.deferredConstraints).toEqual(['a_b_fk']);
  });
  it('FK to a new table waits for it; FK drop precedes the referenced table drop', () => {
    const base = table('o', [col('id', 'integer', { notNull: true }), col('c')]);
    const withFk = table('o', [col('id', 'integer', { notNull: true }), col('c')], { constraints: [fk('o_c_fk', ['c'], 'zz')] });
    const zz = table('zz', [col('id', 'integer', { notNull: true })], { constraints: [pk('zz', ['id'])] });
    before(diffSchemas(model({ tables: [base] }), model({ tables: [withFk, zz] })), 'add-table:zz', 'add-constraint:o.o_c_fk');
    before(diffSchemas(model({ tables: [withFk, zz] }), model({ tables: [base] })), 'drop-constraint:o.o_c_fk', 'drop-table:zz');
  });
  it('dropping two tables that reference each other drops the keys first', () => {
    const a = table('a', [col('id'), col('b_id')], { constraints: [pk('a', ['id']), fk('a_b', ['b_id'], 'b')] });
    const b = table('b', [col('id'), col('a_id')], { constraints: [pk('b', ['id']), fk('b_a', ['a_id'], 'a')] });
    const changes = diffSchemas(model({ tables: [a, b] }), model());
    before(changes, 'drop-constraint:a.a_b', 'drop-table:b');
    before(changes, 'drop-constraint:b.b_a', 'drop-table:a');
  });
  it('primary key moved: NOT NULL before the new key, old key dropped before DROP NOT NULL', () => {
    const from = model({ tables: [table('t', [col('id', 'integer', { notNull: true }), col('code', 'text')], { constraints: [pk('t', ['id'])] })] });
    const to = model({ tables: [table('t', [col('id'), col('code', 'text', { notNull: true })], { constraints: [pk('t', ['code'])] })] });
    const changes = diffSchemas(from, to);
    before(changes, 'set-not-null:t.code', 'replace-constraint:t.t_pkey');
    before(changes, 'replace-constraint:t.t_pkey', 'alter-column:t.id');
  });
  it('functions before the defaults, checks and triggers that call them', () => {
    const f = fn('next_code', "SELECT 'x'", { returns: 'text' });
    const trg = fn('trg', 'SELECT 1', { returns: 'trigger' });
    const to = model({
      routines: [f, trg],
      tables: [
        table('t', [col('code', 'text', { default: 'next_code()', dependsOn: ['routine:next_code()'] })], {
          constraints: [{ ...check('t_code_check', "code <> ''", ['code']), dependsOn: [] }],
          triggers: [trigger('t_trg', 't', 'trg')],
        }),
      ],
    });
    const changes = diffSchemas(model({ tables: [table('t', [col('code', 'text')])] }), to);
    before(changes, 'add-routine:next_code()', 'alter-column:t.code');
    before(changes, 'add-routine:trg()', 'add-trigger:t.t_trg');
  });
  it('a function whose result type changes is dropped and re-created with its dependent view', () => {
    const f1 = fn('f', 'SELECT 1');
    const f2 = fn('f', 'SELECT 1', { returns: 'bigint' });
    const v = view('v', ' SELECT f() AS f;', [], ['f'], { dependsOn: ['routine:f()'] });
    const changes = diffSchemas(model({ routines: [f1], views: [v] }), model({ routines: [f2], views: [v] }));
    expect(ids(changes)).toEqual(['drop-view:v', 'drop-routine:f()', 'add-routine:f()', 'add-view:v']);
  });
  it('a partition is created before an index on its parent is built', () => {
    const parent = (idx: boolean) => table('m', [col('at', 'date')], { kind: 'partitioned', partitionKey: 'RANGE (at)', indexes: idx ? [index('m_at_idx', 'm', ['at'])] : [] });
    const part = table('m_1', [col('at', 'date', { inherited: true })], { partitionOf: { parent: 'm', bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" } });
    before(diffSchemas(model({ tables: [parent(false)] }), model({ tables: [parent(true), part] })), 'add-table:m_1', 'add-index:m_at_idx');
  });
  it('RLS is enabled after its policies exist', () => {
    const to = model({ tables: [table('t', [col('a')], { rowLevelSecurity: true, policies: [policy('p', 't', '(a > 0)')] })] });
    before(diffSchemas(model({ tables: [table('t', [col('a')])] }), to), 'add-policy:t.p', 'set-row-level-security:t');
  });
  it('a unique key exists before a foreign key that needs it', () => {
    const r = (u: boolean) => table('r', [col('code', 'text')], { constraints: u ? [unique('r_code_key', ['code'])] : [] });
    const t = (f: boolean) => table('t', [col('code', 'text')], { constraints: f ? [fk('t_code_fk', ['code'], 'r', ['code'])] : [] });
    before(diffSchemas(model({ tables: [r(false), t(false)] }), model({ tables: [r(true), t(true)] })), 'add-constraint:r.r_code_key', 'add-constraint:t.t_code_fk');
  });
});

describe('diffSchemas: constraints that only change name', () => {
  const users = (constraints: ReturnType<typeof pk>[], extra: Parameters<typeof table>[2] = {}) =>
    table('users', [col('id', 'integer', { notNull: true }), col('email'), col('age', 'integer')], { constraints, ...extra });

  it('renames a key, a unique and a check whose kind, definition and validity stay', () => {
    const changes = diffSchemas(
      model({ tables: [users([pk('users', ['id'], 'users_old_pk'), unique('users_email_uq', ['email']), check('age_positive', 'age > 0', ['age'])])] }),
      model({ tables: [users([pk('users', ['id']), unique('users_email_key', ['email']), check('users_age_check', 'age > 0', ['age'])])] }),
    );
    expect(changes.map((c) => (c.kind === 'rename-constraint' ? `${c.from.name}→${c.to.name}` : c.id)).sort()).toEqual([
      'age_positive→users_age_check',
      'users_email_uq→users_email_key',
      'users_old_pk→users_pkey',
    ]);
  });

  it('does not rename across a different definition, validity or kind, nor a foreign key', () => {
    const from = model({ tables: [users([check('a_check', 'age > 0', ['age']), { ...check('b_check', 'age < 200', ['age']), validated: false }, fk('users_ref_fk', ['id'], 'users')])] });
    const to = model({ tables: [users([check('c_check', 'age >= 0', ['age']), check('d_check', 'age < 200', ['age']), fk('users_self_fk', ['id'], 'users')])] });
    expect(diffSchemas(from, to).filter((c) => c.kind === 'rename-constraint')).toEqual([]);
  });

  it('replaces a key whose new name a relation of the schema has now (its index would take that name)', () => {
    const from = model({ tables: [users([pk('users', ['id'], 'users_old_pk')]), table('users_pkey', [col('x', 'integer')])] });
    const to = model({ tables: [users([pk('users', ['id'])])] });
    const kinds = diffSchemas(from, to).map((c) => c.kind);
    expect(kinds).not.toContain('rename-constraint');
    expect(kinds).toContain('replace-constraint');
  });
});

describe("diffSchemas: a partition's own DEFAULT and NOT NULL", () => {
  const bound = "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')";
  const parent = (status: string | null) => table('m', [col('at', 'date', { notNull: true }), col('status', 'text', { default: status })], { kind: 'partitioned', partitionKey: 'RANGE (at)' });
  const part = (status: string | null, partitionBound = bound, extra: Partial<Parameters<typeof col>[2]> = {}) =>
    table('m_1', [col('at', 'date', { notNull: true, inherited: true }), col('status', 'text', { default: status, inherited: true, ...extra })], {
      partitionOf: { parent: 'm', bound: partitionBound },
    });
  const alterOf = (changes: SchemaChange[], id: string) => changes.find((c) => c.id === id);

  it('one the parent passes its change down to is left alone; one with its own gets it back after the parent', () => {
    const follows = diffSchemas(model({ tables: [parent("'a'::text"), part("'a'::text")] }), model({ tables: [parent("'b'::text"), part("'b'::text")] }));
    expect(ids(follows)).toEqual(['alter-column:m.status']);
    const keeps = diffSchemas(model({ tables: [parent("'a'::text"), part("'own'::text")] }), model({ tables: [parent("'b'::text"), part("'own'::text")] }));
    expect(ids(keeps)).toEqual(['alter-column:m.status', 'alter-column:m_1.status']);
    expect(alterOf(keeps, 'alter-column:m_1.status')).toMatchObject({ from: { default: "'b'::text" }, to: { default: "'own'::text" } });
  });

  it("nothing changes while neither the parent's nor the partition's own changes", () => {
    const m = model({ tables: [parent("'a'::text"), part("'own'::text", bound, { notNull: true, comment: 'x' })] });
    expect(diffSchemas(m, m)).toEqual([]);
  });

  it('a partition moved to a new bound while the parent changes gets its own DEFAULT set either way', () => {
    // Whether the parent's SET DEFAULT reached it depends on the order of the DETACH: the statement runs.
    const moved = "FOR VALUES FROM ('2024-01-01') TO ('2026-01-01')";
    const changes = diffSchemas(model({ tables: [parent("'a'::text"), part("'own'::text")] }), model({ tables: [parent("'b'::text"), part("'own'::text", moved)] }));
    before(changes, 'alter-column:m.status', 'alter-column:m_1.status');
    before(changes, 'attach-partition:m_1', 'alter-column:m_1.status');
  });
});
