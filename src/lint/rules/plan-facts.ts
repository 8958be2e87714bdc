import type { SchemaChange } from '../../diff/schema-change.js';
import type { HazardKind, LockMode, PlanStep } from '../../plan/step.js';
import type { Table } from '../../schema/model.js';
import type { LintContext } from '../rule.js';

/** Shared reading of plan facts for the blocking-lock, table-rewrite, transaction and performance rules. */

export interface StepWithChange {
  readonly step: PlanStep;
  readonly index: number;
  readonly change: SchemaChange | undefined;
}

/** Every step with its index and the change that produced it. */
export function stepsWithChanges(context: LintContext): StepWithChange[] {
  const byId = new Map(context.changes.map((c) => [c.id, c]));
  return context.plan.steps.map((step, index) => ({ step, index, change: byId.get(step.changeId) }));
}

export function hasHazard(step: PlanStep, kind: HazardKind): boolean {
  return step.hazards.some((h) => h.kind === kind);
}

function currentTable(context: LintContext, name: string): Table | undefined {
  return context.current.tables.find((t) => t.name === name);
}

/** A table that exists before the plan runs and is not re-created by it: it has rows and readers. */
export function isExistingTable(context: LintContext, name: string | null): name is string {
  return name !== null && !context.createdTables.has(name) && currentTable(context, name) !== undefined;
}

/** The step locks an existing table (not one created earlier in the same plan). */
export function locksExistingTable(context: LintContext, step: PlanStep): step is PlanStep & { table: string } {
  return !step.onNewObject && isExistingTable(context, step.table);
}

/** What a lock blocks, in plain words. */
export function lockBlocks(lock: LockMode): string {
  switch (lock) {
    case 'ACCESS EXCLUSIVE':
      return 'every read and write';
    case 'EXCLUSIVE':
      return 'every write (reads go on)';
    case 'SHARE ROW EXCLUSIVE':
    case 'SHARE':
      return 'inserts, updates and deletes (reads go on)';
    case 'SHARE UPDATE EXCLUSIVE':
      return 'only other schema changes and VACUUM (reads and writes go on)';
    default:
      return 'only ACCESS EXCLUSIVE locks';
  }
}

/**
 * ` (~12M rows, 3.4 GB)` when the planner knew the table's size (its hazard messages carry it),
 * else ''. The planner writes sizes as `<table> (~<rows> rows, <size>)`.
 */
export function sizeHint(step: PlanStep | undefined, table: string): string {
  if (!step) return '';
  const marker = `${table} (~`;
  for (const h of step.hazards) {
    const at = h.message.indexOf(marker);
    if (at < 0) continue;
    const end = h.message.indexOf(')', at);
    if (end > at) return ` ${h.message.slice(at + table.length + 1, end + 1)}`;
  }
  return '';
}

/** Partitions of `parent` on the desired side. */
export function partitionsOf(context: LintContext, parent: string): Table[] {
  return context.desired.tables.filter((t) => t.partitionOf?.parent === parent);
}

export interface InheritanceStep extends StepWithChange {
  readonly child: string;
  readonly parent: string;
  /** INHERIT (true) or NO INHERIT (false). */
  readonly added: boolean;
}

/**
 * The INHERIT / NO INHERIT steps on existing children, each with its parent. planSetInheritance
 * makes one step per parent, the removed ones first, then the added ones: the change's parent
 * lists give each step its parent without reading its SQL.
 */
export function inheritanceSteps(context: LintContext): InheritanceStep[] {
  const out: InheritanceStep[] = [];
  const all = stepsWithChanges(context);
  for (const change of context.changes) {
    if (change.kind !== 'set-inheritance' || !isExistingTable(context, change.table)) continue;
    const parents = [
      ...change.from.filter((p) => !change.to.includes(p)).map((parent) => ({ parent, added: false })),
      ...change.to.filter((p) => !change.from.includes(p)).map((parent) => ({ parent, added: true })),
    ];
    const steps = all.filter((s) => s.change === change && !s.step.onNewObject);
    if (steps.length !== parents.length) continue;
    steps.forEach((s, i) => out.push({ ...s, child: change.table, ...parents[i]! }));
  }
  return out;
}
