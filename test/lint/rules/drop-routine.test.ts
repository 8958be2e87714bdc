import { describe, expect, it } from 'vitest';
import { dropRoutine as rule } from '../../../src/lint/rules/drop-routine.js';
import { runRule } from '../lint-pair.js';

describe('drop-routine', () => {
  it.concurrent('fires when a function is dropped', async ({ onTestFinished }) => {
    const v = await runRule(rule, "create function f(a int) returns int language sql as 'select a';", '', { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('f(a integer)');
  });
  it.concurrent('fires when one overload is dropped and another that already existed stays', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      "create function f(a int) returns int language sql as 'select a'; create function f(a text) returns int language sql as 'select 1';",
      "create function f(a text) returns int language sql as 'select 1';",
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('f(a integer)');
  });
  it.concurrent('stays quiet when a trigger function goes with its trigger', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      "create table t (id int); create function tf() returns trigger language plpgsql as 'begin return new; end'; create trigger tr before insert on t for each row execute function tf();",
      'create table t (id int);',
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet when the function is replaced by a new signature (routine-signature-changed reports it)', async ({ onTestFinished }) => {
    const v = await runRule(rule, "create function f(a int) returns int language sql as 'select a';", "create function f(a bigint) returns bigint language sql as 'select a';", {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(0);
  });
});
