import { describe, expect, it } from 'vitest';
import { createTestDatabase, withClient } from '../../support/pg.js';
import { introspectSchemaSet, listSchemas } from '../../../src/schema/introspect/introspect-schema-set.js';
import { introspectSchemas } from '../../../src/schema/introspect/introspect-schemas.js';
import { introspectSchema } from '../../../src/schema/introspect/introspect-schema.js';

describe('introspectSchemaSet', () => {
  it("records what a schema uses of the set's others, which reads of independent tenant schemas leave out", async () => {
    const db = await createTestDatabase();
    await db.exec(`CREATE SCHEMA app; CREATE SCHEMA audit; CREATE EXTENSION IF NOT EXISTS citext SCHEMA public;
      CREATE DOMAIN audit.code AS text CHECK (VALUE <> '');
      CREATE TABLE audit.plans (id bigint PRIMARY KEY);
      CREATE TABLE app.accounts (id bigint PRIMARY KEY, plan_id bigint REFERENCES audit.plans (id), code audit.code);
      CREATE VIEW audit.accounts_per_plan AS SELECT plan_id, count(*) FROM app.accounts GROUP BY plan_id;`);
    const set = await withClient(db.url, (c) => introspectSchemaSet(c, ['app', 'audit'], 'app'));
    const accounts = set.models.get('app')?.tables.find((t) => t.name === 'accounts');
    expect(accounts?.constraints.find((c) => c.kind === 'foreign key')?.dependsOn).toEqual(['column:audit.plans.id', 'table:audit.plans']);
    expect(accounts?.columns.find((c) => c.name === 'code')?.dependsOn).toEqual(['type:audit.code']);
    expect(set.models.get('audit')?.views[0]?.dependsOn).toEqual(expect.arrayContaining(['table:app.accounts', 'column:app.accounts.plan_id']));
    // Extensions belong to the database: listed once, with the first schema.
    expect(set.models.get('app')?.extensions.map((e) => e.name)).toContain('citext');
    expect(set.models.get('audit')?.extensions).toEqual([]);

    // Read as independent tenants, nothing changes: each model is introspectSchema's.
    const tenants = await withClient(db.url, (c) => introspectSchemas(c, ['app', 'audit']));
    const alone = await withClient(db.url, (c) => introspectSchema(c, 'app'));
    expect(tenants.get('app')).toEqual(alone);
    expect(alone.tables[0]?.constraints.find((c) => c.kind === 'foreign key')?.dependsOn).toEqual([]);
  });

  it("lists the database's own schemas, not PostgreSQL's", async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE SCHEMA "Zeta"; CREATE SCHEMA app;');
    expect(await withClient(db.url, (c) => listSchemas(c))).toEqual(['Zeta', 'app', 'public']);
  });
});
