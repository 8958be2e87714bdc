import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, devUrlArgs } from './run-cli-in-process.js';
import { createTestDatabase } from '../support/pg.js';

const lintFixture = (name: string): string => new URL(`../fixtures/lint/${name}`, import.meta.url).pathname;

interface LintJson {
  findings: { rule: string; severity: string; category: string; object: string; message: string; fix: string; location: { file: string; line: number } | null }[];
}

async function config(yaml: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'sf-cli-lint-')), 'schemafleet.yml');
  await writeFile(file, yaml);
  return file;
}

describe('schemafleet lint', () => {
  it('exits 0 and prints findings as JSON for a safe change between two files', async () => {
    const run = await cli(['lint', '--from', lintFixture('v1.sql'), '--to', lintFixture('v2.sql'), '--format', 'json', ...devUrlArgs()]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as LintJson;
    expect(Object.keys(json)).toEqual(['findings']);
    expect(json.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('exits 1 on an error finding, reported with its file:line, in every format', async () => {
    const args = ['lint', '--from', lintFixture('v1.sql'), '--to', lintFixture('v2-bad-ignore.sql'), ...devUrlArgs()];
    const json = await cli([...args, '--format', 'json']);
    expect(json.code, json.stderr).toBe(1);
    const finding = (JSON.parse(json.stdout) as LintJson).findings.find((f) => f.rule === 'invalid-ignore');
    expect(finding).toMatchObject({ severity: 'error', category: 'linter', location: { line: 6 } });
    expect(finding?.location?.file).toMatch(/v2-bad-ignore\.sql$/);

    const text = await cli(args);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/error \[invalid-ignore\] notes\s+\S*v2-bad-ignore\.sql:6/);

    const sarif = await cli([...args, '--format', 'sarif']);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]?.results.find((r) => r.ruleId === 'invalid-ignore')?.locations[0]?.physicalLocation.region.startLine).toBe(6);

    const markdown = await cli([...args, '--format', 'markdown']);
    expect(markdown.stdout).toContain('| Severity | Rule | Object | Message | Fix |');
  });

  it('reads the lint section of --config: an engine rule turned down changes the exit code', async () => {
    const file = await config('lint:\n  rules:\n    invalid-ignore: warning\n');
    const run = await cli(['lint', '--from', lintFixture('v1.sql'), '--to', lintFixture('v2-bad-ignore.sql'), '--config', file, '--format', 'json', ...devUrlArgs()]);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as LintJson).findings.find((f) => f.rule === 'invalid-ignore')?.severity).toBe('warning');
  });

  it('exits 2 on a bad config, naming the file and key path, and on a bad format', async () => {
    const file = await config('lint:\n  rules:\n    invalid-ignor: off\n');
    const run = await cli(['lint', '--from', lintFixture('v1.sql'), '--to', lintFixture('v2.sql'), '--config', file, ...devUrlArgs()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}: lint.rules.invalid-ignor: unknown rule id (did you mean invalid-ignore?)`);
    const format = await cli(['lint', '--from', lintFixture('v1.sql'), '--to', lintFixture('v2.sql'), '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format: expected text, json, markdown or sarif');
  });
});

describe('plan and apply show lint findings', () => {
  it('plan --format json carries "findings"; apply refuses error findings unless --allow-lint-errors', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10,2))');
    const schema = ['--schema', lintFixture('v2-bad-ignore.sql'), '--url', db.url, ...devUrlArgs()];

    const plan = await cli(['plan', ...schema, '--format', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    const planJson = JSON.parse(plan.stdout) as { steps: unknown[]; findings: LintJson['findings'] };
    expect(planJson.steps.length).toBeGreaterThan(0);
    expect(planJson.findings.map((f) => f.rule)).toContain('invalid-ignore');

    const sql = await cli(['plan', ...schema]);
    expect(sql.code).toBe(0);
    expect(sql.stderr).toContain('[invalid-ignore]');
    expect(sql.stdout).toContain('CREATE TABLE');

    const refused = await cli(['apply', ...schema]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refusing a plan with 1 error-level lint finding');
    expect(refused.stderr).toContain('--allow-lint-errors');
    expect(await db.query("SELECT 1 FROM pg_tables WHERE tablename = 'notes'")).toEqual([]);

    const applied = await cli(['apply', ...schema, '--allow-lint-errors', '--format', 'json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((JSON.parse(applied.stdout) as { findings: LintJson['findings'] }).findings.map((f) => f.rule)).toContain('invalid-ignore');
  });

  it('apply --allow-destructive: the refusal says which of the "lint: N errors" it excused, so the counts add up', async () => {
    const db = await createTestDatabase();
    await db.exec('CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10,2), legacy text)');
    const refused = await cli(['apply', '--schema', lintFixture('v2-bad-ignore.sql'), '--url', db.url, '--allow-destructive', ...devUrlArgs()]);
    expect(refused.code, refused.stderr).toBe(1);
    const errors = Number(/lint: (\d+) errors?/.exec(refused.stderr)?.[1]);
    expect(errors).toBeGreaterThanOrEqual(2);
    expect(refused.stderr).toContain(`refusing a plan with ${errors - 1} error-level lint finding${errors - 1 === 1 ? '' : 's'} (1 more is a data-loss finding that --allow-destructive accepts)`);
  });
});
