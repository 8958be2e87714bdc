import type { AcceptanceCase } from '../acceptance-case.js';

// Roles belong to the server: each side makes the ones it names, once per cluster.
const roles = `
  DO $$ BEGIN CREATE ROLE sf_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
  DO $$ BEGIN CREATE ROLE sf_writer NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;`;

export const privilegeCases: AcceptanceCase[] = [
  {
    name: 'grants and revokes on tables, views, sequences and routines, with grant option, around a view made again',
    before: `${roles}
      CREATE TABLE t (id int);
      CREATE SEQUENCE s;
      CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x';
      CREATE VIEW v AS SELECT id FROM t;
      GRANT SELECT ON t TO sf_reader;
      GRANT INSERT ON t TO sf_writer;
      GRANT SELECT ON v TO sf_reader;`,
    after: `${roles}
      CREATE TABLE t (id int);
      CREATE SEQUENCE s;
      CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x';
      CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 1';
      CREATE VIEW v AS SELECT 1 AS one FROM t;
      GRANT SELECT, UPDATE ON t TO sf_writer WITH GRANT OPTION;
      GRANT USAGE ON SEQUENCE s TO sf_writer;
      REVOKE EXECUTE ON FUNCTION f(int) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION f(int) TO sf_writer;
      REVOKE ALL ON FUNCTION g() FROM PUBLIC;
      GRANT SELECT ON v TO sf_reader;`,
    expectSql: [
      /REVOKE SELECT ON TABLE t FROM sf_reader/,
      /REVOKE INSERT ON TABLE t FROM sf_writer/,
      /GRANT SELECT, UPDATE ON TABLE t TO sf_writer WITH GRANT OPTION/,
      /GRANT USAGE ON SEQUENCE s TO sf_writer/,
      /REVOKE EXECUTE ON ROUTINE f\(x integer\) FROM PUBLIC/,
      /REVOKE EXECUTE ON ROUTINE g\(\) FROM PUBLIC/,
    ],
    expectOrder: [/CREATE VIEW v/, /GRANT SELECT ON TABLE v TO sf_reader/],
    expectHazards: ['breaks-running-code'],
  },
  {
    name: 'a grant option taken back, the privilege kept',
    before: `${roles} CREATE TABLE t (id int); GRANT SELECT ON t TO sf_reader WITH GRANT OPTION;`,
    after: `${roles} CREATE TABLE t (id int); GRANT SELECT ON t TO sf_reader;`,
    expectSql: [/REVOKE GRANT OPTION FOR SELECT ON TABLE t FROM sf_reader/],
    forbidHazards: ['breaks-running-code'],
  },
];
