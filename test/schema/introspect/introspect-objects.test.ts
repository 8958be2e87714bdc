import { describe, expect, it } from 'vitest';
import { createTestDatabase, withClient } from '../../support/pg.js';
import { execIn, introspect, RICH_DDL, serverVersion, table } from './introspect-helpers.js';
import { introspectSchema } from '../../../src/schema/introspect/introspect-schema.js';

describe('introspectSchema: object families', () => {
  it('reads tables, columns, constraints and indexes', async () => {
    const db = await createTestDatabase();
    await execIn(db, 'public', RICH_DDL);
    const model = await introspect(db);

    expect(model.schema).toBe('public');
    expect(model.serverVersion).toBe(await serverVersion(db));
    expect(model.tables.map((t) => t.name)).toEqual(['User Accounts', 'orders', 'scratch']);

    const users = table(model, 'User Accounts');
    expect(users.columns.map((c) => c.name)).toEqual(['id', 'Email', 'm', 'n', 'twice', 'name', 'home']);
    const [id, email, m, n, twice, name, home] = users.columns;
    expect(id).toMatchObject({ type: 'bigint', notNull: true, default: null });
    expect(id?.identity).toEqual({
      generation: 'ALWAYS',
      sequence: { dataType: 'bigint', start: '100', increment: '2', min: '1', max: '9223372036854775807', cache: '1', cycle: false },
    });
    expect(email).toMatchObject({ type: 'text', notNull: true, identity: null, collation: null });
    expect(m).toMatchObject({ type: 'mood', default: "'ok'::mood", dependsOn: ['type:mood'] });
    expect(n).toMatchObject({ default: 'add1(3)', dependsOn: ['routine:add1(a integer)'] });
    expect(twice).toMatchObject({ default: null, generated: '(add1(n) * 2)', dependsOn: ['routine:add1(a integer)'] });
    expect(name?.collation).toBe('C');
    expect(home).toMatchObject({ type: 'address', dependsOn: ['type:address'] });
    expect(users.constraints.map((c) => [c.name, c.kind, c.definition])).toEqual([
      ['User Accounts_pkey', 'primary key', 'PRIMARY KEY (id)'],
      ['positive_n', 'check', 'CHECK ((add1(n) > 0))'],
    ]);
    expect(users.constraints[1]?.dependsOn).toEqual(['routine:add1(a integer)']);

    const orders = table(model, 'orders');
    expect(orders.columns[0]).toMatchObject({ name: 'id', type: 'integer', default: "nextval('orders_id_seq'::regclass)" });
    expect(orders.columns[0]?.dependsOn).toEqual(['sequence:orders_id_seq']);
    expect(orders.columns.find((c) => c.name === 'total')?.comment).toBe('in cents');
    const byName = Object.fromEntries(orders.constraints.map((c) => [c.name, c]));
    expect(Object.keys(byName)).toEqual(['no_overlap', 'orders_pkey', 'orders_user_id_fkey', 'total_pos']);
    expect(byName.orders_user_id_fkey).toMatchObject({
      kind: 'foreign key',
      definition: 'FOREIGN KEY (user_id) REFERENCES "User Accounts"(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED',
      columns: ['user_id'],
      references: { table: 'User Accounts', columns: ['id'] },
      deferrable: true,
      initiallyDeferred: true,
      validated: true,
    });
    expect(byName.total_pos).toMatchObject({ kind: 'check', validated: false, comment: 'positive' });
    expect(byName.total_pos?.definition).toMatch(/NOT VALID$/);
    expect(byName.no_overlap).toMatchObject({ kind: 'exclusion', definition: 'EXCLUDE USING gist (during WITH &&)' });

    // Indexes backing orders_pkey and no_overlap belong to their constraints.
    expect(orders.indexes.map((i) => i.name)).toEqual(['orders_expr', 'orders_hash', 'orders_total_idx']);
    const [expr, hash, partial] = orders.indexes;
    expect(expr).toMatchObject({
      definition: 'CREATE INDEX orders_expr ON orders USING btree (lower((total)::text))',
      columns: ['lower(total::text)'],
      comment: 'expr index',
      unique: false,
      valid: true,
      inherited: false,
    });
    expect(hash).toMatchObject({ method: 'hash', definition: 'CREATE INDEX orders_hash ON orders USING hash (c)' });
    expect(partial).toMatchObject({
      definition: 'CREATE INDEX orders_total_idx ON orders USING btree (total DESC NULLS LAST) INCLUDE (user_id) WHERE (total > (10)::numeric)',
      columns: ['total', 'user_id'],
      predicate: '(total > (10)::numeric)',
    });
    expect(orders.comment).toBe('orders table');

    const scratch = table(model, 'scratch');
    expect(scratch).toMatchObject({ unlogged: true, options: ['fillfactor=70'], kind: 'table', partitionOf: null });
  });

  it('reads sequences, leaving identity sequences to their column', async () => {
    const db = await createTestDatabase();
    await execIn(db, 'public', RICH_DDL);
    const model = await introspect(db);
    expect(model.sequences).toEqual([
      {
        name: 'counter',
        dataType: 'bigint',
        start: '10',
        increment: '5',
        min: '5',
        max: '1000000',
        cache: '3',
        cycle: true,
        unlogged: false,
        ownedBy: null,
        comment: 'counter',
      },
      {
        name: 'orders_id_seq',
        dataType: 'integer',
        start: '1',
        increment: '1',
        min: '1',
        max: '2147483647',
        cache: '1',
        cycle: false,
        unlogged: false,
        ownedBy: { table: 'orders', column: 'id' },
        comment: null,
      },
    ]);
  });

  it('reads enums, domains and composite types', async () => {
    const db = await createTestDatabase();
    await execIn(db, 'public', RICH_DDL + `ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';`);
    const model = await introspect(db);
    expect(model.enums).toEqual([{ name: 'mood', values: ['sad', 'meh', 'ok', 'happy'], comment: 'feelings' }]);
    expect(model.domains).toEqual([
      {
        name: 'posint',
        baseType: 'integer',
        notNull: true,
        default: '1',
        collation: null,
        constraints: [{ name: 'posint_check', definition: 'CHECK ((VALUE > 0))', validated: true, comment: 'domain check' }],
        comment: 'positive',
        dependsOn: [],
      },
    ]);
    expect(model.compositeTypes).toEqual([
      {
        name: 'address',
        attributes: [
          { name: 'street', type: 'text', collation: null },
          { name: 'zip', type: 'posint', collation: null },
          { name: 'moods', type: 'mood[]', collation: null },
        ],
        attributeComments: [null, null, null],
        comment: 'postal',
        dependsOn: ['type:mood', 'type:posint'],
      },
    ]);
  });

  it('reads domain dependencies on same-schema types and routines', async () => {
    const db = await createTestDatabase();
    await execIn(
      db,
      'public',
      `CREATE FUNCTION ok(v integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT v > 0';
       CREATE DOMAIN base AS integer;
       CREATE DOMAIN derived AS base;
       ALTER DOMAIN derived ADD CONSTRAINT d_ok CHECK (ok(VALUE)) NOT VALID;
       CREATE DOMAIN code AS text COLLATE "C";`,
    );
    const model = await introspect(db);
    const derived = model.domains.find((d) => d.name === 'derived');
    expect(derived).toMatchObject({ baseType: 'base', notNull: false, dependsOn: ['routine:ok(v integer)', 'type:base'] });
    expect(derived?.constraints).toEqual([{ name: 'd_ok', definition: 'CHECK (ok((VALUE)::integer)) NOT VALID', validated: false, comment: null }]);
    expect(model.domains.find((d) => d.name === 'code')?.collation).toBe('C');
  });

  it('reads views and materialized views with their dependencies and indexes', async () => {
    const db = await createTestDatabase();
    await execIn(db, 'public', RICH_DDL + `CREATE VIEW guarded WITH (security_barrier) AS SELECT * FROM big_orders WITH CHECK OPTION;`);
    const model = await introspect(db);
    expect(model.views.map((v) => v.name)).toEqual(['big_orders', 'guarded']);
    const [big, guarded] = model.views;
    expect(big).toMatchObject({ columns: ['id', 'next'], comment: 'big', options: [] });
    expect(big?.definition).toContain('FROM orders');
    expect(big?.definition).not.toContain('public.');
    expect(big?.dependsOn).toEqual(['column:orders.id', 'column:orders.total', 'routine:add1(a integer)', 'table:orders']);
    expect(guarded?.options).toEqual(['check_option=cascaded', 'security_barrier=true']);
    expect(guarded?.dependsOn).toEqual(['column:big_orders.id', 'column:big_orders.next', 'view:big_orders']);
    expect(table(model, 'orders').constraints.find((c) => c.kind === 'foreign key')?.dependsOn).toEqual(['column:User Accounts.id', 'table:User Accounts']);

    expect(model.materializedViews).toHaveLength(1);
    const mv = model.materializedViews[0];
    expect(mv).toMatchObject({ name: 'per_user', columns: ['user_id', 'n'], comment: 'per user' });
    expect(mv?.dependsOn).toEqual(['column:orders.user_id', 'table:orders']);
    expect(mv?.indexes).toEqual([
      {
        name: 'per_user_u',
        table: 'per_user',
        unique: true,
        definition: 'CREATE UNIQUE INDEX per_user_u ON per_user USING btree (user_id)',
        method: 'btree',
        columns: ['user_id'],
        predicate: null,
        valid: true,
        inherited: false,
        comment: null,
      },
    ]);
  });

  it('reads functions and procedures with an unqualified definition', async () => {
    const db = await createTestDatabase();
    await execIn(
      db,
      'public',
      RICH_DDL +
        `CREATE FUNCTION costly(t text DEFAULT 'x') RETURNS SETOF text LANGUAGE sql STABLE PARALLEL SAFE COST 500 ROWS 5
           SET work_mem = '64MB' AS $$ SELECT t $$;`,
    );
    const model = await introspect(db);
    expect(model.routines.map((r) => `${r.kind} ${r.name}(${r.identityArguments})`)).toEqual([
      'function add1(a integer)',
      'procedure bump(IN x integer)',
      'function costly(t text)',
      'function touch()',
    ]);
    const add1 = model.routines[0];
    expect(add1).toMatchObject({ returns: 'integer', language: 'sql', body: ' SELECT a + 1 ', comment: 'adds one', arguments: 'a integer' });
    expect(add1?.definition).toBe('CREATE OR REPLACE FUNCTION add1(a integer)\n RETURNS integer\n LANGUAGE sql\n IMMUTABLE STRICT\nAS $function$ SELECT a + 1 $function$');
    const bump = model.routines[1];
    expect(bump).toMatchObject({ kind: 'procedure', returns: null, language: 'plpgsql', comment: 'bumps' });
    expect(bump?.definition.startsWith('CREATE OR REPLACE PROCEDURE bump(IN x integer)\n')).toBe(true);
    const costly = model.routines[2];
    expect(costly?.arguments).toBe("t text DEFAULT 'x'::text");
    expect(costly?.returns).toBe('SETOF text');
    for (const part of ['STABLE', 'PARALLEL SAFE', 'COST 500', 'ROWS 5', "SET work_mem TO '64MB'"]) expect(costly?.definition).toContain(part);
    expect(model.routines[3]?.definition).toContain('SECURITY DEFINER');
  });

  it('reads SQL-standard function bodies (PostgreSQL 14+)', async () => {
    const db = await createTestDatabase();
    if ((await serverVersion(db)) < 140000) return;
    await execIn(
      db,
      'public',
      `CREATE TABLE t (x int);
       CREATE FUNCTION one() RETURNS integer LANGUAGE sql RETURN 1;
       CREATE FUNCTION cnt() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) + one() FROM t; END;`,
    );
    const model = await introspect(db);
    const cnt = model.routines.find((r) => r.name === 'cnt');
    expect(cnt?.body).toContain('BEGIN ATOMIC');
    expect(cnt?.body).toContain('FROM t');
    expect(cnt?.definition).toMatch(/^CREATE OR REPLACE FUNCTION cnt\(\)\n/);
    expect(cnt?.dependsOn).toEqual(['routine:one()', 'table:t']);
    expect(model.routines.find((r) => r.name === 'one')?.body).toBe('RETURN 1');
  });

  it('reads triggers (not internal ones), row level security and policies', async () => {
    const db = await createTestDatabase();
    await execIn(db, 'public', RICH_DDL + `ALTER TABLE orders DISABLE TRIGGER orders_touch;`);
    const model = await introspect(db);
    const orders = table(model, 'orders');
    // The foreign key's internal triggers are not listed.
    expect(table(model, 'User Accounts').triggers).toEqual([]);
    expect(orders.triggers).toEqual([
      {
        name: 'orders_touch',
        table: 'orders',
        definition: 'CREATE TRIGGER orders_touch BEFORE INSERT OR UPDATE OF total ON orders FOR EACH ROW EXECUTE FUNCTION touch()',
        enabled: 'D',
        inherited: false,
        comment: 'touches',
        dependsOn: ['routine:touch()'],
      },
    ]);
    expect(orders.rowLevelSecurity).toBe(true);
    expect(orders.forceRowLevelSecurity).toBe(true);
    expect(orders.policies).toEqual([
      {
        name: 'own_rows',
        table: 'orders',
        permissive: false,
        command: 'UPDATE',
        roles: ['public'],
        using: '(user_id > 0)',
        withCheck: '(total >= (0)::numeric)',
        comment: 'own',
      },
    ]);
  });

  it('reads UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+)', async () => {
    const db = await createTestDatabase();
    if ((await serverVersion(db)) < 150000) return;
    await execIn(db, 'public', `CREATE TABLE t (a int, CONSTRAINT t_a_key UNIQUE NULLS NOT DISTINCT (a)); CREATE UNIQUE INDEX t_b ON t (a) NULLS NOT DISTINCT WHERE a > 0;`);
    const t = table(await introspect(db), 't');
    expect(t.constraints.map((c) => c.definition)).toEqual(['UNIQUE NULLS NOT DISTINCT (a)']);
    expect(t.indexes[0]?.definition).toBe('CREATE UNIQUE INDEX t_b ON t USING btree (a) NULLS NOT DISTINCT WHERE (a > 0)');
  });

  it('does not list NOT NULL as a constraint (PostgreSQL 18 stores it in pg_constraint)', async () => {
    const db = await createTestDatabase();
    await execIn(db, 'public', `CREATE TABLE t (a int NOT NULL, b int CONSTRAINT b_nn NOT NULL, c int);`);
    const t = table(await introspect(db), 't');
    expect(t.constraints).toEqual([]);
    expect(t.columns.map((c) => c.notNull)).toEqual([true, true, false]);
  });

  it('reads comments on the schema and on extensions', async () => {
    const db = await createTestDatabase();
    await execIn(db, 'tenant', `COMMENT ON SCHEMA tenant IS 'a tenant'; CREATE TABLE t (x int);`);
    const model = await introspect(db, 'tenant');
    expect(model.comment).toBe('a tenant');
    expect(model.extensions).toEqual([]);
  });

  it('lists installed extensions (not plpgsql) and leaves their objects out', async () => {
    const db = await createTestDatabase();
    const available = await db.query<{ name: string }>("SELECT name FROM pg_available_extensions WHERE name IN ('citext', 'pg_trgm', 'hstore') ORDER BY name");
    const ext = available[0]?.name;
    if (!ext) return; // the server has no contrib modules
    await db.exec(`CREATE EXTENSION ${ext}; COMMENT ON EXTENSION ${ext} IS 'from contrib'; CREATE TABLE t (x int);`);
    const model = await introspect(db);
    expect(model.extensions).toEqual([expect.objectContaining({ name: ext, schema: 'public', comment: 'from contrib' })]);
    expect(model.routines).toEqual([]);
    expect(model.unsupported).toEqual([]);
    expect(model.tables.map((t) => t.name)).toEqual(['t']);
    // A tenant schema sees the same extensions, living in public.
    await execIn(db, 'tenant', 'CREATE TABLE t (x int);');
    expect((await introspect(db, 'tenant')).extensions).toEqual(model.extensions);
  });

  it('rejects a schema that does not exist and leaves the session as it was', async () => {
    const db = await createTestDatabase();
    await withClient(db.url, async (client) => {
      await expect(introspectSchema(client, 'nope')).rejects.toThrow(/schema "nope" does not exist/);
      await client.query('CREATE SCHEMA other');
      await introspectSchema(client, 'other');
      expect((await client.query('SHOW search_path')).rows[0]).toEqual({ search_path: '"$user", public' });
      expect(client.getTransactionStatus()).toBe('I');
      // Inside a caller's transaction: the caller's work and search_path survive.
      await client.query('BEGIN');
      await client.query('CREATE TABLE kept (x int)');
      await client.query('SET LOCAL search_path = pg_catalog');
      const model = await introspectSchema(client, 'public');
      expect(model.tables.map((t) => t.name)).toEqual(['kept']);
      expect((await client.query('SHOW search_path')).rows[0]).toEqual({ search_path: 'pg_catalog' });
      await client.query('COMMIT');
      expect((await client.query("SELECT to_regclass('public.kept') IS NOT NULL AS ok")).rows[0]).toEqual({ ok: true });
    });
  });
});
