import type { AcceptanceCase } from '../acceptance-case.js';

export const indexCases: AcceptanceCase[] = [
  {
    name: 'index on an existing table is built concurrently outside a transaction',
    before: `CREATE TABLE t (id int PRIMARY KEY, email text);`,
    after: `CREATE TABLE t (id int PRIMARY KEY, email text); CREATE INDEX t_email_idx ON t (email);`,
    seed: `INSERT INTO t SELECT g, 'u' || g FROM generate_series(1, 500) g;`,
    expectSql: [/CREATE INDEX CONCURRENTLY t_email_idx ON t USING btree \(email\)/],
    expectNonTransactional: [/CREATE INDEX CONCURRENTLY/],
    forbidHazards: ['blocking-lock'],
  },
  {
    name: 'index on a new table is built plainly',
    before: ``,
    after: `CREATE TABLE t (id int PRIMARY KEY, email text); CREATE INDEX t_email_idx ON t (email);`,
    forbidSql: [/CONCURRENTLY/],
  },
  {
    name: 'drop an index concurrently',
    before: `CREATE TABLE t (a int); CREATE INDEX t_a_idx ON t (a);`,
    after: `CREATE TABLE t (a int);`,
    expectSql: [/DROP INDEX CONCURRENTLY t_a_idx/],
    expectNonTransactional: [/DROP INDEX CONCURRENTLY/],
  },
  {
    name: 'index redefined under the same name is rebuilt under a temporary name',
    before: `CREATE TABLE t (a int, b int); CREATE INDEX t_idx ON t (a);`,
    after: `CREATE TABLE t (a int, b int); CREATE INDEX t_idx ON t (a, b);`,
    seed: `INSERT INTO t SELECT g, g FROM generate_series(1, 100) g;`,
    expectSql: [/CREATE INDEX CONCURRENTLY \S+ ON t USING btree \(a, b\)/, /DROP INDEX CONCURRENTLY t_idx/, /RENAME TO t_idx/],
  },
  {
    name: 'partial, expression, include, opclass, sort order and method',
    before: `CREATE TABLE t (id int, email text, tags text[], active boolean, created_at timestamptz);`,
    after: `CREATE TABLE t (id int, email text, tags text[], active boolean, created_at timestamptz);
      CREATE UNIQUE INDEX t_lower_email ON t (lower(email)) WHERE active;
      CREATE INDEX t_created ON t (created_at DESC NULLS LAST) INCLUDE (id);
      CREATE INDEX t_email_pattern ON t (email text_pattern_ops);
      CREATE INDEX t_tags ON t USING gin (tags);`,
    expectSql: [/WHERE active/, /DESC NULLS LAST/, /INCLUDE \(id\)/, /text_pattern_ops/, /USING gin/],
  },
  {
    name: 'index comment',
    before: `CREATE TABLE t (a int); CREATE INDEX t_a ON t (a);`,
    after: `CREATE TABLE t (a int); CREATE INDEX t_a ON t (a); COMMENT ON INDEX t_a IS 'for the dashboard';`,
    expectSql: [/COMMENT ON INDEX t_a/],
  },
];
