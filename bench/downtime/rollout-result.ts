/** What either rollout reports back to the bench. */
export interface RolloutResult {
  readonly label: string;
  readonly durationMs: number;
  /** Tenants now at v2, and tenants that ended otherwise. */
  readonly migrated: number;
  readonly failed: number;
  /** Steps given up on a lock timeout and tried again. */
  readonly retries: number;
  readonly failures: readonly string[];
}
