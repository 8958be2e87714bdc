import type { AcceptanceCase } from '../acceptance-case.js';

export const identifierCases: AcceptanceCase[] = [
  {
    name: 'mixed case, spaces, quotes and keywords round-trip',
    before: `CREATE TABLE "Order Items" ("Id" int PRIMARY KEY, "select" text);`,
    after: `CREATE TABLE "Order Items" ("Id" int PRIMARY KEY, "select" text, "he said ""hi""" text, "ÜmlautÄ" int);
      CREATE INDEX "Order Items ""select"" idx" ON "Order Items" ("select");
      CREATE TABLE "user" ("Id" int REFERENCES "Order Items" ("Id"));
      CREATE TYPE "Mood Type" AS ENUM ('Happy Face', 'it''s fine');
      CREATE VIEW "All Items" AS SELECT "Id", "select" FROM "Order Items";`,
    expectSql: [/"Order Items"/, /"he said ""hi"""/, /"user"/],
  },
  {
    name: 'quoted names in a quoted tenant schema',
    schema: 'Tenant "A" 1',
    before: `CREATE TABLE "T" (id int);`,
    after: `CREATE TABLE "T" (id int, "Name" text); CREATE INDEX "T_Name" ON "T" ("Name");`,
  },
  {
    name: 'rename seen as drop and add',
    before: `CREATE TABLE t (id int, fullname text);`,
    after: `CREATE TABLE t (id int, full_name text);`,
    expectSql: [/DROP COLUMN fullname/, /ADD COLUMN full_name/],
    expectHazards: ['data-loss'],
  },
];
