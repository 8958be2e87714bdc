import { describe, expect, it } from 'vitest';
import { insteadOfTriggerDropped as rule } from '../../../src/lint/rules/instead-of-trigger-dropped.js';
import { runRule } from '../lint-pair.js';

const base =
  "create table t (id int); create view v as select id, count(*) over () as n from t; create function v_ins() returns trigger language plpgsql as 'begin insert into t values (new.id); return new; end';";
const trigger = 'create trigger v_insert instead of insert on v for each row execute function v_ins();';

describe('instead-of-trigger-dropped', () => {
  it.concurrent('fires when an INSTEAD OF trigger goes from a view that stays', async ({ onTestFinished }) => {
    const v = await runRule(rule, `${base} ${trigger}`, base, { onFinished: onTestFinished });
    expect(v).toHaveLength(1);
    expect(v[0]?.object).toBe('v.v_insert');
    expect(v[0]?.message).toContain('cannot insert into view "v"');
    expect(v[0]?.step).toBe(0);
  });
  it.concurrent('stays quiet when the trigger is replaced (dropped and made again in one transaction)', async ({ onTestFinished }) => {
    const v = await runRule(rule, `${base} ${trigger}`, `${base} ${trigger.replace('insert on v', 'insert or update on v')}`, { onFinished: onTestFinished });
    expect(v).toHaveLength(0);
  });
  it.concurrent('stays quiet for a trigger dropped from a table, and when the view goes too', async ({ onTestFinished }) => {
    const tableTrigger = 'create trigger t_before before insert on t for each row execute function v_ins();';
    const v = await runRule(
      rule,
      `${base} ${trigger} ${tableTrigger} create view w as select 1 as one; create trigger w_insert instead of insert on w for each row execute function v_ins();`,
      `${base} ${trigger}`,
      { onFinished: onTestFinished },
    );
    expect(v).toHaveLength(0);
  });
});
