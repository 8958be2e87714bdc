import { describe, expect, it } from 'vitest';
import { extensionUpdated as rule } from '../../../src/lint/rules/extension-updated.js';
import { runRule } from '../lint-pair.js';

const t = 'create table t (id int, e citext); create index t_e on t (e);';

describe('extension-updated', () => {
  it.concurrent('fires when an installed extension is updated to another version', async ({ onTestFinished }) => {
    const v = await runRule(rule, `create extension citext version '1.4'; ${t}`, `create extension citext version '1.6'; ${t}`, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('citext');
    expect(v[0]?.message).toContain("ALTER EXTENSION citext UPDATE TO '1.6' (from 1.4)");
    expect(v[0]?.message).toContain('not proven online');
    expect(v[0]?.message).not.toContain('other step');
    expect(v[0]?.step).toBe(0);
  });
  it.concurrent('says so when the update shares its plan with other steps', async ({ onTestFinished }) => {
    const v = await runRule(rule, `create extension citext version '1.4'; ${t}`, `create extension citext version '1.6'; ${t} create table u (id int);`, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.message).toContain('shares the plan with 1 other step');
  });
  it.concurrent('stays quiet when the extension is created by the plan', async ({ onTestFinished }) => {
    const v = await runRule(rule, '', `create extension citext version '1.6'; ${t}`, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
