import type { HazardKind } from '../../src/plan/step.js';

/**
 * One schema pair of the acceptance corpus. The runner builds `before` and `after` directly on two
 * fresh databases, plans before → after, applies the plan to the first, and demands that its
 * catalog then equals the second's and that a second plan is empty.
 */
export interface AcceptanceCase {
  readonly name: string;
  readonly before: string;
  readonly after: string;
  /** Rows inserted after `before` so online forms meet real data. */
  readonly seed?: string;
  /** Every pattern must match some step's SQL. */
  readonly expectSql?: readonly RegExp[];
  /** Steps matching these patterns appear in this order. */
  readonly expectOrder?: readonly RegExp[];
  /** No step's SQL may match these. */
  readonly forbidSql?: readonly RegExp[];
  /** Hazard kinds the plan must carry (others may be present too). */
  readonly expectHazards?: readonly HazardKind[];
  /** Hazard kinds the plan must not carry. */
  readonly forbidHazards?: readonly HazardKind[];
  /** Steps that must run outside a transaction, matched by SQL. */
  readonly expectNonTransactional?: readonly RegExp[];
  /** Build both sides in this schema instead of public (schema-per-tenant). */
  readonly schema?: string;
}
