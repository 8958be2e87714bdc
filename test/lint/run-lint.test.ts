import { describe, expect, it } from 'vitest';
import { runLint } from '../../src/lint/run-lint.js';
import type { LintRule, RuleViolation } from '../../src/lint/rule.js';
import { fakeContext, table } from './fake-context.js';
import { statementsOf } from './schema-statements.js';

function rule(id: string, violations: RuleViolation[], overrides: Partial<LintRule> = {}): LintRule {
  return { id, category: 'blocking-lock', defaultSeverity: 'warning', why: `why ${id}`, fix: `fix ${id}`, check: () => violations, ...overrides };
}

const orders = table('orders', ['orders_customer_idx']);
const context = fakeContext({ existing: [orders, table('orders_archive')] });

describe('runLint', () => {
  it('turns violations into findings with the rule facts, ordered by severity, rule id, object', () => {
    const findings = runLint(context, {
      rules: [
        rule('b-rule', [
          { object: 'orders.z', message: 'm1' },
          { object: 'orders.a', message: 'm2', step: 0 },
        ]),
        rule('a-rule', [{ object: 'orders', message: 'm3' }], { defaultSeverity: 'info', category: 'performance' }),
        rule('c-rule', [{ object: 'orders', message: 'm4' }], { defaultSeverity: 'error' }),
      ],
      docsBaseUrl: 'https://example.test/rules',
    });
    expect(findings.map((f) => `${f.severity} ${f.rule} ${f.object}`)).toEqual(['error c-rule orders', 'warning b-rule orders.a', 'warning b-rule orders.z', 'info a-rule orders']);
    expect(findings[1]).toEqual({
      rule: 'b-rule',
      severity: 'warning',
      category: 'blocking-lock',
      object: 'orders.a',
      message: 'm2',
      fix: 'fix b-rule',
      location: null,
      docs: 'https://example.test/rules/b-rule.md',
      step: 0,
    });
  });

  it('reports a rule that throws as an internal-error finding and still runs the others', () => {
    const findings = runLint(context, {
      rules: [
        rule('boom', [], {
          check: () => {
            throw new Error('kaput');
          },
        }),
        rule('fine', [{ object: 'orders', message: 'still here' }]),
      ],
    });
    expect(findings.map((f) => [f.rule, f.severity, f.object])).toEqual([
      ['internal-error', 'error', 'boom'],
      ['fine', 'warning', 'orders'],
    ]);
    expect(findings[0]?.message).toContain('kaput');
  });

  it('applies severity overrides and off from config', () => {
    const rules = [rule('r1', [{ object: 'orders', message: 'x' }]), rule('r2', [{ object: 'orders', message: 'y' }])];
    const findings = runLint(context, { rules, config: { rules: { r1: 'error', r2: 'off' }, ignore: [] } });
    expect(findings.map((f) => `${f.rule} ${f.severity}`)).toEqual(['r1 error']);
  });

  it('config ignores scope to an object: a table covers its columns, not a table with a longer name', () => {
    const rules = [
      rule('r', [
        { object: 'orders', message: '1' },
        { object: 'orders.total', message: '2' },
        { object: 'orders_archive', message: '3' },
        { object: 'orders_archive.id', message: '4' },
      ]),
    ];
    const findings = runLint(context, { rules, config: { rules: {}, ignore: [{ rule: 'r', object: 'orders', reason: 'backfilled' }] } });
    expect(findings.map((f) => f.object)).toEqual(['orders_archive', 'orders_archive.id']);
    const column = runLint(context, { rules, config: { rules: {}, ignore: [{ rule: 'r', object: 'orders.total', reason: 'small' }] } });
    expect(column.map((f) => f.object)).toEqual(['orders', 'orders_archive', 'orders_archive.id']);
  });

  it('reports a config ignore that matches nothing, unless the rule is off or the caller asks not to', () => {
    const rules = [rule('r', []), rule('q', [])];
    const ignore = [{ rule: 'r', object: 'orders', reason: 'why' }];
    const findings = runLint(context, { rules, config: { rules: {}, ignore } });
    expect(findings).toMatchObject([{ rule: 'unused-ignore', severity: 'warning', object: 'orders', location: null }]);
    expect(findings[0]?.message).toContain('lint.ignore[0]');
    expect(runLint(context, { rules, config: { rules: { r: 'off' }, ignore } })).toEqual([]);
    expect(runLint(context, { rules, config: { rules: {}, ignore }, reportUnusedIgnores: false })).toEqual([]);
    expect(runLint(context, { rules, config: { rules: { 'unused-ignore': 'off' }, ignore } })).toEqual([]);
  });

  it('drops lock and data findings on objects this plan creates, keeps the others', () => {
    const created = fakeContext({ existing: [orders], created: [table('projects', ['projects_name_idx'])], steps: [{ onNewObject: true }, { onNewObject: false }] });
    const findings = runLint(created, {
      rules: [
        rule('lock', [
          { object: 'projects', message: 'a' },
          { object: 'projects.name', message: 'b' },
          { object: 'projects_name_idx', message: 'c' },
          { object: 'orders', message: 'd' },
        ]),
        rule(
          'rewrite',
          [
            { object: 'orders', message: 'e', step: 0 },
            { object: 'orders', message: 'f', step: 1 },
          ],
          { category: 'table-rewrite' },
        ),
        rule('perf', [{ object: 'projects', message: 'g' }], { category: 'performance' }),
      ],
    });
    expect(findings.map((f) => f.message)).toEqual(['d', 'g', 'f']);
  });
});

describe('runLint with the schema file', () => {
  const schema = [
    'CREATE TABLE orders (', //                          1
    '  id integer PRIMARY KEY,', //                      2
    '  total numeric', //                                3
    ');', //                                             4
    '', //                                               5
    '-- speeds up the customer page', //                 6
    '-- schemafleet:ignore perf-rule index is tiny', //  7
    'CREATE INDEX orders_total_idx ON orders (total);', // 8
    '', //                                               9
    '/* schemafleet:ignore lock-rule reviewed with the DBA */', // 10
    'CREATE TABLE customers (id integer PRIMARY KEY);', // 11
    '-- schemafleet:ignore lock-rule', //                12
    'CREATE TABLE invoices (id integer);', //             13
    '-- schemafleet:ignore lokc-rule typo in the id', // 14
    'CREATE TABLE notes (id integer);', //                15
    '-- schemafleet:ignore lock-rule nothing to ignore here', // 16
    'CREATE TABLE tags (id integer);', //                 17
    "COMMENT ON COLUMN orders.total IS 'gross';", //      18
  ].join('\n');

  it('locates findings at the defining statement: a column at its own line inside CREATE TABLE, a removed column at its table, comments do not win over CREATE, dropped objects at null', async () => {
    const { statements } = await statementsOf(schema);
    const findings = runLint(context, {
      rules: [
        rule('where', [
          { object: 'orders.total', message: 'a' },
          { object: 'orders.gone', message: 'b' },
          { object: 'orders_total_idx', message: 'c' },
          { object: 'dropped', message: 'd' },
          { object: 'customers', message: 'e' },
        ]),
      ],
      statements,
    });
    const at = Object.fromEntries(findings.filter((f) => f.rule === 'where').map((f) => [f.object, f.location ? f.location.line : null]));
    expect(at).toEqual({ 'orders.total': 3, 'orders.gone': 1, orders_total_idx: 8, dropped: null, customers: 11 });
    expect(findings.find((f) => f.object === 'orders.total')?.location?.file).toMatch(/schema\.sql$/);
  });

  it('honours inline ignores with a reason and reports bad, unknown and unused ones at the comment line', async () => {
    const { statements } = await statementsOf(schema);
    const findings = runLint(context, {
      rules: [
        rule('perf-rule', [{ object: 'orders_total_idx', message: 'ignored' }], { category: 'performance' }),
        rule('lock-rule', [
          { object: 'customers', message: 'ignored' },
          { object: 'customers.id', message: 'ignored too' },
          { object: 'invoices', message: 'kept: the ignore has no reason' },
        ]),
      ],
      statements,
    });
    const shown = findings.map((f) => `${f.severity} ${f.rule} ${f.object} @${f.location?.line ?? '-'}: ${f.message}`);
    expect(shown).toEqual([
      'error invalid-ignore invoices @12: schemafleet:ignore lock-rule: a reason is required after the rule id',
      'error invalid-ignore notes @14: schemafleet:ignore lokc-rule: unknown rule id (did you mean lock-rule?)',
      'warning lock-rule invoices @13: kept: the ignore has no reason',
      'warning unused-ignore tags @16: schemafleet:ignore lock-rule matches no finding of this plan',
    ]);
  });

  it('an ignore above the table covers a finding on a column dropped from it, which points there (it was reported unused)', async () => {
    const { statements } = await statementsOf(schema);
    const findings = runLint(context, { rules: [rule('lock-rule', [{ object: 'customers.legacy', message: 'drops customers.legacy' }])], statements });
    // The ignore at line 10 (above CREATE TABLE customers) is used, and the finding is gone; the file's other ignores say what they always say.
    expect(findings.filter((f) => f.rule === 'lock-rule' || (f.rule === 'unused-ignore' && f.location?.line === 10))).toEqual([]);
  });
});

describe('runLint locations of constraints written on a column', () => {
  it("puts an unnamed column constraint (PostgreSQL names it <table>_<column>_<suffix>) at its column's line", async () => {
    const schema = ['CREATE TABLE tasks (', '  id integer PRIMARY KEY,', '  estimate integer CHECK (estimate >= 0),', '  owner_id integer REFERENCES orders (id)', ');'].join('\n');
    const { statements } = await statementsOf(schema);
    const findings = runLint(context, {
      rules: [
        rule('where', [
          { object: 'tasks.tasks_estimate_check', message: 'a' },
          { object: 'tasks.tasks_owner_id_fkey', message: 'b' },
          { object: 'tasks.tasks_gone_check', message: 'c' },
        ]),
      ],
      statements,
    });
    const at = Object.fromEntries(findings.filter((f) => f.rule === 'where').map((f) => [f.object, f.location?.line ?? null]));
    expect(at).toEqual({ 'tasks.tasks_estimate_check': 3, 'tasks.tasks_owner_id_fkey': 4, 'tasks.tasks_gone_check': 1 });
  });
});
