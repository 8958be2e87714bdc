import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../support/pg.js';
import { execIn, introspect, table } from './introspect-helpers.js';

describe('introspectSchema: partitioned tables', () => {
  it('reads the partition key, the bounds and what partitions inherit', async () => {
    const db = await createTestDatabase();
    await execIn(
      db,
      'tenant',
      `CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
       CREATE TABLE accounts (id int PRIMARY KEY);
       CREATE TABLE events (
         id int, at date NOT NULL, account int REFERENCES accounts (id), kind text CHECK (kind <> ''),
         PRIMARY KEY (id, at)
       ) PARTITION BY RANGE (at);
       CREATE INDEX events_kind ON events (kind);
       CREATE TRIGGER events_touch BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION touch();
       CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
       CREATE TABLE events_rest PARTITION OF events (CONSTRAINT rest_local CHECK (id > 0)) DEFAULT;
       CREATE INDEX events_rest_local ON events_rest (id);
       CREATE TABLE by_list (k text) PARTITION BY LIST (k);
       CREATE TABLE by_list_ab PARTITION OF by_list FOR VALUES IN ('a', 'b') PARTITION BY HASH (k);
       CREATE TABLE by_list_ab_0 PARTITION OF by_list_ab FOR VALUES WITH (MODULUS 2, REMAINDER 0);
       CREATE TABLE refs_events (id int, at date, FOREIGN KEY (id, at) REFERENCES events (id, at));`,
    );
    const model = await introspect(db, 'tenant');
    expect(model.tables.map((t) => t.name)).toEqual(['accounts', 'by_list', 'by_list_ab', 'by_list_ab_0', 'events', 'events_2024', 'events_rest', 'refs_events']);
    const events = table(model, 'events');
    expect(events).toMatchObject({ kind: 'partitioned', partitionKey: 'RANGE (at)', partitionOf: null });
    expect(events.indexes.map((i) => [i.name, i.definition, i.inherited])).toEqual([['events_kind', 'CREATE INDEX events_kind ON ONLY events USING btree (kind)', false]]);
    expect(events.constraints.every((c) => !c.inherited)).toBe(true);

    const p2024 = table(model, 'events_2024');
    expect(p2024).toMatchObject({
      kind: 'table',
      partitionKey: null,
      partitionOf: { parent: 'events', bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" },
    });
    expect(p2024.columns.every((c) => c.inherited)).toBe(true);
    expect(p2024.constraints.map((c) => [c.kind, c.inherited])).toEqual(
      expect.arrayContaining([
        ['primary key', true],
        ['foreign key', true],
        ['check', true],
      ]),
    );
    expect(p2024.constraints).toHaveLength(3);
    expect(p2024.indexes.map((i) => [i.name, i.inherited])).toEqual([['events_2024_kind_idx', true]]);
    expect(p2024.triggers.map((t) => [t.name, t.inherited, t.definition])).toEqual([
      ['events_touch', true, 'CREATE TRIGGER events_touch BEFORE INSERT ON events_2024 FOR EACH ROW EXECUTE FUNCTION touch()'],
    ]);

    const rest = table(model, 'events_rest');
    expect(rest.partitionOf).toEqual({ parent: 'events', bound: 'DEFAULT' });
    expect(rest.constraints.find((c) => c.name === 'rest_local')?.inherited).toBe(false);
    expect(rest.indexes.map((i) => [i.name, i.inherited])).toEqual([
      ['events_rest_kind_idx', true],
      ['events_rest_local', false],
    ]);

    expect(table(model, 'by_list_ab')).toMatchObject({
      kind: 'partitioned',
      partitionKey: 'HASH (k)',
      partitionOf: { parent: 'by_list', bound: "FOR VALUES IN ('a', 'b')" },
    });
    expect(table(model, 'by_list_ab_0').partitionOf?.bound).toBe('FOR VALUES WITH (modulus 2, remainder 0)');
    // A foreign key to a partitioned table is one constraint, not one per partition.
    expect(table(model, 'refs_events').constraints.map((c) => c.name)).toEqual(['refs_events_id_at_fkey']);
    expect(table(model, 'refs_events').triggers).toEqual([]);
  });

  it("a foreign key between partitioned tables is the parent's; each partition's copy is inherited, a detached one's its own", async () => {
    const db = await createTestDatabase();
    // PostgreSQL adds rows for every partition on both sides (conparentid children; more rows per
    // referenced partition on the referencing side, named alike from PostgreSQL 17 on): none is a
    // constraint of the schema's own.
    await execIn(
      db,
      'tenant',
      `CREATE TABLE accounts (id int, region text, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
       CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
       CREATE TABLE accounts_us PARTITION OF accounts FOR VALUES IN ('us');
       CREATE TABLE events (account_id int, region text, at date NOT NULL,
         CONSTRAINT events_account_fk FOREIGN KEY (account_id, region) REFERENCES accounts (id, region)) PARTITION BY RANGE (at);
       CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
       CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
       ALTER TABLE events DETACH PARTITION events_2026;`,
    );
    const model = await introspect(db, 'tenant');
    const fks = (name: string) =>
      table(model, name)
        .constraints.filter((c) => c.kind === 'foreign key')
        .map((c) => [c.name, c.inherited, c.references?.table]);
    expect(fks('events')).toEqual([['events_account_fk', false, 'accounts']]);
    expect(fks('events_2025')).toEqual([['events_account_fk', true, 'accounts']]);
    expect(fks('events_2026')).toEqual([['events_account_fk', false, 'accounts']]);
    for (const name of ['accounts', 'accounts_eu', 'accounts_us']) expect(fks(name)).toEqual([]);
  });
});
