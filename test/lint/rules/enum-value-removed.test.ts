import { describe, expect, it } from 'vitest';
import { enumValueRemoved as rule } from '../../../src/lint/rules/enum-value-removed.js';
import { runRule } from '../lint-pair.js';

describe('enum-value-removed', () => {
  it.concurrent('fires when a used enum loses a value', async ({ onTestFinished }) => {
    const v = await runRule(rule, "create type mood as enum ('sad', 'ok', 'happy'); create table t (m mood);", "create type mood as enum ('sad', 'happy'); create table t (m mood);", {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('mood');
    expect(v[0]?.message).toContain("'ok'");
    expect(v[0]?.message).toContain('t.m');
  });
  it.concurrent('stays quiet when values are only added', async ({ onTestFinished }) => {
    const v = await runRule(rule, "create type mood as enum ('sad', 'happy'); create table t (m mood);", "create type mood as enum ('sad', 'ok', 'happy'); create table t (m mood);", {
      onFinished: onTestFinished,
    });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet when no column uses the enum', async ({ onTestFinished }) => {
    const v = await runRule(rule, "create type mood as enum ('sad', 'ok', 'happy');", "create type mood as enum ('sad', 'happy');", { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
});
