import { describe, expect, it } from 'vitest';
import type { SchemaChange } from '../../../src/diff/schema-change.js';
import type { Finding } from '../../../src/lint/rule.js';
import type { Plan, PlanStep } from '../../../src/plan/step.js';
import type { SchemaReview } from '../../../src/github/compute-review.js';
import { renderReviewComment, reviewMarker } from '../../../src/github/render-review-comment.js';
import { GITHUB_COMMENT_MAX_LENGTH } from '../../../src/report/review/review-comment.js';

function step(sql: string, extra: Partial<PlanStep> = {}): PlanStep {
  return { sql, transactional: true, lock: null, table: null, hazards: [], group: null, timeoutMs: 1000, changeId: 'x', onNewObject: false, ...extra };
}

function finding(extra: Partial<Finding> = {}): Finding {
  return {
    rule: 'drop-column',
    severity: 'error',
    category: 'data-loss',
    object: 'orders.total',
    message: 'Drops column orders.total',
    fix: 'Stop using it first',
    location: { file: 'db/schema.sql', line: 3 },
    docs: 'https://example.test/docs/rules/drop-column.md',
    step: 1,
    ...extra,
  };
}

function review(extra: Partial<SchemaReview> = {}): SchemaReview {
  const plan: Plan = {
    schema: 'public',
    currentFingerprint: 'a',
    desiredFingerprint: 'b',
    steps: [
      step('CREATE INDEX CONCURRENTLY orders_total_idx ON orders (total)', { transactional: false, lock: 'SHARE UPDATE EXCLUSIVE', table: 'orders' }),
      step('ALTER TABLE orders DROP COLUMN total', { lock: 'ACCESS EXCLUSIVE', table: 'orders' }),
    ],
  };
  const changes = [
    { kind: 'add-index', id: 'index:orders_total_idx', index: { name: 'orders_total_idx', table: 'orders' } },
    { kind: 'drop-column', id: 'column:orders.total', table: 'orders', column: { name: 'total' } },
  ] as unknown as SchemaChange[];
  return {
    changed: true,
    configPath: 'schemafleet.yml',
    schemaPath: 'db/schema.sql',
    schemaName: 'public',
    baseMissing: false,
    changes,
    plan,
    findings: [finding(), finding({ rule: 'index-build', severity: 'warning', object: 'orders_total_idx', message: 'Builds an index', fix: 'ok' })],
    problems: [],
    headSha: 'b'.repeat(40),
    baseSha: 'a'.repeat(40),
    desiredModel: null,
    ...extra,
  };
}

describe('renderReviewComment', () => {
  it('starts with the hidden marker and a one-line verdict with the counts and the longest lock', () => {
    const body = renderReviewComment(review());
    const [marker, , verdict] = body.split('\n');
    expect(marker).toBe(reviewMarker('db/schema.sql'));
    expect(verdict).toBe('🛑 **Blocked** · `db/schema.sql`: 2 changes, 1 error, 1 warning · longest lock: ACCESS EXCLUSIVE on `orders`, instant (step 2)');
  });

  it('names a rewrite as the longest lock over a stronger instant one', () => {
    const plan = {
      ...review().plan!,
      steps: [
        step('ALTER TABLE users ADD COLUMN x text', { lock: 'ACCESS EXCLUSIVE', table: 'users' }),
        step('ALTER TABLE tasks ALTER COLUMN id TYPE bigint', { lock: 'ACCESS EXCLUSIVE', table: 'tasks', hazards: [{ kind: 'table-rewrite', message: 'rewrites' }] }),
        step('CREATE TABLE t (id int)', { lock: 'ACCESS EXCLUSIVE', table: 't', onNewObject: true }),
      ],
    };
    expect(renderReviewComment(review({ plan, findings: [] })).split('\n')[2]).toContain('longest lock: ACCESS EXCLUSIVE on `tasks` for a full rewrite (step 2)');
  });

  it('says "safe" and "no lock on an existing table" for a plan of new objects', () => {
    const plan = { ...review().plan!, steps: [step('CREATE TABLE t (id int)', { onNewObject: true })] };
    expect(renderReviewComment(review({ plan, findings: [] })).split('\n')[2]).toBe('✅ **Safe** · `db/schema.sql`: 2 changes, 0 errors, 0 warnings · no lock on an existing table');
  });

  it("puts each step's lock, transaction and hazards on the line above its SQL", () => {
    const plan = {
      ...review().plan!,
      steps: [
        step('ALTER TABLE orders DROP COLUMN total', {
          lock: 'ACCESS EXCLUSIVE',
          table: 'orders',
          hazards: [
            { kind: 'breaks-running-code', message: '' },
            { kind: 'data-loss', message: '' },
          ],
        }),
      ],
    };
    const body = renderReviewComment(review({ plan }));
    expect(body).toContain('<details open><summary>SQL plan: 1 step, 1 locking an existing table</summary>');
    expect(body).toContain('-- 1 · ACCESS EXCLUSIVE · ⚠ DATA LOSS, breaks running code\nALTER TABLE orders DROP COLUMN total;');
  });

  it('names the locked table in the note only when the statement does not', () => {
    const plan = { ...review().plan!, steps: [step('CREATE TABLE comments (\n  task_id int REFERENCES tasks (id)\n)', { lock: 'SHARE ROW EXCLUSIVE', table: 'tasks' })] };
    expect(renderReviewComment(review({ plan }))).toContain('-- 1 · SHARE ROW EXCLUSIVE on tasks\nCREATE TABLE comments ( … -- 3 lines');
  });

  it('lists findings one line each, linked to the rule page and to the line at the head commit', () => {
    const body = renderReviewComment(review(), { docsBaseUrl: 'https://github.com/acme/shop/blob/main/docs/rules', repositoryUrl: 'https://github.com/acme/shop' });
    expect(body).toContain('- 🛑 [drop-column] `orders.total` · [L3] · step 2: Drops column orders.total\n');
    // Each URL once, as a reference definition, however many findings use it.
    expect(body).toContain('\n[drop-column]: https://github.com/acme/shop/blob/main/docs/rules/drop-column.md\n');
    expect(body).toContain(`\n[L3]: https://github.com/acme/shop/blob/${'b'.repeat(40)}/db/schema.sql#L3\n`);
    expect(body.match(/^\[L3\]: /gm)).toHaveLength(1);
    expect(body).toContain('<details><summary>How to fix</summary>\n\n- **drop-column**: Stop using it first');
    expect(body.match(/schemafleet:ignore/g)).toHaveLength(1);
  });

  it('names the file of a location only when it is not the schema file itself', () => {
    const body = renderReviewComment(review({ schemaPath: 'db', findings: [finding({ location: { file: 'db/20-orders.sql', line: 7 } })] }), { repositoryUrl: 'https://github.com/acme/shop' });
    expect(body).toContain('· [db/20-orders.sql:7] ·');
    expect(body).toContain(`[db/20-orders.sql:7]: https://github.com/acme/shop/blob/${'b'.repeat(40)}/db/20-orders.sql#L7`);
  });

  it('cuts a long message to its first clause', () => {
    const body = renderReviewComment(review({ findings: [finding({ message: 'projects.name becomes NOT NULL: the planner validates a CHECK first, which fails on NULLs.' })] }));
    expect(body).toContain('step 2: projects.name becomes NOT NULL\n');
  });

  it('collapses info findings', () => {
    const body = renderReviewComment(review({ findings: [finding({ severity: 'info', rule: 'non-transactional-step', object: 'orders_total_idx', message: 'Runs outside' })] }));
    expect(body).toContain('<details><summary>ℹ️ 1 info finding</summary>\n\n- [non-transactional-step]: `orders_total_idx` (step 2)\n\n</details>');
  });

  it('escapes pipes, backticks and HTML from the pull request', () => {
    const body = renderReviewComment(review({ findings: [finding({ object: 'a|`b`', message: 'x | y `z` <!-- schemafleet:review:other -->', fix: 'use `x`|y' })] }));
    const line = body.split('\n').find((l) => l.startsWith('- 🛑'))!;
    expect(line).toContain('<code>a&#124;&#96;b&#96;</code>');
    expect(line).toContain('x \\| y \\`z\\` &lt;!-- schemafleet:review:other --&gt;');
    expect(body).toContain('use \\`x\\`\\|y');
    expect(body).not.toContain('<!-- schemafleet:review:other -->');
  });

  it('fences SQL that contains backticks with a longer fence', () => {
    const plan = { ...review().plan!, steps: [step("COMMENT ON TABLE orders IS '```'")] };
    const body = renderReviewComment(review({ plan }));
    expect(body).toContain("````sql\n-- 1\nCOMMENT ON TABLE orders IS '```';\n````");
  });

  it('shows located errors when the schema does not load', () => {
    const body = renderReviewComment(
      review({ plan: null, changes: [], findings: [], problems: [{ message: 'db/schema.sql:3:9: syntax error at or near "numerc"', location: { file: 'db/schema.sql', line: 3, column: 9 } }] }),
    );
    expect(body).toContain('❌ **Does not load**');
    expect(body).toContain('db/schema.sql:3:9: syntax error at or near "numerc"');
  });

  it('shows drift groups with what their plan adds beyond the reviewed one', () => {
    const body = renderReviewComment(review(), {
      drift: {
        sampled: 5,
        groups: [
          { fingerprint: 'f'.repeat(64), tenantCount: 3, exampleTenants: ['t1', 't2'], steps: 2, extraSteps: [], extraStepCount: 0, missingStepCount: 0 },
          { fingerprint: 'e'.repeat(64), tenantCount: 1, exampleTenants: ['t9'], steps: 5, extraSteps: ['DROP INDEX CONCURRENTLY extra_idx'], extraStepCount: 4, missingStepCount: 1 },
          { fingerprint: 'd'.repeat(64), tenantCount: 1, exampleTenants: [], steps: 0 },
        ],
        unreadable: [],
      },
    });
    expect(body).toContain('#### Tenant drift (sample of 5 tenants, 3 live states)');
    expect(body).toContain('- 3 tenants (`t1`, `t2`, …): the plan above (2 steps)');
    expect(body).toContain('- 1 tenant (`t9`): 5 steps: also `DROP INDEX CONCURRENTLY extra_idx`; … 3 more · 1 step of the plan above already done');
    expect(body).toContain('- 1 tenant: already up to date');
  });

  it('degrades an oversized review to a summary under 65,536 characters with a link', () => {
    const steps = Array.from({ length: 3000 }, (_, i) => step(`CREATE INDEX CONCURRENTLY idx_${i} ON orders (c${i})`, { transactional: false, lock: 'SHARE UPDATE EXCLUSIVE', table: 'orders' }));
    const findings = Array.from({ length: 2000 }, (_, i) => finding({ object: `orders.c${i}`, message: `Column c${i} ${'x'.repeat(60)}` }));
    const changes = Array.from({ length: 3000 }, (_, i) => ({ kind: 'add-index', id: `index:idx_${i}`, index: { name: `idx_${i}` } })) as unknown as SchemaChange[];
    const body = renderReviewComment(review({ plan: { ...review().plan!, steps }, findings, changes }), { detailsUrl: 'https://github.com/acme/shop/runs/1' });
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_LENGTH);
    expect(body.startsWith(reviewMarker('db/schema.sql'))).toBe(true);
    expect(body).toContain('3000 changes, 2000 errors');
    expect(body).toContain('this is its summary');
    expect(body).toContain('- **index**: 3000 added');
    expect(body).toContain('[the check run / job summary](https://github.com/acme/shop/runs/1)');
    expect(body).toMatch(/… and \d+ more findings/);
    expect(body).toMatch(/Summary form: the 3000 steps that lock an existing table or carry a hazard \(\d+ shown, \d+ more in the full review\)/);
  });

  it('shows a long plan in summary form: only the steps that lock an existing table or carry a hazard', () => {
    const steps = Array.from({ length: 3000 }, (_, i) => step(`CREATE TABLE t${i} (id int)`, { onNewObject: true }));
    steps.splice(10, 0, step('ALTER TABLE orders DROP COLUMN total', { lock: 'ACCESS EXCLUSIVE', table: 'orders', hazards: [{ kind: 'data-loss', message: '' }] }));
    const body = renderReviewComment(review({ plan: { ...review().plan!, steps } }));
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_LENGTH);
    expect(body).toContain('Summary form: the 1 step that locks an existing table or carries a hazard; the other 3000 lock no existing table and carry none.');
    expect(body).toContain('-- 11 · ACCESS EXCLUSIVE · ⚠ DATA LOSS\nALTER TABLE orders DROP COLUMN total;');
    expect(body).not.toContain('CREATE TABLE t1 ');
  });

  it('is deterministic', () => {
    expect(renderReviewComment(review())).toBe(renderReviewComment(review()));
  });
});
