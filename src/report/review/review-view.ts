/**
 * What the review renderers read. A structural subset of the GitHub adapter's SchemaReview (which
 * satisfies it as is, plus the change summary), so rendering stays pure and below the front doors.
 */
import type { SourceLocation } from '../../errors.js';
import type { Finding } from '../../lint/rule.js';
import type { Plan } from '../../plan/step.js';

/** The object-level diff of one kind: "table — added orders; removed x". */
export interface ObjectKindChanges {
  /** `table`, `column`, `index`, `constraint`, `materialized view`, … */
  readonly kind: string;
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

export interface ReviewView {
  readonly configPath: string;
  /** The schema file or folder, from the repository root. */
  readonly schemaPath: string;
  /** The base commit has no schema: everything is new. */
  readonly baseMissing: boolean;
  readonly changeCount: number;
  readonly changeKinds: readonly ObjectKindChanges[];
  /** null when the review could not be computed (see problems). */
  readonly plan: Plan | null;
  readonly findings: readonly Finding[];
  /** A bad schema file or config; when non-empty the review shows these instead of a plan. */
  readonly problems: readonly { readonly message: string; readonly location: SourceLocation | null; readonly hint?: string }[];
  readonly headSha: string;
  readonly baseSha: string;
  /** Notes from the trust boundary (e.g. a config change that takes effect after merge), shown under the verdict. */
  readonly notes?: readonly string[];
}

/** Tenants whose live state plans the same way, from a sample of the fleet. */
export interface DriftGroup {
  /** Fingerprint of the tenants' live schema. */
  readonly fingerprint: string;
  readonly tenantCount: number;
  /** A few tenant ids, for people to look at; empty when tenant ids are not to be shown. */
  readonly exampleTenants: readonly string[];
  /** Steps the head schema's plan has for these tenants (0: already there). */
  readonly steps: number;
  /** The first steps of this group's plan that the review's own plan does not have (SQL, first line). */
  readonly extraSteps?: readonly string[];
  /** How many steps this group's plan has beyond the review's plan in all. */
  readonly extraStepCount?: number;
  /** How many of the review's steps this group does not need (its live state already has them). */
  readonly missingStepCount?: number;
}

export interface DriftSummary {
  readonly sampled: number;
  readonly groups: readonly DriftGroup[];
  /** Sampled tenants that could not be read, with a message that holds no password. */
  readonly unreadable: readonly { readonly tenant: string; readonly message: string }[];
  /** Sampled tenants that could not be read, counted only: tenant ids are not shown (review.showTenantIds). */
  readonly hiddenUnreadable?: number;
}

export interface RenderReviewOptions {
  /** Base of the rule pages (docs/rules/<id>.md); default: the finding's own link. */
  readonly docsBaseUrl?: string;
  /** The check run or job summary holding the full review, linked from the summary form. */
  readonly detailsUrl?: string;
  /** `https://github.com/<owner>/<repo>`: locations link to the file at the head commit. */
  readonly repositoryUrl?: string;
  readonly drift?: DriftSummary;
  /** For tests, and the full review's own limit; a comment never goes above GitHub's. */
  readonly maxLength?: number;
  /**
   * The full review (the check run, the job summary) rather than the comment: every statement
   * whole, and the whole plan when it fits `maxLength`; the comment cuts hazard-free definitions
   * to their first line and shows at most PLAN_SQL_BUDGET of SQL.
   */
  readonly fullReview?: boolean;
}
