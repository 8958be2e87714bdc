import type { Policy, Trigger } from '../schema/model.js';
import type { ChangeOf } from '../diff/schema-change.js';
import type { PlanContext, StepDraft } from './plan-context.js';
import { hazard } from './plan-constants.js';
import { qi } from './sql-fragments.js';

const ENABLE: Record<Trigger['enabled'], string> = { O: 'ENABLE TRIGGER', D: 'DISABLE TRIGGER', R: 'ENABLE REPLICA TRIGGER', A: 'ENABLE ALWAYS TRIGGER' };

function onTable(ctx: PlanContext, table: string): Pick<StepDraft, 'lock' | 'table' | 'onNewObject'> {
  return ctx.newTables.has(table) || ctx.newViews.has(table) ? { lock: null, table: null, onNewObject: true } : { table };
}

export function planAddTrigger(ctx: PlanContext, change: ChangeOf<'add-trigger'>): StepDraft[] {
  const t = change.trigger;
  const where = onTable(ctx, t.table);
  const userCode = where.onNewObject ? [] : [hazard('user-code', `Trigger ${t.name} runs user code on every matching write to ${t.table}.`)];
  const steps: StepDraft[] = [{ sql: t.definition, lock: 'SHARE ROW EXCLUSIVE', ...where, hazards: userCode, groupKey: change.cluster ? undefined : change.id }];
  if (t.enabled !== 'O') steps.push({ sql: `ALTER TABLE ${qi(t.table)} ${ENABLE[t.enabled]} ${qi(t.name)}`, lock: 'SHARE ROW EXCLUSIVE', ...where, groupKey: change.cluster ? undefined : change.id });
  return steps.map((s) => (s.onNewObject ? { ...s, lock: null } : s));
}

export function planDropTrigger(_ctx: PlanContext, change: ChangeOf<'drop-trigger'>): StepDraft[] {
  const t = change.trigger;
  return [
    {
      sql: `DROP TRIGGER ${qi(t.name)} ON ${qi(t.table)}`,
      lock: 'ACCESS EXCLUSIVE',
      table: t.table,
      hazards: change.replaced ? [] : [hazard('user-code', `Trigger ${t.name} stops running on ${t.table}.`)],
    },
  ];
}

export function planAlterTrigger(_ctx: PlanContext, change: ChangeOf<'alter-trigger'>): StepDraft[] {
  const t = change.to;
  return [
    {
      sql: `ALTER TABLE ${qi(t.table)} ${ENABLE[t.enabled]} ${qi(t.name)}`,
      lock: 'SHARE ROW EXCLUSIVE',
      table: t.table,
      hazards: [hazard('user-code', `Trigger ${t.name} on ${t.table} changes when it fires (${ENABLE[t.enabled]}).`)],
    },
  ];
}

function rolesSql(roles: readonly string[]): string {
  return roles.map((r) => (r === 'public' ? 'PUBLIC' : qi(r))).join(', ');
}

function createPolicySql(p: Policy): string {
  const parts = [`CREATE POLICY ${qi(p.name)} ON ${qi(p.table)} AS ${p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${p.command}`];
  if (p.roles.length > 0) parts.push(`TO ${rolesSql(p.roles)}`);
  if (p.using !== null) parts.push(`USING (${p.using})`);
  if (p.withCheck !== null) parts.push(`WITH CHECK (${p.withCheck})`);
  return parts.join(' ');
}

export function planAddPolicy(ctx: PlanContext, change: ChangeOf<'add-policy'>): StepDraft[] {
  const where = onTable(ctx, change.policy.table);
  return [
    {
      sql: createPolicySql(change.policy),
      ...where,
      lock: where.onNewObject ? null : 'ACCESS EXCLUSIVE',
      hazards: where.onNewObject ? [] : [hazard('row-visibility', `Policy ${change.policy.name} changes which rows of ${change.policy.table} queries see.`)],
    },
  ];
}

export function planDropPolicy(_ctx: PlanContext, change: ChangeOf<'drop-policy'>): StepDraft[] {
  const p = change.policy;
  return [
    {
      sql: `DROP POLICY ${qi(p.name)} ON ${qi(p.table)}`,
      lock: 'ACCESS EXCLUSIVE',
      table: p.table,
      hazards: change.replaced ? [] : [hazard('row-visibility', `Policy ${p.name} no longer filters rows of ${p.table}.`)],
    },
  ];
}

export function planAlterPolicy(_ctx: PlanContext, change: ChangeOf<'alter-policy'>): StepDraft[] {
  const { from, to } = change;
  const parts = [`ALTER POLICY ${qi(to.name)} ON ${qi(to.table)}`];
  if (from.roles.join(',') !== to.roles.join(',')) parts.push(`TO ${to.roles.length > 0 ? rolesSql(to.roles) : 'PUBLIC'}`);
  if (from.using !== to.using && to.using !== null) parts.push(`USING (${to.using})`);
  if (from.withCheck !== to.withCheck && to.withCheck !== null) parts.push(`WITH CHECK (${to.withCheck})`);
  if (parts.length === 1) return [];
  return [{ sql: parts.join(' '), lock: 'ACCESS EXCLUSIVE', table: to.table, hazards: [hazard('row-visibility', `Policy ${to.name} changes which rows of ${to.table} queries see.`)] }];
}
