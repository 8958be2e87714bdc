import type { View } from '../schema/model.js';
import type { ChangeOf } from '../diff/schema-change.js';
import type { PlanContext, StepDraft } from './plan-context.js';
import { hazard, LONG_STEP_TIMEOUT_MS } from './plan-constants.js';
import { optionNames, qi, viewQuerySql, withOptionsSql } from './sql-fragments.js';

function createViewSql(view: View, orReplace: boolean): string {
  return `CREATE ${orReplace ? 'OR REPLACE ' : ''}VIEW ${qi(view.name)}${withOptionsSql(view.options)} AS\n${viewQuerySql(view.definition)}`;
}

export function planAddView(_ctx: PlanContext, change: ChangeOf<'add-view'>): StepDraft[] {
  return [{ sql: createViewSql(change.view, false), onNewObject: true }];
}

export function planDropView(_ctx: PlanContext, change: ChangeOf<'drop-view'>): StepDraft[] {
  const v = change.view;
  return [
    {
      sql: `DROP VIEW ${qi(v.name)}`,
      lock: 'ACCESS EXCLUSIVE',
      table: v.name,
      hazards: change.replaced
        ? [hazard('breaks-running-code', `View ${v.name} is dropped and re-created in the same transaction; queries on it wait for the lock.`)]
        : [hazard('breaks-running-code', `Queries on view ${v.name} fail once it is dropped.`)],
    },
  ];
}

export function planReplaceView(_ctx: PlanContext, change: ChangeOf<'replace-view'>): StepDraft[] {
  const { from, to } = change;
  const steps: StepDraft[] = [{ sql: createViewSql(to, true), lock: 'ACCESS EXCLUSIVE', table: to.name, groupKey: change.id }];
  // CREATE OR REPLACE only adds options: the removed ones are reset explicitly.
  const removed = optionNames(from.options).filter((n) => !optionNames(to.options).includes(n));
  if (removed.length > 0) steps.push({ sql: `ALTER VIEW ${qi(to.name)} RESET (${removed.join(', ')})`, lock: 'ACCESS EXCLUSIVE', table: to.name, groupKey: change.id });
  return steps;
}

export function planAddMaterializedView(ctx: PlanContext, change: ChangeOf<'add-materialized-view'>): StepDraft[] {
  const v = change.view;
  return [
    {
      sql: `CREATE MATERIALIZED VIEW ${qi(v.name)}${withOptionsSql(v.options)} AS\n${viewQuerySql(v.definition)}\nWITH DATA`,
      onNewObject: true,
      timeoutMs: LONG_STEP_TIMEOUT_MS,
      hazards: ctx.current.materializedViews.some((m) => m.name === v.name)
        ? [hazard('breaks-running-code', `Materialized view ${v.name} is re-created and filled again; its query runs in full.`)]
        : [],
    },
  ];
}

export function planDropMaterializedView(_ctx: PlanContext, change: ChangeOf<'drop-materialized-view'>): StepDraft[] {
  const v = change.view;
  return [
    {
      sql: `DROP MATERIALIZED VIEW ${qi(v.name)}`,
      lock: 'ACCESS EXCLUSIVE',
      table: v.name,
      hazards: [
        hazard(
          change.replaced ? 'breaks-running-code' : 'data-loss',
          change.replaced ? `Materialized view ${v.name} is dropped and re-created.` : `Drops materialized view ${v.name} and its stored rows.`,
        ),
      ],
    },
  ];
}
