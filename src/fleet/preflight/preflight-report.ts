import type { Finding } from '../../lint/rule.js';

/** What a preflight found: the fleet's live states, what each would run, and what would fail. */
export interface PreflightReport {
  /** Tenants looked at (after --tenants). */
  readonly tenants: number;
  /** Largest group first. */
  readonly groups: readonly PreflightGroup[];
  /** Rows that would make a step fail, per tenant; sorted by tenant, check, object. */
  readonly dataProblems: readonly DataProblem[];
  /** Tenants that could not be connected to or read; messages carry no password. */
  readonly unreachable: readonly UnreachableTenant[];
  /** Checks that could not run on a tenant (timeout, a cast that cannot be tried read-only, …): not verified, not failed. */
  readonly skippedChecks: readonly SkippedCheck[];
  readonly verdict: PreflightVerdict;
}

/** Tenants whose live state has one fingerprint: one plan, one lint pass, one set of data checks. */
export interface PreflightGroup {
  /** sha256 of the live state (fingerprintModel). */
  readonly fingerprint: string;
  /** Up to `sampleSize` ids, sorted; tenantCount is always the full count. */
  readonly tenants: readonly string[];
  readonly tenantCount: number;
  /** Already at the desired schema: the plan is empty. */
  readonly upToDate: boolean;
  /** The group with the most tenants, the one drift is measured against. */
  readonly largest: boolean;
  /** How this group's live state differs from the largest group's (`+ index notes_body_idx`); empty for the largest. */
  readonly drift: readonly string[];
  /** What the plan changes, one object per line (`+ table projects`). */
  readonly changes: readonly string[];
  /** The plan's SQL, one statement per step. */
  readonly steps: readonly string[];
  readonly findings: readonly Finding[];
  /** Why the rollout would refuse this plan without an opt-in (data loss); null when it would run it. */
  readonly refusal: string | null;
  /** Data checks run on every tenant of the group (`nulls orders.customer_id`). */
  readonly checks: readonly string[];
  /** What the data checks cannot verify for this plan. */
  readonly notes: readonly string[];
}

export type DataCheckKind = 'nulls' | 'duplicates' | 'orphans' | 'check-violations' | 'type-change' | 'enum-values' | 'not-null-column';

export interface DataProblem {
  readonly tenantId: string;
  readonly check: DataCheckKind;
  /** `table.column`, `table (a, b)`, … */
  readonly object: string;
  /** `tenant acme: 3 rows of orders.customer_id have no match in customers.id (foreign key orders_customer_fk)` */
  readonly message: string;
  /** Offending rows (or values); null when the check only knows that there are some. */
  readonly count: number | null;
}

export interface UnreachableTenant {
  readonly tenantId: string;
  readonly message: string;
}

export interface SkippedCheck {
  readonly tenantId: string;
  readonly check: DataCheckKind;
  readonly object: string;
  readonly reason: string;
}

export interface PreflightVerdict {
  /** No tenant would fail: no data problems, no lint errors, no refused plan, none unreachable. */
  readonly ok: boolean;
  /** Distinct tenants that would fail (or could not be checked). */
  readonly failingTenants: number;
  /** One line: `ok: 12 tenants, 3 states, none would fail` / `fail: …`. */
  readonly summary: string;
}
