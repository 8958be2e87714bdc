import type { AcceptanceCase } from '../acceptance-case.js';

export const sequenceCases: AcceptanceCase[] = [
  {
    name: 'create a sequence with all options',
    before: ``,
    after: `CREATE SEQUENCE invoice_no AS bigint INCREMENT BY 2 MINVALUE 10 MAXVALUE 1000000 START WITH 100 CACHE 5 CYCLE;`,
    expectSql: [/CREATE SEQUENCE invoice_no/],
  },
  {
    name: 'alter sequence options',
    before: `CREATE SEQUENCE s INCREMENT BY 1;`,
    after: `CREATE SEQUENCE s INCREMENT BY 10 CACHE 20;`,
    expectSql: [/ALTER SEQUENCE s/],
  },
  {
    name: 'serial column on a new table and owned-by sequence',
    before: ``,
    after: `CREATE TABLE t (id serial PRIMARY KEY, n int); CREATE SEQUENCE t_n_seq OWNED BY t.n; ALTER TABLE t ALTER COLUMN n SET DEFAULT nextval('t_n_seq');`,
  },
  {
    name: 'drop a sequence',
    before: `CREATE SEQUENCE gone;`,
    after: ``,
    expectSql: [/DROP SEQUENCE gone/],
  },
  {
    name: 'an unlogged sequence created, and a logged one made unlogged',
    before: `CREATE SEQUENCE a; CREATE SEQUENCE b INCREMENT 2;`,
    after: `CREATE SEQUENCE a; CREATE UNLOGGED SEQUENCE b INCREMENT 3; CREATE UNLOGGED SEQUENCE c;`,
    expectSql: [/CREATE UNLOGGED SEQUENCE c/, /ALTER SEQUENCE b INCREMENT BY 3/, /ALTER SEQUENCE b SET UNLOGGED/],
    forbidSql: [/ALTER SEQUENCE a/],
  },
];
