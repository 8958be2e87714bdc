/**
 * The PR comment, one snapshot per shape of change (the squawk habit): each is a Markdown file in
 * __snapshots__/ so its wording is reviewed like code. Reviews come from the real pipeline on a
 * real PostgreSQL (real plans, hazards and findings); only the drift sample is built here, from
 * real plans of drifted live states.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toProblem } from '../../../src/github/compute-review.js';
import { renderReviewComment } from '../../../src/github/render-review-comment.js';
import { planDifference, stepHeadline } from '../../../src/plan/plan-difference.js';
import { planMigration } from '../../../src/plan/plan-migration.js';
import type { DriftSummary } from '../../../src/report/review/review-view.js';
import { loadDesiredSchema } from '../../../src/schema/load/load-desired-schema.js';
import { openScratchServer, type ScratchServer } from '../../../src/schema/scratch/scratch-server.js';
import { adminUrl } from '../../support/pg.js';
import { realReview, SCHEMA_PATH } from './real-review.js';

const OPTIONS = { repositoryUrl: 'https://github.com/acme/shop', detailsUrl: 'https://github.com/acme/shop/runs/5000' };

const USERS = `CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  name text
);
`;
const TASKS = `CREATE TABLE tasks (
  id integer PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  title text NOT NULL,
  estimate integer,
  legacy_flag boolean
);
`;

let scratch: ScratchServer;
beforeAll(async () => {
  scratch = await openScratchServer({ devUrl: adminUrl() });
});
afterAll(async () => {
  await scratch.close();
});

const snapshot = (name: string): string => `./__snapshots__/${name}.md`;

describe('review comment snapshots', () => {
  it('safe additive change', async () => {
    const review = await realReview(
      scratch,
      USERS,
      `${USERS}ALTER TABLE users ADD COLUMN avatar_url text;
CREATE TABLE teams (
  id bigint PRIMARY KEY,
  name text NOT NULL
);
`,
    );
    const body = renderReviewComment(review, OPTIONS);
    expect(body.split('\n')[2]).toMatch(/^✅ \*\*Safe\*\*/);
    await expect(body).toMatchFileSnapshot(snapshot('safe-additive'));
  });

  it('destructive change: the dropped column is marked as data loss on its step', async () => {
    const review = await realReview(scratch, USERS + TASKS, USERS.replace(',\n  name text', '') + TASKS.replace(',\n  legacy_flag boolean', ''));
    const body = renderReviewComment(review, OPTIONS);
    expect(body.split('\n')[2]).toMatch(/^🛑 \*\*Blocked\*\*/);
    expect(body).toMatch(/-- \d+ · ACCESS EXCLUSIVE · ⚠ DATA LOSS[^\n]*\nALTER TABLE tasks DROP COLUMN legacy_flag;/);
    await expect(body).toMatchFileSnapshot(snapshot('destructive'));
  });

  it('rewrite: the verdict names the rewritten table', async () => {
    const review = await realReview(scratch, USERS + TASKS, USERS + TASKS.replace('  id integer PRIMARY KEY', '  id bigint PRIMARY KEY'));
    const body = renderReviewComment(review, OPTIONS);
    expect(body.split('\n')[2]).toContain('longest lock: ACCESS EXCLUSIVE on `tasks` for a full rewrite');
    await expect(body).toMatchFileSnapshot(snapshot('rewrite'));
  });

  it('failing schema: located errors instead of a plan', async () => {
    const root = await mkdtemp(join(tmpdir(), 'schemafleet-snap-'));
    try {
      await mkdir(join(root, 'db'));
      await writeFile(join(root, SCHEMA_PATH), `${USERS}CREATE TABLE tasks (\n  id bigint PRIMARY KEY,\n  title txet NOT NULL\n);\n`);
      const problem = await loadDesiredSchema({ path: join(root, SCHEMA_PATH), scratch }).then(
        () => null,
        (error: unknown) => toProblem(error, (text) => text.split(`${root}/`).join('')),
      );
      expect(problem).not.toBeNull();
      const review = { ...(await realReview(scratch, USERS, USERS)), changes: [], plan: null, findings: [], problems: [problem!], desiredModel: null };
      const body = renderReviewComment(review, OPTIONS);
      expect(body.split('\n')[2]).toMatch(/^❌ \*\*Does not load\*\*/);
      await expect(body).toMatchFileSnapshot(snapshot('failing-schema'));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('drift with two groups: the drifted group says what its plan does beyond the reviewed one', async () => {
    const base = USERS + TASKS;
    const head = `${base}CREATE INDEX CONCURRENTLY tasks_user_id_idx ON tasks (user_id);\n`;
    const review = await realReview(scratch, base, head);
    // A tenant someone "fixed by hand": an extra index and a column the schema never had.
    const drifted = await realReview(scratch, `${base}CREATE INDEX extra_users_email_idx ON users (email);\nALTER TABLE tasks ADD COLUMN hotfix_note text;\n`, head);
    const difference = planDifference(drifted.plan!, review.plan!);
    const drift: DriftSummary = {
      sampled: 20,
      groups: [
        { fingerprint: 'a'.repeat(64), tenantCount: 17, exampleTenants: ['acme-eu', 'globex', 'initech'], steps: review.plan!.steps.length, extraSteps: [], extraStepCount: 0, missingStepCount: 0 },
        {
          fingerprint: 'b'.repeat(64),
          tenantCount: 3,
          exampleTenants: ['umbrella', 'hooli', 'stark'],
          steps: drifted.plan!.steps.length,
          extraSteps: difference.extra.slice(0, 3).map((s) => stepHeadline(s)),
          extraStepCount: difference.extra.length,
          missingStepCount: difference.missing,
        },
      ],
      unreadable: [],
    };
    const body = renderReviewComment(review, { ...OPTIONS, drift });
    expect(body).toContain('also `DROP INDEX');
    expect(body).toContain('extra_users_email_idx');
    await expect(body).toMatchFileSnapshot(snapshot('drift-two-groups'));
  });

  it("a 10-change pull request (the demo's v1 → v2 and three more changes) fits in 4 KB", async () => {
    const v1 = await readFile(new URL('../../../examples/demo/schema-v1.sql', import.meta.url), 'utf8');
    const v2 = (await readFile(new URL('../../../examples/demo/schema-v2.sql', import.meta.url), 'utf8'))
      .replace('  last_seen_at timestamptz,\n', '')
      .replace('  due_on date,\n', '  due_on date,\n  priority smallint,\n')
      .concat('CREATE INDEX tasks_due_on_idx ON tasks (due_on);\n');
    const review = await realReview(scratch, v1, v2);
    expect(review.changes).toHaveLength(10);
    const body = renderReviewComment(review, OPTIONS);
    // The figure docs/github.md quotes; measured in bytes, as GitHub stores the body.
    await expect(body).toMatchFileSnapshot(snapshot('ten-changes'));
    expect(Buffer.byteLength(body)).toBeLessThan(4_096);
  });

  it('a 10-change pull request with nine findings', async () => {
    const base = `${USERS}CREATE TABLE projects (
  id bigint PRIMARY KEY,
  name text
);
${TASKS}CREATE INDEX tasks_title_idx ON tasks (title);
`;
    const head = `${USERS.replace('  name text\n', '  name text,\n  avatar_url text\n')}CREATE TABLE projects (
  id bigint PRIMARY KEY,
  name text NOT NULL
);
CREATE TABLE tasks (
  id integer PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  project_id bigint REFERENCES projects (id),
  title text NOT NULL,
  estimate integer CHECK (estimate >= 0),
  due_at timestamptz
);
CREATE INDEX tasks_user_id_idx ON tasks (user_id);
CREATE TABLE comments (
  id bigint PRIMARY KEY,
  task_id integer NOT NULL REFERENCES tasks (id),
  body text NOT NULL
);
`;
    const review = await realReview(scratch, base, head);
    expect(review.changes).toHaveLength(10);
    const body = renderReviewComment(review, OPTIONS);
    // docs/github.md quotes this figure too: nine findings cost more than the 4 KB of a typical PR.
    expect(Buffer.byteLength(body)).toBeLessThan(5_000);
    await expect(body).toMatchFileSnapshot(snapshot('ten-changes-nine-findings'));
  });

  it("300-step plan: summary form, under GitHub's limit", async () => {
    const columns = Array.from({ length: 300 }, (_, i) => `  c${i} integer`).join(',\n');
    const base = `CREATE TABLE wide (\n  id bigint PRIMARY KEY,\n${columns}\n);\n`;
    const indexes = Array.from({ length: 300 }, (_, i) => `CREATE INDEX wide_c${i}_idx ON wide (c${i});`).join('\n');
    const review = await realReview(scratch, base, `${base}${indexes}\n`);
    expect(review.plan!.steps).toHaveLength(300);
    const body = renderReviewComment(review, OPTIONS);
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('Summary form: the 300 steps that lock an existing table or carry a hazard');
    await expect(body).toMatchFileSnapshot(snapshot('300-steps'));
  });
});
