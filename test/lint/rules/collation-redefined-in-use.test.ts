import { describe, expect, it } from 'vitest';
import { collationRedefinedInUse as rule } from '../../../src/lint/rules/collation-redefined-in-use.js';
import { runRule } from '../lint-pair.js';

const uses = 'create table t (id int, name text collate german); create index t_name on t (name); create domain label as text collate german;';

describe('collation-redefined-in-use', () => {
  it.concurrent('fires when a collation that columns, indexes and domains use is redefined', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      `create collation german (provider = icu, locale = 'de'); ${uses}`,
      `create collation german (provider = icu, locale = 'de-u-ks-level2', deterministic = false); ${uses}`,
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('german');
    expect(v[0]?.message).toContain('column t.name, index t_name, domain label');
    expect(v[0]?.message).toContain('cannot drop collation german because other objects depend on it');
    expect(v[0]?.step).toBe(0);
  });
  it.concurrent('stays quiet when nothing uses the redefined collation, and for a new one', async ({ onTestFinished }) => {
    const v = await runRule(
      rule,
      "create collation german (provider = icu, locale = 'de'); create table t (name text);",
      "create collation german (provider = icu, locale = 'de-u-ks-level2', deterministic = false); create collation french (provider = icu, locale = 'fr'); create table t (name text collate french);",
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(0);
  });
});
