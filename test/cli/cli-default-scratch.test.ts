import { describe, expect, it } from 'vitest';
import { cli, fixture } from './run-cli-in-process.js';
import { createTestDatabase } from '../support/pg.js';

/**
 * The default path, as a user gets it: no --dev-url, no SCHEMAFLEET_DEV_URL. The scratch server is
 * an embedded PostgreSQL of the target's own major version, so text PostgreSQL prints anew in each
 * major (views, CHECKs, defaults, index expressions, generated columns, policies, function bodies)
 * converges on any target. On the PostgreSQL 15 test server this is the case users hit by default
 * and that once failed: a PostgreSQL 18 scratch server's view text never equalled the target's.
 */
describe('apply and plan without a dev-url', () => {
  it('converge on every kind of deparsed text, and again on the next release', { timeout: 180_000 }, async () => {
    const db = await createTestDatabase();
    for (const version of ['deparsed-v1.sql', 'deparsed-v2.sql']) {
      const apply = await cli(['apply', '--schema', fixture(version), '--url', db.url]);
      expect(apply.code, `${version}\n${apply.stderr}`).toBe(0);
      expect(apply.stdout).toContain('verified: a fresh plan is empty');
      const plan = await cli(['plan', '--schema', fixture(version), '--url', db.url]);
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout, version).toBe('-- no changes\n');
    }
    const [view] = await db.query<{ definition: string }>("SELECT definition FROM pg_views WHERE viewname = 'open_tasks'");
    expect(view?.definition).toContain('blocked');
  });
});
