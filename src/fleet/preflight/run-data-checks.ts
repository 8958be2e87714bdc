import type pg from 'pg';
import { msLiteral } from '../../apply/sql-text.js';
import type { DataCheck } from './data-checks.js';
import { formatDuration } from '../../util/duration.js';
import type { DataProblem, SkippedCheck } from './preflight-report.js';

export interface DataCheckOutcome {
  readonly problems: DataProblem[];
  readonly skipped: SkippedCheck[];
}

/** A value may be echoed by PostgreSQL's message (`invalid input syntax for type integer: "abc"`): tenant data stays out of reports. */
function withoutValues(message: string): string {
  return message.replace(/: ".*"$/s, '');
}

/**
 * Runs a group's checks on one tenant in one read-only transaction (one snapshot), each under a
 * savepoint so one that fails or times out leaves the others running. search_path is the tenant's
 * schema, so CHECK expressions, index expressions and casts resolve as the plan's steps will.
 */
export async function runDataChecks(
  client: pg.ClientBase,
  tenant: { readonly id: string; readonly schema: string },
  checks: readonly DataCheck[],
  options: { readonly statementTimeoutMs: number; readonly lockTimeoutMs: number },
): Promise<DataCheckOutcome> {
  const problems: DataProblem[] = [];
  const skipped: SkippedCheck[] = [];
  if (checks.length === 0) return { problems, skipped };
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await client.query(`SET LOCAL statement_timeout = ${msLiteral(options.statementTimeoutMs)}; SET LOCAL lock_timeout = ${msLiteral(options.lockTimeoutMs)}`);
    await client.query("SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident($1::text), true)", [tenant.schema]);
    for (const check of checks) {
      const { text, values } = check.sql(tenant.schema);
      await client.query('SAVEPOINT schemafleet_check');
      try {
        const result = await client.query<{ n: string | number | null }>(text, [...values]);
        await client.query('RELEASE SAVEPOINT schemafleet_check');
        if (check.mode === 'cast') continue;
        const count = Number(result.rows[0]?.n ?? 0);
        if (count > 0) problems.push(problem(tenant.id, check, check.kind === 'not-null-column' ? null : count));
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT schemafleet_check');
        const code = (error as { code?: unknown } | null)?.code;
        const message = error instanceof Error ? error.message : String(error);
        if (check.mode === 'cast' && typeof code === 'string' && code.startsWith('22')) {
          const base = problem(tenant.id, check, null);
          problems.push({ ...base, message: `${base.message}: ${withoutValues(message)}` });
        } else {
          const reason = code === '57014' ? `timed out after ${formatDuration(options.statementTimeoutMs)}` : code === '55P03' ? 'a lock on the table was held too long' : withoutValues(message);
          skipped.push({ tenantId: tenant.id, check: check.kind, object: check.object, reason });
        }
      }
    }
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
  return { problems, skipped };
}

function problem(tenantId: string, check: DataCheck, count: number | null): DataProblem {
  return { tenantId, check: check.kind, object: check.object, message: `tenant ${tenantId}: ${check.describe(count)}`, count };
}
