import { describe, expect, it } from 'vitest';
import type { SchemaChange } from '../../src/diff/schema-change.js';
import type { Finding } from '../../src/lint/rule.js';
import type { Plan, PlanStep } from '../../src/plan/step.js';
import type { SchemaReview } from '../../src/github/compute-review.js';
import { GITHUB_COMMENT_MAX_LENGTH, renderReviewComment, reviewMarker } from '../../src/github/render-review-comment.js';

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
  it('starts with the hidden marker and a one-line verdict', () => {
    const body = renderReviewComment(review());
    const [marker, , verdict] = body.split('\n');
    expect(marker).toBe(reviewMarker('db/schema.sql'));
    expect(verdict).toBe('🛑 **schemafleet** · <code>db/schema.sql</code>: 2 changes, 1 error, 1 warning');
  });

  it('shows the object-level diff, the plan with non-transactional steps and locks marked, and the findings', () => {
    const body = renderReviewComment(review(), { docsBaseUrl: 'https://github.com/acme/shop/blob/main/docs/rules' });
    expect(body).toContain('- **column** — removed <code>orders.total</code>');
    expect(body).toContain('- **index** — added <code>orders_total_idx</code>');
    expect(body).toContain('<summary>SQL plan: 2 steps, 1 outside a transaction, 2 locking existing tables</summary>');
    expect(body).toContain('-- step 1 · ⚠ runs OUTSIDE a transaction · takes SHARE UPDATE EXCLUSIVE on orders\nCREATE INDEX CONCURRENTLY');
    expect(body).toContain('-- step 2 · takes ACCESS EXCLUSIVE on orders');
    expect(body).toContain('| 🛑 error | [drop-column](https://github.com/acme/shop/blob/main/docs/rules/drop-column.md) | <code>orders.total</code> (db/schema.sql:3) | Drops column orders.total | Stop using it first |');
  });

  it('escapes pipes, backticks and HTML from the pull request in table cells', () => {
    const body = renderReviewComment(review({ findings: [finding({ object: 'a|`b`', message: 'x | y `z` <!-- schemafleet:review:other -->', fix: 'use `x`|y' })] }));
    const row = body.split('\n').find((l) => l.startsWith('| 🛑'))!;
    expect(row).toContain('<code>a&#124;&#96;b&#96;</code>');
    expect(row).toContain('x \\| y \\`z\\` &lt;!-- schemafleet:review:other --&gt;');
    expect(row).toContain('use \\`x\\`\\|y');
    // Exactly the six cell borders: no pipe from the content splits the row.
    expect(row.split(/(?<!\\)\|/).length).toBe(7);
    expect(body).not.toContain('<!-- schemafleet:review:other -->');
  });

  it('fences SQL that contains backticks with a longer fence', () => {
    const plan = { ...review().plan!, steps: [step("COMMENT ON TABLE orders IS '```'")] };
    const body = renderReviewComment(review({ plan }));
    expect(body).toContain("````sql\n-- step 1\nCOMMENT ON TABLE orders IS '```';\n````");
  });

  it('shows located errors when the schema does not load', () => {
    const body = renderReviewComment(
      review({ plan: null, changes: [], findings: [], problems: [{ message: 'db/schema.sql:3:9: syntax error at or near "numerc"', location: { file: 'db/schema.sql', line: 3, column: 9 } }] }),
    );
    expect(body).toContain('does not load');
    expect(body).toContain('db/schema.sql:3:9: syntax error at or near "numerc"');
  });

  it('adds the drift summary when given', () => {
    const body = renderReviewComment(review(), {
      drift: { sampled: 5, groups: [{ fingerprint: 'f'.repeat(64), tenantCount: 4, exampleTenants: ['t1', 't2', 't3'], steps: 2 }, { fingerprint: 'e'.repeat(64), tenantCount: 1, exampleTenants: ['t9'], steps: 0 }], unreadable: [] },
    });
    expect(body).toContain('#### Tenant drift (sample of 5 tenants)');
    expect(body).toContain('| <code>ffffffffffff</code> | 4 | <code>t1</code>, <code>t2</code>, <code>t3</code>, … | 2 steps |');
    expect(body).toContain('already up to date');
  });

  it('degrades an oversized review to a summary under 65,536 characters with a link', () => {
    const steps = Array.from({ length: 3000 }, (_, i) => step(`CREATE INDEX CONCURRENTLY idx_${i} ON orders (c${i})`, { transactional: false }));
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
    expect(body).not.toContain('<details>');
  });

  it('drops only the plan when that is enough to fit', () => {
    const steps = Array.from({ length: 3000 }, (_, i) => step(`CREATE INDEX CONCURRENTLY idx_${i} ON orders (c${i})`));
    const body = renderReviewComment(review({ plan: { ...review().plan!, steps } }));
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_LENGTH);
    expect(body).toContain('The SQL plan (3000 steps) is too long for a comment.');
    expect(body).toContain('| 🛑 error | [drop-column]');
  });

  it('is deterministic', () => {
    expect(renderReviewComment(review())).toBe(renderReviewComment(review()));
  });
});
