import type pg from 'pg';
import type { DataCheckSet } from '../preflight/data-checks.js';
import { runDataChecks } from '../preflight/run-data-checks.js';
import type { Tenant } from '../tenant.js';
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
  checks: DataCheckSet,
  settings: Pick<RolloutSettings, 'lockTimeoutMs' | 'statementTimeoutMs'>,
): Promise<{ readonly message: string; readonly sqlstate: null } | null> {
  const { problems } = await runDataChecks(client, tenant, checks.checks, { lockTimeoutMs: settings.lockTimeoutMs, statementTimeoutMs: settings.statementTimeoutMs });
  if (problems.length === 0) return null;
  // Preflight's messages name the tenant; here the line already does.
  const prefix = `tenant ${tenant.id}: `;
  const listed = problems.slice(0, LISTED).map((problem) => (problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message));
  const more = problems.length > LISTED ? `; and ${problems.length - LISTED} more` : '';
  return { message: `would fail on its data: ${listed.join('; ')}${more} (schemafleet preflight shows every tenant's)`, sqlstate: null };
}
