import { describe, expect, it } from 'vitest';
import { privilegeRevoked as rule } from '../../../src/lint/rules/privilege-revoked.js';
import { runRule } from '../lint-pair.js';

const f = "create function f(a int) returns int language sql as 'select a';";
// Roles belong to the whole server: made once, left for the next run (as the acceptance cases do).
const role = 'DO $$ BEGIN CREATE ROLE sf_lint_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;';

describe('privilege-revoked', () => {
  it.concurrent('fires when a table privilege is revoked from a grantee that keeps using the table', async ({ onTestFinished }) => {
    const v = await runRule(rule, 'create table t (id int); grant select, insert on t to public;', 'create table t (id int); grant select on t to public;', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('t');
    expect(v[0]?.message).toContain('PUBLIC loses INSERT on table t');
    expect(v[0]?.message).toContain('permission denied for table t');
    expect(v[0]?.step).toBe(0);
  });
  it.concurrent('fires when EXECUTE that CREATE FUNCTION gave PUBLIC is revoked from an existing function', async ({ onTestFinished }) => {
    const v = await runRule(rule, f, `${f} revoke execute on function f(int) from public;`, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('f(a integer)');
    expect(v[0]?.message).toContain('permission denied for function f');
  });
  it.concurrent('stays quiet for a revoke of the grant option only (what runs keeps its privilege)', async ({ onTestFinished }) => {
    const v = await runRule(rule, `${role} create table t (id int); grant select on t to sf_lint_reader with grant option;`, `${role} create table t (id int); grant select on t to sf_lint_reader;`, {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet when the object is dropped, or made again by the plan (it starts with no grants)', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      'create table t (id int); grant select on t to public; create table u (id int); grant select on u to public;',
      'create table u (id int primary key) partition by range (id); revoke all on u from public;',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(0);
  });
  it.concurrent("stays quiet when a role's own grant goes but PUBLIC is given the same privilege", async ({ onTestFinished }) => {
    const v = await runRule(rule, `${role} create table t (id int); grant select on t to sf_lint_reader;`, `${role} create table t (id int); grant select on t to public;`, {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(0);
  });
  it.concurrent('names a view as PostgreSQL does in its error', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      'create table t (id int); create view w as select id from t; grant select on w to public;',
      'create table t (id int); create view w as select id from t; revoke all on w from public;',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('PUBLIC loses SELECT on view w');
    expect(v[0]?.message).toContain('"permission denied for view w"');
  });
});
