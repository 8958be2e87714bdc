import type { SchemaChange } from '../diff/schema-change.js';
import type { Plan } from '../plan/step.js';
import type { SchemaModel } from '../schema/model.js';

export type Severity = 'error' | 'warning' | 'info';

export type RuleCategory =
  | 'blocking-lock'
  | 'table-rewrite'
  | 'may-fail-on-data'
  | 'data-loss'
  | 'breaks-running-code'
  | 'transaction-safety'
  | 'performance'
  /** Findings of the linter itself (ignore comments, a rule that crashed); rules never use it. */
  | 'linter';

/** The categories a rule may have. @internal The registry test checks every rule against it. */
export const RULE_CATEGORIES: readonly RuleCategory[] = ['blocking-lock', 'table-rewrite', 'may-fail-on-data', 'data-loss', 'breaks-running-code', 'transaction-safety', 'performance'];

/** @internal The registry test checks every rule's default severity against it. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Everything a rule may read. Rules never parse SQL: the plan and the changes carry the facts. */
export interface LintContext {
  readonly current: SchemaModel;
  readonly desired: SchemaModel;
  readonly changes: readonly SchemaChange[];
  readonly plan: Plan;
  /** Tables (and views, types …) created by this plan: lock and data rules never fire on them. */
  readonly createdTables: ReadonlySet<string>;
  /** server_version_num of the database the plan is for (the current side). */
  readonly serverVersion: number;
}

/** What a rule reports; the engine adds severity, category, fix, docs link and source location. */
export interface RuleViolation {
  /** The object the finding is about, as `table`, `table.column`, `index`, `type`, `function(args)`. */
  readonly object: string;
  /** Specific to this occurrence: names the table, the lock, what it blocks, what to expect. */
  readonly message: string;
  /** Index into plan.steps of the step that carries the risk, when there is one. */
  readonly step?: number;
}

export interface LintRule {
  /** Stable kebab-case id, used in config, ignore comments and the docs URL (docs/rules/<id>.md). */
  readonly id: string;
  readonly category: RuleCategory;
  readonly defaultSeverity: Severity;
  /** One line: why this is a risk. */
  readonly why: string;
  /** One line: the concrete fix. */
  readonly fix: string;
  check(context: LintContext): readonly RuleViolation[];
}

/** A finding as every reporter sees it (the JSON output's shape, plus docs). */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly category: RuleCategory;
  readonly object: string;
  readonly message: string;
  readonly fix: string;
  readonly location: { readonly file: string; readonly line: number } | null;
  /** Link to docs/rules/<id>.md. */
  readonly docs: string;
  readonly step: number | null;
}
