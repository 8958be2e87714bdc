import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli-in-process.js';
import { PLANTED_SECRET, badInputFixture, expectClean, shownPath } from './bad-input-helpers.js';

/**
 * Malformed schemafleet.yml files through `schemafleet rollout --config … --dry-run`: exit 2 before
 * any database is contacted, each problem named by its key path (or YAML file:line:col).
 */
interface ConfigCase {
  readonly fixture: string;
  /** `file: <keyPath>: <message>` or, for YAML syntax, `file:line:col: <message>`. */
  readonly error: RegExp;
}

const configCases: ConfigCase[] = [
  { fixture: 'wrong-types.yml', error: /: rollout\.concurrency: expected a positive whole number, got a string\n.*: rollout\.allowDestructive: expected true or false/ },
  { fixture: 'unknown-key.yml', error: /: rollout\.concurency: unknown key \(did you mean concurrency\?\)/ },
  { fixture: 'missing-env-var.yml', error: /: tenants\.list\[0\]\.url: environment variable SF_BAD_INPUT_UNSET_PASSWORD is not set/ },
  { fixture: 'bad-tenant-url.yml', error: /: tenants\.list\[0\]\.url: expected a postgres:\/\/ or postgresql:\/\/ URL, got one starting with mysql:\/\// },
  { fixture: 'bad-ledger-url.yml', error: /: ledger\.url: expected a postgres:\/\/ URL/ },
  { fixture: 'both-tenant-sources.yml', error: /: tenants: expected exactly one of list, file, query, schemas, got list and schemas/ },
  { fixture: 'duplicate-ids.yml', error: /: tenants\.list\[1\]\.id: duplicate tenant id "acme", also at tenants\.list\[0\]\.id/ },
  { fixture: 'negative-batch-size.yml', error: /: rollout\.batchSize: expected a positive whole number, got -5/ },
  { fixture: 'resume-below-above-pause.yml', error: /: health\.probes\[0\]\.resumeBelow: expected at most pauseAbove \(10\), got 20/ },
  { fixture: 'unknown-lint-rule.yml', error: /: lint\.rules\.index-dropd: unknown rule id \(did you mean index-dropped\?\)/ },
  { fixture: 'yaml-syntax-error.yml', error: /yaml-syntax-error\.yml:7:1: Missing closing "quote/ },
  { fixture: 'config-is-a-list.yml', error: /: expected a mapping of keys \(schema:, tenants:, …\), got a list/ },
  { fixture: 'missing-schema-path.yml', error: /: schema: no such file or folder: does-not-exist\.sql/ },
  { fixture: 'no-schema-key.yml', error: /: schema: missing; expected a path to the schema file or folder/ },
  { fixture: 'bad-duration.yml', error: /: rollout\.lockTimeout: expected a duration like 2s/ },
  { fixture: 'tenant-without-id.yml', error: /: tenants\.list\[0\]\.id: missing; expected a tenant id/ },
  { fixture: 'empty.yml', error: /: the file is empty; expected a mapping with at least schema: and tenants:/ },
];

describe('bad schemafleet.yml through rollout --dry-run', () => {
  it.each(configCases)('$fixture: exit 2 naming the key', async ({ fixture, error }) => {
    const run = await cli(['rollout', '--config', badInputFixture('config', fixture), '--dry-run'], { SF_BAD_INPUT_SECRET: PLANTED_SECRET });
    expect(run.stderr).toMatch(new RegExp(`^error: ${shownPath('config', fixture)}[:]`));
    expect(run.stderr).toMatch(error);
    expect(run.stderr).toMatch(/\nhint: /);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expectClean(run);
  });

  it('a missing config file says how to create one', async () => {
    const run = await cli(['rollout', '--config', badInputFixture('config', 'nope.yml'), '--dry-run']);
    expect(run.stderr).toMatch(/nope\.yml: no such file/);
    expect(run.stderr).toMatch(/hint: create one/);
    expect(run.code).toBe(2);
    expectClean(run);
  });
});

/** Bad flags: exit 2, naming the flag, never echoing a URL's password. */
interface FlagCase {
  readonly name: string;
  readonly argv: readonly string[];
  readonly error: RegExp;
}

const schema = badInputFixture('config', 'schema.sql');
const config = badInputFixture('config', 'both-tenant-sources.yml');
const secretUrl = `postgres://app:${PLANTED_SECRET}@127.0.0.1:1/db`;

const flagCases: FlagCase[] = [
  { name: 'unknown flag', argv: ['plan', '--schema', schema, '--url', secretUrl, '--frobnicate'], error: /unknown option '--frobnicate'/ },
  { name: 'unknown command', argv: ['deploy', '--url', secretUrl], error: /unknown command 'deploy'/ },
  { name: 'bad duration', argv: ['apply', '--schema', schema, '--url', secretUrl, '--lock-timeout', 'soon'], error: /--lock-timeout: expected a positive duration/ },
  { name: 'zero duration', argv: ['apply', '--schema', schema, '--url', secretUrl, '--lock-timeout', '0s'], error: /--lock-timeout: expected a positive duration/ },
  { name: 'bad --grace duration', argv: ['rollout', '--config', config, '--grace', 'forever'], error: /--grace: / },
  { name: 'bad URL scheme', argv: ['plan', '--schema', schema, '--url', `mysql://app:${PLANTED_SECRET}@db/x`], error: /--url: expected a postgres:\/\/ or postgresql:\/\/ URL/ },
  { name: 'URL with a space', argv: ['plan', '--schema', schema, '--url', `postgres://app:${PLANTED_SECRET}@db/x y`], error: /--url: expected a postgres:\/\/ or postgresql:\/\/ URL/ },
  {
    name: 'bad --dev-url',
    argv: ['plan', '--schema', schema, '--url', secretUrl, '--dev-url', `http://app:${PLANTED_SECRET}@db/x`],
    error: /--dev-url: expected a postgres:\/\/ or postgresql:\/\/ URL/,
  },
  { name: 'missing required --url', argv: ['plan', '--schema', schema], error: /--url: is required/ },
  { name: 'missing required --schema', argv: ['apply', '--url', secretUrl], error: /--schema: is required/ },
  { name: 'missing required --from/--to', argv: ['diff', '--to', schema], error: /--from: is required/ },
  { name: '--worker 3/2', argv: ['rollout', '--config', config, '--worker', '3/2'], error: /--worker: / },
  { name: '--worker 0/2', argv: ['rollout', '--config', config, '--worker', '0/2'], error: /--worker: / },
  { name: '--worker abc', argv: ['rollout', '--config', config, '--worker', 'abc'], error: /--worker: / },
  { name: '--batch-size 0', argv: ['rollout', '--config', config, '--batch-size', '0'], error: /--batch-size: / },
  { name: '--batch-size -3', argv: ['rollout', '--config', config, '--batch-size=-3'], error: /--batch-size: / },
  { name: '--concurrency 1.5', argv: ['rollout', '--config', config, '--concurrency', '1.5'], error: /--concurrency: / },
  { name: 'bad --format', argv: ['plan', '--schema', schema, '--url', secretUrl, '--format', 'yaml'], error: /--format: expected sql or json/ },
  { name: '--schema-name over 63 bytes', argv: ['plan', '--schema', schema, '--url', secretUrl, '--schema-name', 's'.repeat(64)], error: /--schema-name: PostgreSQL names are at most 63 bytes/ },
  { name: 'SCHEMAFLEET_DEV_URL not a URL', argv: ['plan', '--schema', schema, '--url', secretUrl], error: /SCHEMAFLEET_DEV_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/ },
];

describe('bad flags', () => {
  it.each(flagCases)('$name: exit 2 naming the flag', async ({ name, argv, error }) => {
    const env = name.startsWith('SCHEMAFLEET_DEV_URL') ? { SCHEMAFLEET_DEV_URL: `mysql://root:${PLANTED_SECRET}@db` } : {};
    const run = await cli(argv, env);
    expect(run.stderr).toMatch(error);
    expect(run.stderr).toMatch(/^error: /);
    expect(run.code).toBe(2);
    expectClean(run);
  });

  it('an unreachable database is exit 3 and its password is masked', async () => {
    const run = await cli(['plan', '--schema', schema, '--url', secretUrl]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/127\.0\.0\.1:1/);
    expectClean(run);
  });
});
