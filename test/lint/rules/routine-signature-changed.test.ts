import { describe, expect, it } from 'vitest';
import { routineSignatureChanged as rule } from '../../../src/lint/rules/routine-signature-changed.js';
import { runRule } from '../lint-pair.js';

describe('routine-signature-changed', () => {
  it.concurrent('fires when the argument types change', async ({ onTestFinished }) => {
    const v = await runRule(rule, "create function f(a int) returns int language sql as 'select a';", "create function f(a bigint) returns int language sql as 'select 1';", {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('f(a integer)');
    expect(v[0]?.message).toContain('f(a bigint)');
  });
  it.concurrent('fires when the result type changes', async ({ onTestFinished }) => {
    const v = await runRule(rule, "create function f(a int) returns int language sql as 'select a';", "create function f(a int) returns bigint language sql as 'select a';", {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('from integer to bigint');
  });
  it.concurrent('stays quiet when only the body changes', async ({ onTestFinished }) => {
    const v = await runRule(rule, "create function f(a int) returns int language sql as 'select a';", "create function f(a int) returns int language sql as 'select a + 1';", {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet when an overload is added next to the old one', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      "create function f(a int) returns int language sql as 'select a';",
      "create function f(a int) returns int language sql as 'select a'; create function f(a bigint) returns int language sql as 'select 1';",
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(0);
  });
});
