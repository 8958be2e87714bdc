import { describe, expect, it } from 'vitest';
import { engineRules } from '../../src/lint/engine-rules.js';
import type { Finding, LintRule } from '../../src/lint/rule.js';
import { renderLintJson } from '../../src/report/lint/lint-json.js';
import { renderLintMarkdown } from '../../src/report/lint/lint-markdown.js';
import { renderLintSarif } from '../../src/report/lint/lint-sarif.js';
import { renderLintText } from '../../src/report/lint/lint-text.js';

const findings: Finding[] = [
  {
    rule: 'drop-column',
    severity: 'error',
    category: 'data-loss',
    object: 'orders.note',
    message: 'drops column note | with data',
    fix: 'expand, then contract',
    location: { file: 'schema/orders.sql', line: 12 },
    docs: 'https://x.test/drop-column.md',
    step: 3,
  },
  {
    rule: 'volatile-default',
    severity: 'warning',
    category: 'table-rewrite',
    object: 'orders.token',
    message: 'rewrites orders',
    fix: 'add the column, then backfill',
    location: null,
    docs: 'https://x.test/volatile-default.md',
    step: null,
  },
  {
    rule: 'fk-index',
    severity: 'info',
    category: 'performance',
    object: 'invoices.customer_id',
    message: 'no index\nfor the FK',
    fix: 'index it',
    location: { file: 'schema/invoices.sql', line: 4 },
    docs: 'https://x.test/fk-index.md',
    step: null,
  },
];

const rules: Omit<LintRule, 'check'>[] = [
  { id: 'volatile-default', category: 'table-rewrite', defaultSeverity: 'error', why: 'Rewrites the table.', fix: 'Backfill.' },
  { id: 'drop-column', category: 'data-loss', defaultSeverity: 'error', why: 'Loses data.', fix: 'Expand/contract.' },
  { id: 'fk-index', category: 'performance', defaultSeverity: 'info', why: 'Slow deletes.', fix: 'Index it.' },
  ...engineRules,
];

describe('lint text', () => {
  it('groups by severity with rule, object, location, fix and docs, and ends with a summary', () => {
    const text = renderLintText(findings);
    expect(text).toContain(
      'errors (1):\n  error [drop-column] orders.note  schema/orders.sql:12\n    drops column note | with data\n    fix: expand, then contract\n    docs: https://x.test/drop-column.md',
    );
    expect(text.indexOf('warnings (1):')).toBeGreaterThan(text.indexOf('errors (1):'));
    expect(text.indexOf('info (1):')).toBeGreaterThan(text.indexOf('warnings (1):'));
    expect(text.trimEnd().split('\n').at(-1)).toBe('lint: 1 error, 1 warning, 1 info');
    expect(renderLintText([])).toBe('lint: no findings\n');
  });
});

describe('lint json', () => {
  it('has exactly the documented fields (plus docs and step)', () => {
    const parsed = JSON.parse(renderLintJson(findings)) as { findings: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(['findings']);
    expect(parsed.findings[0]).toEqual({
      rule: 'drop-column',
      severity: 'error',
      category: 'data-loss',
      object: 'orders.note',
      message: 'drops column note | with data',
      fix: 'expand, then contract',
      location: { file: 'schema/orders.sql', line: 12 },
      docs: 'https://x.test/drop-column.md',
      step: 3,
    });
    expect(parsed.findings[1]?.location).toBeNull();
  });
});

describe('lint markdown', () => {
  it('is one table row per finding with the rule linked and cells kept on one line', () => {
    const md = renderLintMarkdown(findings);
    const rows = md.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ---'));
    expect(rows[0]).toBe('| Severity | Rule | Object | Message | Fix |');
    expect(rows).toHaveLength(4);
    expect(rows[1]).toContain('[drop-column](https://x.test/drop-column.md)');
    expect(rows[1]).toContain('drops column note \\| with data');
    expect(rows[3]).toContain('no index<br>for the FK');
    // Unescaped pipes would split the row: every row has the header's six separators.
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(7);
    expect(renderLintMarkdown([])).toBe('No migration-safety findings.\n');
  });
});

/**
 * The parts of the SARIF 2.1.0 schema (and of GitHub code scanning's stricter reading) that an
 * upload depends on. The schema itself cannot be fetched here, so this checks them one by one.
 */
function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  if (!obj(log)) return ['log is not an object'];
  if (log.version !== '2.1.0') problems.push('version must be "2.1.0"');
  if (!str(log.$schema)) problems.push('$schema should name the 2.1.0 schema');
  if (!Array.isArray(log.runs)) return [...problems, 'runs must be an array'];
  log.runs.forEach((run: unknown, r) => {
    if (!obj(run) || !obj(run.tool) || !obj(run.tool.driver)) return void problems.push(`runs[${r}].tool.driver is required`);
    const driver = run.tool.driver;
    if (!str(driver.name)) problems.push(`runs[${r}].tool.driver.name is required`);
    const rules = Array.isArray(driver.rules) ? driver.rules : [];
    const ids = new Set<string>();
    rules.forEach((rule: unknown, i) => {
      const at = `runs[${r}].tool.driver.rules[${i}]`;
      if (!obj(rule) || !str(rule.id)) return void problems.push(`${at}.id is required`);
      if (ids.has(rule.id)) problems.push(`${at}.id ${rule.id} is not unique`);
      ids.add(rule.id);
      if (!obj(rule.shortDescription) || !str(rule.shortDescription.text)) problems.push(`${at}.shortDescription.text is required`);
      if (!str(rule.helpUri) || !/^https?:\/\//.test(rule.helpUri)) problems.push(`${at}.helpUri must be an absolute URI`);
      if (!obj(rule.defaultConfiguration) || !['none', 'note', 'warning', 'error'].includes(rule.defaultConfiguration.level as string)) problems.push(`${at}.defaultConfiguration.level is invalid`);
    });
    if (!Array.isArray(run.results)) return void problems.push(`runs[${r}].results must be an array`);
    run.results.forEach((result: unknown, i) => {
      const at = `runs[${r}].results[${i}]`;
      if (!obj(result)) return void problems.push(`${at} is not an object`);
      if (!str(result.ruleId) || !ids.has(result.ruleId)) problems.push(`${at}.ruleId must name a rule of the driver`);
      if (typeof result.ruleIndex === 'number' && (rules[result.ruleIndex] as { id?: string } | undefined)?.id !== result.ruleId) problems.push(`${at}.ruleIndex does not point at its rule`);
      if (!['none', 'note', 'warning', 'error'].includes(result.level as string)) problems.push(`${at}.level is invalid`);
      if (!obj(result.message) || !str(result.message.text)) problems.push(`${at}.message.text is required`);
      // GitHub: "locationFromSarifResult: expected at least one location".
      if (!Array.isArray(result.locations) || result.locations.length === 0) return void problems.push(`${at}.locations needs at least one location`);
      result.locations.forEach((location: unknown, l) => {
        const pl = obj(location) && obj(location.physicalLocation) ? location.physicalLocation : null;
        const uri = pl && obj(pl.artifactLocation) ? pl.artifactLocation.uri : undefined;
        if (!str(uri) || /^[a-z]+:/i.test(uri) || uri.startsWith('/') || uri.includes('\\')) problems.push(`${at}.locations[${l}] needs a repository-relative artifactLocation.uri`);
        const line = pl && obj(pl.region) ? pl.region.startLine : undefined;
        if (!Number.isInteger(line) || (line as number) < 1) problems.push(`${at}.locations[${l}].region.startLine must be an integer >= 1`);
      });
    });
  });
  return problems;
}

describe('lint sarif', () => {
  it('is valid for code scanning: rules with help, results with level, file and line', () => {
    const log = JSON.parse(renderLintSarif(findings, { rules, fallbackFile: 'schema/orders.sql', root: '/repo', version: '0.1.0' })) as {
      runs: {
        tool: { driver: { name: string; rules: { id: string; defaultConfiguration: { level: string } }[] } };
        results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
      }[];
    };
    expect(sarifProblems(log)).toEqual([]);
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('schemafleet');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([...rules.map((r) => r.id)].sort());
    expect(run.tool.driver.rules.find((r) => r.id === 'fk-index')?.defaultConfiguration.level).toBe('note');
    expect(run.results.map((r) => [r.ruleId, r.level, r.locations[0]?.physicalLocation.artifactLocation.uri, r.locations[0]?.physicalLocation.region.startLine])).toEqual([
      ['drop-column', 'error', 'schema/orders.sql', 12],
      ['volatile-default', 'warning', 'schema/orders.sql', 1],
      ['fk-index', 'note', 'schema/invoices.sql', 4],
    ]);
  });

  it('makes absolute paths relative to the root and leaves out results it cannot place', () => {
    const located: Finding[] = [{ ...findings[0]!, location: { file: '/repo/db/my schema.sql', line: 7 } }, findings[1]!];
    const log = JSON.parse(renderLintSarif(located, { rules, root: '/repo' })) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarifProblems(log)).toEqual([]);
    expect(log.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toEqual(['db/my%20schema.sql']);
  });

  it('the structural check catches what code scanning rejects', () => {
    expect(
      sarifProblems({
        version: '2.1.0',
        $schema: 'x',
        runs: [
          {
            tool: { driver: { name: 'x', rules: [{ id: 'a', shortDescription: { text: 't' }, helpUri: 'https://h', defaultConfiguration: { level: 'error' } }] } },
            results: [{ ruleId: 'a', level: 'error', message: { text: 'm' }, locations: [] }],
          },
        ],
      }),
    ).toEqual(['runs[0].results[0].locations needs at least one location']);
  });
});
