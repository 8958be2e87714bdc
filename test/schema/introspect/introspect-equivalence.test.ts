import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../support/pg.js';
import { fingerprintModel } from '../../../src/schema/fingerprint-model.js';
import { content, execIn, introspect, RICH_DDL, table } from './introspect-helpers.js';

const PARTITIONED_DDL = `
CREATE TABLE events (id int, at date NOT NULL, kind text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX events_kind ON events (kind);
`;

describe('introspectSchema: the same DDL gives the same model', () => {
  it('is deterministic: byte-identical JSON on every read', async () => {
    const db = await createTestDatabase();
    await execIn(db, 'public', RICH_DDL + PARTITIONED_DDL);
    const first = JSON.stringify(await introspect(db));
    const second = JSON.stringify(await introspect(db));
    expect(second).toBe(first);
  });

  it('gives two schemas of one database equal models, whatever their names', async () => {
    const db = await createTestDatabase();
    await execIn(db, 'tenant_a', RICH_DDL + PARTITIONED_DDL);
    await execIn(db, 'Tenant "B"', RICH_DDL + PARTITIONED_DDL);
    const a = await introspect(db, 'tenant_a');
    const b = await introspect(db, 'Tenant "B"');
    expect(a.schema).toBe('tenant_a');
    expect(b.schema).toBe('Tenant "B"');
    expect(content(b)).toEqual(content(a));
    expect(JSON.stringify(content(b))).toBe(JSON.stringify(content(a)));
    expect(fingerprintModel(b)).toBe(fingerprintModel(a));
    // Nothing of the schema's own name leaks into definitions.
    expect(JSON.stringify(content(a))).not.toContain('tenant_a');
  });

  it('gives a second database with the same DDL an equal model', async () => {
    const one = await createTestDatabase();
    const two = await createTestDatabase();
    await execIn(one, 'public', RICH_DDL + PARTITIONED_DDL);
    await execIn(two, 'public', RICH_DDL + PARTITIONED_DDL);
    const a = await introspect(one);
    const b = await introspect(two);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(fingerprintModel(b)).toBe(fingerprintModel(a));
  });

  it('changes the fingerprint when the content changes', async () => {
    const db = await createTestDatabase();
    await execIn(db, 'public', 'CREATE TABLE t (x int);');
    const before = fingerprintModel(await introspect(db));
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    await db.exec('ALTER TABLE t ADD COLUMN y int');
    expect(fingerprintModel(await introspect(db))).not.toBe(before);
  });

  it('keeps quoted identifiers raw in names and quoted in definitions', async () => {
    const db = await createTestDatabase();
    await execIn(
      db,
      'Mixed Case',
      `CREATE TYPE "Mood ""x""" AS ENUM ('a b', 'C');
       CREATE TABLE "Order" ("Select" int PRIMARY KEY, "with space" "Mood ""x""", "user" text);
       CREATE INDEX "Idx ""q""" ON "Order" ("with space") WHERE "user" <> '';
       CREATE SEQUENCE "Seq.1";
       CREATE FUNCTION "Fn"("Arg" int) RETURNS int LANGUAGE sql AS 'SELECT 1';
       CREATE TRIGGER "Trg" BEFORE UPDATE OF "with space" ON "Order" FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
       CREATE VIEW "V" AS SELECT "Select", "Fn"("Select") FROM "Order";`,
    );
    const model = await introspect(db, 'Mixed Case');
    const order = table(model, 'Order');
    expect(order.columns.map((c) => [c.name, c.type])).toEqual([
      ['Select', 'integer'],
      ['with space', '"Mood ""x"""'],
      ['user', 'text'],
    ]);
    expect(order.columns[1]?.dependsOn).toEqual(['type:Mood "x"']);
    expect(model.enums).toEqual([{ name: 'Mood "x"', values: ['a b', 'C'], comment: null }]);
    expect(order.constraints[0]).toMatchObject({ name: 'Order_pkey', definition: 'PRIMARY KEY ("Select")', columns: ['Select'] });
    expect(order.indexes[0]).toMatchObject({
      name: 'Idx "q"',
      definition: `CREATE INDEX "Idx ""q""" ON "Order" USING btree ("with space") WHERE ("user" <> ''::text)`,
    });
    expect(order.triggers[0]?.definition).toBe('CREATE TRIGGER "Trg" BEFORE UPDATE OF "with space" ON "Order" FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()');
    expect(model.sequences.map((s) => s.name)).toEqual(['Seq.1']);
    expect(model.routines[0]).toMatchObject({ name: 'Fn', identityArguments: '"Arg" integer' });
    expect(model.routines[0]?.definition).toMatch(/^CREATE OR REPLACE FUNCTION "Fn"\("Arg" integer\)\n/);
    expect(model.views[0]?.dependsOn).toEqual(['column:Order.Select', 'routine:Fn("Arg" integer)', 'table:Order']);
  });
});
