import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { INPUT_NAMES, parseActionInputs } from '../../../src/github/action/action-inputs.js';
import { ActionSecrets, secretsOfUrl } from '../../../src/github/action/action-secrets.js';

describe('parseActionInputs', () => {
  it('reads exactly the inputs action.yml declares, and action.yml is YAML GitHub can load', () => {
    const declared = parse(readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')) as { inputs: Record<string, unknown> };
    expect(Object.keys(declared.inputs).sort()).toEqual([...INPUT_NAMES].sort());
  });

  it('applies the defaults of action.yml when inputs are empty', () => {
    expect(parseActionInputs(() => '')).toEqual({
      mode: 'review',
      config: 'schemafleet.yml',
      githubToken: '',
      devUrl: null,
      dryRun: false,
      tenants: [],
      batchSize: null,
      concurrency: null,
      worker: null,
      checkName: 'schemafleet rollout',
      devUrlForForks: false,
      reviewTimeBudgetMs: 60_000,
      allowedRefs: [],
      docsUrl: null,
    });
  });

  it('reads the trust inputs: allowed-refs as a list, dev-url-for-forks as a boolean, the review budget in seconds', () => {
    const inputs: Record<string, string> = { 'allowed-refs': 'refs/tags/v*\nrelease/*', 'dev-url-for-forks': 'true', 'review-time-budget': '90' };
    expect(parseActionInputs((name) => inputs[name] ?? '')).toMatchObject({ allowedRefs: ['refs/tags/v*', 'release/*'], devUrlForForks: true, reviewTimeBudgetMs: 90_000 });
    expect(() => parseActionInputs((name) => (name === 'review-time-budget' ? '0' : ''))).toThrow('input review-time-budget: expected whole seconds from 1 to 3600, got "0"');
  });

  it('reads tenants as newline or comma separated globs, worker as i/n, numbers and booleans as the toolkit does', () => {
    const inputs: Record<string, string> = { mode: 'rollout', tenants: 'acme-*, globex\n!internal-*\n\n', worker: '2/4', 'batch-size': '25', concurrency: '4', 'dry-run': 'True' };
    const parsed = parseActionInputs((name) => inputs[name] ?? '');
    expect(parsed.tenants).toEqual(['acme-*', 'globex', '!internal-*']);
    expect(parsed.worker).toEqual({ index: 2, count: 4 });
    expect(parsed).toMatchObject({ mode: 'rollout', batchSize: 25, concurrency: 4, dryRun: true });
  });

  it('never quotes a dev-url back, since it holds a password', () => {
    expect(() => parseActionInputs((name) => (name === 'dev-url' ? 'mysql://u:topsecret@h/db' : ''))).toThrow(/input dev-url: expected a postgres:\/\/ URL$/m);
    try {
      parseActionInputs((name) => (name === 'dev-url' ? 'mysql://u:topsecret@h/db' : ''));
    } catch (error) {
      expect(String(error)).not.toContain('topsecret');
    }
  });
});

describe('ActionSecrets', () => {
  it('masks every spelling of a URL password, and redacts them from text', () => {
    const masked: string[] = [];
    const secrets = new ActionSecrets((secret) => masked.push(secret));
    secrets.addUrl('postgres://app:p%40ss%2Fw@db.internal/acme?password=other-pw');
    expect(masked).toEqual(expect.arrayContaining(['p%40ss%2Fw', 'p@ss/w', 'other-pw']));
    expect(secrets.redact('failed: p@ss/w and other-pw at postgres://x:p%40ss%2Fw@db.internal/acme')).not.toMatch(/p@ss|other-pw|p%40ss/);
    expect(secretsOfUrl('not a url')).toEqual(['not a url']);
  });

  it('registers each secret once and ignores values too short to be one', () => {
    const masked: string[] = [];
    const secrets = new ActionSecrets((secret) => masked.push(secret));
    secrets.add('abcdef', 'abcdef', 'ab', '', null, undefined);
    expect(masked).toEqual(['abcdef']);
  });
});
