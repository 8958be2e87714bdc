import type { Hazard, HazardKind } from './step.js';

/** statement_timeout for steps that only touch the catalog (they should never wait long once they hold their lock). */
export const CATALOG_STEP_TIMEOUT_MS = 5_000;
/** statement_timeout for index builds, validation scans, table rewrites and materialized view fills. */
export const LONG_STEP_TIMEOUT_MS = 60 * 60 * 1_000;

/** Suffix of the index built next to an index (or constraint) that is being replaced. */
export const REPLACEMENT_INDEX_SUFFIX = '_sf_new';
/** Suffix of the CHECK (col IS NOT NULL) that proves a column has no NULLs before SET NOT NULL. */
export const NOT_NULL_PROOF_SUFFIX = '_sf_not_null';
/** Suffix of the CHECK equal to a partition bound that spares ATTACH PARTITION its scan under ACCESS EXCLUSIVE. */
export const BOUND_PROOF_SUFFIX = '_sf_bound';
/** Suffix an enum type is renamed to while its replacement takes its place. */
export const OLD_ENUM_SUFFIX = '_sf_old';

export function hazard(kind: HazardKind, message: string): Hazard {
  return { kind, message };
}
