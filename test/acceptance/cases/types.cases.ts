import type { AcceptanceCase } from '../acceptance-case.js';

export const typeCases: AcceptanceCase[] = [
  {
    name: 'create an enum and a table using it',
    before: ``,
    after: `CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE people (name text, current_mood mood);`,
    expectSql: [/CREATE TYPE mood AS ENUM/],
  },
  {
    name: 'enum values added at the end and in the middle',
    before: `CREATE TYPE status AS ENUM ('new', 'done');`,
    after: `CREATE TYPE status AS ENUM ('new', 'active', 'done', 'archived');`,
    expectSql: [/ADD VALUE 'active' (BEFORE 'done'|AFTER 'new')/, /ADD VALUE 'archived'/],
  },
  {
    name: 'enum value used as a default in the same change',
    before: `CREATE TYPE status AS ENUM ('new', 'done'); CREATE TABLE tasks (id int, s status DEFAULT 'new');`,
    after: `CREATE TYPE status AS ENUM ('new', 'queued', 'done'); CREATE TABLE tasks (id int, s status DEFAULT 'queued');`,
    expectSql: [/ADD VALUE 'queued'/, /SET DEFAULT 'queued'/],
  },
  {
    name: 'enum value removed recreates the type',
    before: `CREATE TYPE status AS ENUM ('new', 'legacy', 'done'); CREATE TABLE tasks (s status);`,
    after: `CREATE TYPE status AS ENUM ('new', 'done'); CREATE TABLE tasks (s status);`,
    seed: `INSERT INTO tasks VALUES ('new'), ('done');`,
    expectHazards: ['data-loss'],
  },
  {
    name: 'drop an enum',
    before: `CREATE TYPE old_kind AS ENUM ('a');`,
    after: ``,
    expectSql: [/DROP TYPE old_kind/],
  },
  {
    name: 'domain created, constraint added, default changed',
    before: `CREATE DOMAIN positive_int AS int CHECK (VALUE > 0);`,
    after: `CREATE DOMAIN positive_int AS int DEFAULT 1 CONSTRAINT positive_int_small CHECK (VALUE < 1000000) CONSTRAINT positive_int_check CHECK (VALUE > 0); CREATE DOMAIN email AS text NOT NULL;`,
    expectSql: [/CREATE DOMAIN email/, /ALTER DOMAIN positive_int SET DEFAULT 1/, /ADD CONSTRAINT positive_int_small/],
  },
  {
    name: 'table using a new domain',
    before: `CREATE TABLE t (id int);`,
    after: `CREATE DOMAIN cents AS bigint CHECK (VALUE >= 0); CREATE TABLE t (id int, price cents);`,
    expectSql: [/CREATE DOMAIN cents/, /ADD COLUMN price cents/],
  },
  {
    name: 'composite type created and changed',
    before: `CREATE TYPE address AS (street text, city text);`,
    after: `CREATE TYPE address AS (street text, city text, zip varchar(10)); CREATE TYPE point3 AS (x float8, y float8, z float8);`,
    expectSql: [/ADD ATTRIBUTE zip/, /CREATE TYPE point3 AS/],
  },
  {
    name: 'extension from the allow-list and a column using its type',
    before: `CREATE TABLE t (id int);`,
    after: `CREATE EXTENSION IF NOT EXISTS citext; CREATE TABLE t (id int, email citext);`,
    expectSql: [/CREATE EXTENSION IF NOT EXISTS citext/, /ADD COLUMN email citext/],
  },
  {
    name: "comments on a composite type's attributes and on a domain's constraints",
    before: `CREATE TYPE addr AS (street text, zip varchar(10));
      CREATE DOMAIN zip AS varchar(10) CONSTRAINT zip_format CHECK (VALUE ~ '^[0-9]+$') CONSTRAINT zip_len CHECK (length(VALUE) > 2);
      COMMENT ON COLUMN addr.street IS 'old';
      COMMENT ON CONSTRAINT zip_len ON DOMAIN zip IS 'gone';`,
    after: `CREATE TYPE addr AS (street text, zip varchar(10));
      CREATE DOMAIN zip AS varchar(10) CONSTRAINT zip_format CHECK (VALUE ~ '^[0-9]+$') CONSTRAINT zip_len CHECK (length(VALUE) > 2);
      CREATE TYPE point3 AS (x int, y int, z int);
      COMMENT ON COLUMN addr.street IS 'new';
      COMMENT ON COLUMN addr.zip IS 'postal';
      COMMENT ON COLUMN point3.z IS 'up';
      COMMENT ON CONSTRAINT zip_format ON DOMAIN zip IS 'digits only';`,
    expectSql: [
      /COMMENT ON COLUMN addr\.street IS 'new'/,
      /COMMENT ON COLUMN addr\.zip IS 'postal'/,
      /COMMENT ON CONSTRAINT zip_format ON DOMAIN zip IS 'digits only'/,
      /COMMENT ON CONSTRAINT zip_len ON DOMAIN zip IS NULL/,
    ],
    expectOrder: [/CREATE TYPE point3/, /COMMENT ON COLUMN point3\.z IS 'up'/],
  },
  {
    // Created without VERSION it would be the server's default (1.6), and the next plan would ask for 1.5 again.
    name: 'extension created at a pinned older version, and another upgraded to a pinned one: both converge',
    before: `CREATE EXTENSION pg_trgm VERSION '1.4';`,
    after: `CREATE EXTENSION pg_trgm VERSION '1.5'; CREATE EXTENSION citext VERSION '1.5';`,
    expectSql: [/CREATE EXTENSION IF NOT EXISTS citext VERSION '1\.5'/, /ALTER EXTENSION pg_trgm UPDATE TO '1\.5'/],
  },
  {
    name: 'amcheck, the contrib extension of check functions, is allowed',
    before: `CREATE TABLE t (id int);`,
    after: `CREATE EXTENSION amcheck; CREATE TABLE t (id int);`,
    expectSql: [/CREATE EXTENSION IF NOT EXISTS amcheck/],
  },
  {
    name: 'collations: made before the columns that use them, dropped after the last column lets go, commented',
    before: `CREATE COLLATION old_c (locale = 'C'); CREATE TABLE t (a text COLLATE old_c);`,
    after: `CREATE COLLATION posix FROM "POSIX";
      CREATE COLLATION num (provider = icu, locale = 'en-u-kn-true');
      CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
      CREATE TABLE t (a text, b text COLLATE posix, c text COLLATE num, d text COLLATE ci);
      COMMENT ON COLLATION posix IS 'bytes';`,
    expectSql: [/CREATE COLLATION num \(provider = icu, locale = 'en-u-kn-true'\)/, /DROP COLLATION old_c/, /COMMENT ON COLLATION posix IS 'bytes'/],
    expectOrder: [/CREATE COLLATION ci/, /ADD COLUMN d text COLLATE ci/, /DROP COLLATION old_c/],
  },
];
