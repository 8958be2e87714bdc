import pg from 'pg';
import { createTestDatabase } from '../support/pg.js';
import { introspectSchema } from '../../src/schema/introspect/introspect-schema.js';
import { planMigration } from '../../src/plan/plan-migration.js';
import { buildLintContext } from '../../src/lint/lint-context.js';
import type { LintContext, LintRule, RuleViolation } from '../../src/lint/rule.js';

async function introspect(url: string): Promise<Awaited<ReturnType<typeof introspectSchema>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await introspectSchema(client, 'public');
  } finally {
    await client.end();
  }
}

/**
 * Builds `before` (plus `seed` rows) and `after` on two fresh real databases, plans before → after
 * with the real planner, and returns the lint context: what every rule test runs against.
 * Pass `onFinished` from the test context when tests run concurrently.
 */
export async function lintContextFor(before: string, after: string, options: { seed?: string; onFinished?: (fn: () => Promise<void>) => void } = {}): Promise<LintContext> {
  const from = await createTestDatabase('sf_lint_from', options.onFinished ? { onFinished: options.onFinished } : {});
  const to = await createTestDatabase('sf_lint_to', options.onFinished ? { onFinished: options.onFinished } : {});
  if (before.trim()) await from.exec(before);
  if (options.seed) await from.exec(options.seed);
  if (after.trim()) await to.exec(after);
  const current = await introspect(from.url);
  const desired = await introspect(to.url);
  return buildLintContext(current, desired, planMigration(current, desired));
}

/** What one rule reports for a schema pair. */
export async function runRule(rule: LintRule, before: string, after: string, options: Parameters<typeof lintContextFor>[2] = {}): Promise<readonly RuleViolation[]> {
  return rule.check(await lintContextFor(before, after, options));
}
