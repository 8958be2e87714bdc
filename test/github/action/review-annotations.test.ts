/**
 * The review's workflow-command annotations past GitHub's 10 per level per step, and the rule
 * links of the Action (docs-url, or the Action's own repository and ref), through run() as the
 * runner runs it, against a real scratch PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../../src/github/action/main.js';
import { ANNOTATIONS_PER_LEVEL, splitByStepLimit, type WorkflowAnnotation } from '../../../src/github/action/workflow-annotations.js';
import { adminUrl } from '../../support/pg.js';
import { fakeContext, fakeCore, fakeDeps, fakeOctokit } from './fakes.js';

function annotations(level: WorkflowAnnotation['level'], count: number): WorkflowAnnotation[] {
  return Array.from({ length: count }, (_, i) => ({ level, message: `${level} ${i + 1}`, properties: { file: 'db/schema.sql', startLine: i + 1 } }));
}

describe('splitByStepLimit', () => {
  it('keeps 10 of each level, the 10th counting the rest, and hands the rest over', () => {
    const { shown, overflow } = splitByStepLimit([...annotations('error', 25), ...annotations('warning', 3), ...annotations('notice', 10)]);
    const shownOf = (level: string) => shown.filter((a) => a.level === level);
    expect(shownOf('error')).toHaveLength(ANNOTATIONS_PER_LEVEL);
    expect(shownOf('error')[9]!.message).toBe('16 more errors are in the job summary: GitHub shows 10 errors per step.');
    expect(shownOf('warning')).toHaveLength(3);
    expect(shownOf('notice')).toHaveLength(10);
    expect(overflow.map((a) => a.message)).toEqual(Array.from({ length: 16 }, (_, i) => `error ${i + 10}`));
  });
});

describe('mode review annotations and rule links', () => {
  const base = 'b'.repeat(40);
  const head = 'c'.repeat(40);
  const columns = Array.from({ length: 12 }, (_, i) => `c${i}`);
  const config = 'schema: db/schema.sql\ntenants:\n  list: []\n';

  async function review(inputs: Record<string, string>, env: Record<string, string>) {
    const octokit = fakeOctokit({
      [base]: { 'schemafleet.yml': config, 'db/schema.sql': `CREATE TABLE wide (\n  id bigint PRIMARY KEY,\n${columns.map((c) => `  ${c} integer`).join(',\n')}\n);\n` },
      [head]: { 'schemafleet.yml': config, 'db/schema.sql': 'CREATE TABLE wide (\n  id bigint PRIMARY KEY\n);\n' },
    });
    const core = fakeCore({ mode: 'review', 'dev-url': adminUrl(), 'github-token': 'ghs_x', ...inputs });
    const payload = { pull_request: { number: 7, base: { sha: base, repo: { full_name: 'acme/app' } }, head: { sha: head, repo: { full_name: 'someone/app' } } } };
    await run(fakeDeps(core, { context: fakeContext({ eventName: 'pull_request', payload }), getOctokit: () => octokit, env }));
    const comment = String(octokit.calls.find((c) => c.method === 'issues.createComment')?.params.body);
    return { core, comment };
  }

  it('emits 10 error annotations for 12 dropped columns and puts the other 3 in the job summary, saying so', async () => {
    const { core } = await review({}, {});
    const errors = core.calls.filter((c) => c.kind === 'error');
    expect(errors).toHaveLength(10);
    expect(String(errors[9]!.args[0])).toBe('3 more errors are in the job summary: GitHub shows 10 errors per step.');
    const summary = core.summary.join('');
    expect(summary).toContain('#### 3 annotations GitHub does not show');
    // The three not shown are the last three findings, each with its line at the head commit.
    const hidden = summary.slice(summary.indexOf('GitHub does not show'));
    expect(hidden.match(/^- 🛑 /gm)).toHaveLength(3);
    expect(hidden).toContain(`https://github.com/acme/app/blob/${head}/db/schema.sql#L1`);
  });

  it('links rules to the repository and ref the Action runs from, or to docs-url when given', async () => {
    const own = await review({}, { GITHUB_ACTION_REPOSITORY: 'acme/schemafleet', GITHUB_ACTION_REF: 'v1.4.0', GITHUB_SERVER_URL: 'https://github.com' });
    expect(own.comment).toContain('[drop-column]: https://github.com/acme/schemafleet/blob/v1.4.0/docs/rules/drop-column.md');
    const given = await review({ 'docs-url': 'https://docs.example.com/schemafleet/rules/' }, { GITHUB_ACTION_REPOSITORY: 'acme/schemafleet', GITHUB_ACTION_REF: 'v1.4.0' });
    expect(given.comment).toContain('[drop-column]: https://docs.example.com/schemafleet/rules/drop-column.md');
  });
});
