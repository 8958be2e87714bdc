/**
 * A review computed by the real pipeline from two schema texts: both loaded on a scratch database,
 * diffed, planned and linted, with locations from the repository root (`db/schema.sql`). The
 * snapshots then show what a real change renders to, not a hand-made plan.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SchemaReview } from '../../../src/github/compute-review.js';
import { lintMigration } from '../../../src/lint/lint-migration.js';
import type { LintConfig } from '../../../src/lint/lint-config-schema.js';
import { planMigration } from '../../../src/plan/plan-migration.js';
import { loadDesiredSchema } from '../../../src/schema/load/load-desired-schema.js';
import type { ScratchServer } from '../../../src/schema/scratch/scratch-server.js';

export const SCHEMA_PATH = 'db/schema.sql';
const HEAD_SHA = 'b2c3d4e5f60718293a4b5c6d7e8f901234567890';
const BASE_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

export async function realReview(scratch: ScratchServer, baseSql: string, headSql: string, lint: LintConfig = { rules: {}, ignore: [] }): Promise<SchemaReview> {
  const root = await mkdtemp(join(tmpdir(), 'schemafleet-snap-'));
  try {
    const load = async (side: string, sql: string) => {
      const file = join(root, side, ...SCHEMA_PATH.split('/'));
      await mkdir(join(root, side, 'db'), { recursive: true });
      await writeFile(file, sql, 'utf8');
      const loaded = await loadDesiredSchema({ path: file, scratch });
      return { model: loaded.model, statements: loaded.statements.map((s) => ({ ...s, location: { ...s.location, file: SCHEMA_PATH } })) };
    };
    const base = await load('base', baseSql);
    const head = await load('head', headSql);
    const migration = planMigration(base.model, head.model);
    const findings = lintMigration(base.model, head, migration, lint, { docsBaseUrl: 'https://github.com/acme/shop/blob/main/docs/rules/' });
    return {
      changed: true,
      configPath: 'schemafleet.yml',
      schemaPath: SCHEMA_PATH,
      schemaName: 'public',
      baseMissing: false,
      changes: migration.changes,
      plan: migration.plan,
      findings,
      problems: [],
      headSha: HEAD_SHA,
      baseSha: BASE_SHA,
      desiredModel: head.model,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
