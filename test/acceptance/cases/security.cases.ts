import type { AcceptanceCase } from '../acceptance-case.js';

export const securityCases: AcceptanceCase[] = [
  {
    name: 'enable row level security with a policy',
    before: `CREATE TABLE docs (id int, owner text);`,
    after: `CREATE TABLE docs (id int, owner text);
      ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
      CREATE POLICY docs_owner ON docs USING (owner = current_user);`,
    expectSql: [/ENABLE ROW LEVEL SECURITY/, /CREATE POLICY docs_owner ON docs/],
  },
  {
    name: 'force row level security and a restrictive insert policy with check',
    before: `CREATE TABLE docs (id int, owner text); ALTER TABLE docs ENABLE ROW LEVEL SECURITY;`,
    after: `CREATE TABLE docs (id int, owner text); ALTER TABLE docs ENABLE ROW LEVEL SECURITY; ALTER TABLE docs FORCE ROW LEVEL SECURITY;
      CREATE POLICY docs_insert ON docs AS RESTRICTIVE FOR INSERT TO PUBLIC WITH CHECK (owner = current_user);`,
    expectSql: [/FORCE ROW LEVEL SECURITY/, /AS RESTRICTIVE FOR INSERT/],
  },
  {
    name: 'policy expression changed',
    before: `CREATE TABLE docs (id int, owner text, public boolean); ALTER TABLE docs ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON docs FOR SELECT USING (owner = current_user);`,
    after: `CREATE TABLE docs (id int, owner text, public boolean); ALTER TABLE docs ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON docs FOR SELECT USING (owner = current_user OR public);`,
    expectSql: [/POLICY p ON docs/],
  },
  {
    name: 'disable row level security and drop its policy',
    before: `CREATE TABLE docs (id int); ALTER TABLE docs ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON docs USING (true);`,
    after: `CREATE TABLE docs (id int);`,
    expectSql: [/DROP POLICY p ON docs/, /DISABLE ROW LEVEL SECURITY/],
  },
];
