import type pg from 'pg';
import { runDataChecks } from '../preflight/run-data-checks.js';
import type { Tenant } from '../tenant.js';
import type { CachedPlan } from './plan-cache.js';
import type { RolloutSettings } from './rollout-settings.js';

/** Problems listed by name in a dry run's failure message; the rest are counted. */
const LISTED = 5;

/**
 * A dry run's tenant that would change is checked for the data its plan would fail on, with the
 * very checks `preflight` runs (read only, one snapshot): duplicates before a unique index, NULLs
 * before SET NOT NULL, orphans before a foreign key, rows breaking a new CHECK, … A dry run that
 * found none of them used to say the tenant would simply change, and exit 0.
 * Returns the failure the tenant would have, or null.
 */
export async function dryRunDataProblems(
  client: pg.ClientBase,
  tenant: Pick<Tenant, 'id' | 'schema'>,
  cached: Pick<CachedPlan, 'checks' | 'setChecks'>,
  settings: Pick<RolloutSettings, 'lockTimeoutMs' | 'statementTimeoutMs'>,
): Promise<{ readonly message: string; readonly sqlstate: null } | null> {
  // A tenant of several schemas runs each schema's checks in that schema (one snapshot each).
  const runs = cached.setChecks ?? (cached.checks ? [{ schema: tenant.schema, checks: cached.checks }] : []);
  // Preflight's messages name the tenant; here the line already does.
  const prefix = `tenant ${tenant.id}: `;
  const problems: string[] = [];
  for (const run of runs) {
    const found = await runDataChecks(client, { id: tenant.id, schema: run.schema }, run.checks.checks, { lockTimeoutMs: settings.lockTimeoutMs, statementTimeoutMs: settings.statementTimeoutMs });
    const where = cached.setChecks ? ` (schema ${run.schema})` : '';
    for (const problem of found.problems) problems.push(`${problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message}${where}`);
  }
  if (problems.length === 0) return null;
  const listed = problems.slice(0, LISTED);
  const more = problems.length > LISTED ? `; and ${problems.length - LISTED} more` : '';
  return { message: `would fail on its data: ${listed.join('; ')}${more} (schemafleet preflight shows every tenant's)`, sqlstate: null };
}
