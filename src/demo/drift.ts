/**
 * How a tenant differs from schema v1 before the rollout: a real fleet is never uniform. Some tenants
 * were already migrated by hand, some carry an index a support engineer added, some lost a column.
 */
export type TenantDrift = 'none' | 'at-v2' | 'extra-index' | 'missing-column';

/** Where in each kind of fleet the drifted tenants sit, as fractions of its size (spread out, deterministic). */
const SCHEMA_DRIFT: ReadonlyArray<readonly [number, TenantDrift]> = [
  [0.13, 'at-v2'],
  [0.81, 'at-v2'],
  [0.22, 'extra-index'],
  [0.38, 'extra-index'],
  [0.55, 'extra-index'],
  [0.72, 'extra-index'],
  [0.3, 'missing-column'],
  [0.9, 'missing-column'],
];
const DATABASE_DRIFT: ReadonlyArray<readonly [number, TenantDrift]> = [
  [0.5, 'at-v2'],
  [0.25, 'extra-index'],
];

/** Tenant index (0-based, in its kind) → drift; tenants not listed have none. Fleets too small to spread them get fewer. */
export function driftPlan(kind: 'schema' | 'database', count: number): ReadonlyMap<number, TenantDrift> {
  const plan = new Map<number, TenantDrift>();
  for (const [fraction, drift] of kind === 'schema' ? SCHEMA_DRIFT : DATABASE_DRIFT) {
    const index = Math.floor(fraction * count);
    if (index < count && !plan.has(index)) plan.set(index, drift);
  }
  return plan;
}

/** Runs after the tenant's schema and seed rows exist (search_path on the tenant's schema). */
export function driftSql(drift: TenantDrift): string {
  switch (drift) {
    case 'extra-index':
      return 'CREATE INDEX tasks_due_on_idx ON tasks (due_on);';
    case 'missing-column':
      return 'ALTER TABLE users DROP COLUMN last_seen_at;';
    case 'none':
    case 'at-v2':
      return '';
  }
}

export function describeDrift(drift: TenantDrift): string {
  switch (drift) {
    case 'at-v2':
      return 'already at v2';
    case 'extra-index':
      return 'an extra index (tasks_due_on_idx)';
    case 'missing-column':
      return 'missing users.last_seen_at';
    case 'none':
      return 'at v1';
  }
}
