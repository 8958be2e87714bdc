import type { Column, Constraint, ConstraintKind } from '../../schema/model.js';
import type { LintContext, LintRule, RuleViolation } from '../rule.js';

export interface ConstraintToCheck {
  readonly changeId: string;
  readonly table: string;
  readonly constraint: Constraint;
  /** The constraint it replaces (replace-constraint, or a same-kind one dropped on the table in this plan). */
  readonly from: Constraint | null;
  /** Step that checks existing rows (validation scan, unique build, plain ADD). */
  readonly step: number | undefined;
  /** The planner adds it NOT VALID and validates it in its own step (reads and writes continue). */
  readonly validatedOnline: boolean;
  /** It exists already as NOT VALID and is only validated now. */
  readonly validatesExisting: boolean;
}

/**
 * Constraints of the given kinds that will be checked against existing rows of an existing table:
 * added or replaced (and validated, i.e. not left NOT VALID), or an existing NOT VALID one validated.
 */
export function constraintsCheckedOnExistingRows(context: LintContext, kinds: readonly ConstraintKind[]): ConstraintToCheck[] {
  const out: ConstraintToCheck[] = [];
  for (const change of context.changes) {
    if (change.kind !== 'add-constraint' && change.kind !== 'replace-constraint' && change.kind !== 'validate-constraint') continue;
    if (context.createdTables.has(change.table)) continue;
    if (!context.current.tables.some((t) => t.name === change.table)) continue;
    const constraint = change.kind === 'replace-constraint' ? change.to : change.constraint;
    if (!kinds.includes(constraint.kind)) continue;
    // A CHECK or FOREIGN KEY declared NOT VALID is never checked against existing rows.
    if (!constraint.validated && (constraint.kind === 'check' || constraint.kind === 'foreign key')) continue;
    const steps = context.plan.steps;
    const i = steps.findIndex((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === 'may-fail-on-data'));
    const j = i >= 0 ? i : steps.findIndex((s) => s.changeId === change.id);
    out.push({
      changeId: change.id,
      table: change.table,
      constraint,
      from: change.kind === 'replace-constraint' ? change.from : null,
      step: j >= 0 ? j : undefined,
      validatedOnline: steps.some((s) => s.changeId === change.id && s.hazards.some((h) => h.kind === 'validation-scan')),
      validatesExisting: change.kind === 'validate-constraint',
    });
  }
  return out;
}

/** Columns added to `table` by this plan, by name. */
export function columnsAddedTo(context: LintContext, table: string): Map<string, Column> {
  const added = new Map<string, Column>();
  for (const c of context.changes) if (c.kind === 'add-column' && c.table === table) added.set(c.column.name, c.column);
  return added;
}

/** New CHECK constraints (or changed ones) are validated against every existing row. */
export const checkMayFail: LintRule = {
  id: 'check-may-fail',
  category: 'may-fail-on-data',
  defaultSeverity: 'warning',
  why: 'A new or changed CHECK constraint is validated against existing rows and fails on tenants with a violating row.',
  fix: 'Find and fix violating rows on every tenant first (SELECT … WHERE NOT (<expression>)), or declare the constraint NOT VALID so only new rows are checked and validate it later.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const c of constraintsCheckedOnExistingRows(context, ['check'])) {
      const expression = c.constraint.definition.replace(/\s+NOT VALID$/, '');
      const what = c.from ? `Changed CHECK constraint ${c.constraint.name} on ${c.table}` : `CHECK constraint ${c.constraint.name} on ${c.table}`;
      const how = c.validatesExisting
        ? 'was NOT VALID and is now validated (reads and writes continue), but the validation'
        : c.validatedOnline
          ? 'is added NOT VALID and then validated (reads and writes continue), but the validation'
          : 'is checked against every existing row and';
      out.push({
        object: `${c.table}.${c.constraint.name}`,
        message: `${what} ${how} fails on tenants where a row of ${c.table} violates ${expression}.`,
        step: c.step,
      });
    }
    return out;
  },
};
