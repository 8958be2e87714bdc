import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BadInputError, ExitCode } from '../../../src/errors.js';
import { ADAPTIVE_DEFAULTS, failureBudgetLimit } from '../../../src/fleet/config/sections/rollout-config.js';
import { expandEnv, MissingEnvVarError } from '../../../src/fleet/config/expand-env.js';
import { ledgerUrl, loadFleetConfig } from '../../../src/fleet/config/load-fleet-config.js';

const fixtures = fileURLToPath(new URL('../../fixtures/config/', import.meta.url));
const fixture = (name: string) => `${fixtures}${name}`;
const env = { TENANT_DB_PASSWORD: 's3cret' };
const SECRETS = ['s3cret', 'hunter2'];

async function problemsOf(name: string, environment: Record<string, string> = env): Promise<BadInputError> {
  const error = await loadFleetConfig(fixture(name), environment).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BadInputError);
  const bad = error as BadInputError;
  expect(bad.exitCode).toBe(ExitCode.badInput);
  for (const secret of SECRETS) expect(`${bad.message}\n${bad.hint}`).not.toContain(secret);
  expect(bad.message).not.toMatch(/\n\s+at /); // no stack trace in the message
  return bad;
}

describe('loadFleetConfig', () => {
  it('reads every section, fills defaults and expands env vars in URLs', async () => {
    const config = await loadFleetConfig(fixture('basic.yml'), env);
    expect(config.schema).toBe(fixture('schema/schema.sql'));
    expect(config.schemaName).toBe('public');
    expect(config.tenants).toEqual({
      kind: 'list',
      tenants: [
        { id: 'acme', url: 'postgres://app:s3cret@db1.internal:5432/acme', schema: 'public', labels: { tier: 'free', region: 'eu' } },
        { id: 'globex', url: 'postgresql://app:s3cret@db2.internal/globex', schema: 'app', labels: { tier: 'paid', shard: '3' } },
      ],
    });
    expect(config.rollout).toEqual({
      batchSize: 50,
      concurrency: 8,
      perClusterConcurrency: 8,
      canary: { kind: 'ids', ids: ['acme'] },
      waves: [{ name: 'free', match: { tier: ['free'] } }],
      failureBudget: { kind: 'percent', percent: 2 },
      lockTimeoutMs: 500,
      statementTimeoutMs: 3_600_000,
      retries: 5,
      verify: 'proven',
      niceRatio: 0,
      parallelWorkers: 0,
      adaptiveConcurrency: null,
      allowDestructive: false,
      allowLintErrors: false,
    });
    expect(config.health.checkEveryMs).toBe(5_000);
    expect(config.health.resumeAfterMs).toBe(30_000);
    const [sessions, cpu, queue] = config.health.probes;
    expect(sessions).toMatchObject({ name: 'active-sessions', kind: 'sql', preset: 'active-sessions', pauseAbove: 50, resumeBelow: 50, everyMs: 5_000 });
    expect(cpu).toMatchObject({ name: 'cpu', kind: 'http', jsonPath: 'data.result[0].value[1]' });
    expect(cpu?.kind === 'http' && cpu.url).toMatch(/^http:\/\/prometheus:9090\/api\/v1\/query\?query=/);
    expect(queue).toMatchObject({ name: 'queue-depth', kind: 'http', pauseAbove: 1000, resumeBelow: 200, everyMs: 10_000, preset: null });
    expect(config.ledger).toBeNull();
    expect(config.lint).toEqual({ rules: {}, ignore: [] });
  });

  it('resolves paths relative to the config file, reads a tenants file and percent-encodes env values in the password', async () => {
    const config = await loadFleetConfig(fixture('nested/file-source.yml'), {});
    expect(config.schema).toBe(fixture('schema/schema.sql'));
    expect(config.tenants.kind).toBe('file');
    if (config.tenants.kind !== 'file') return;
    expect(config.tenants.path).toBe(fixture('tenants.yml'));
    expect(config.tenants.tenants.map((t) => t.url)).toEqual(['postgres://app:fallback@db/acme', 'postgres://app@db/globex']);
    expect(config.ledger?.url).toBe('postgres://ledger:p%40ss%3Aw%2Frd@control.internal/ledger');
    expect(new URL(config.ledger?.url ?? '').hostname).toBe('control.internal');
  });

  it('reads a JSON tenants file', async () => {
    const config = await loadFleetConfig(fixture('json-file.yml'), {});
    expect(config.tenants.kind === 'file' && config.tenants.tenants).toEqual([
      { id: 'acme', url: 'postgres://app@db/acme', schema: 'public', labels: { tier: 'free' } },
      { id: 'initech', url: 'postgres://app@db/initech', schema: 'tenant', labels: {} },
    ]);
  });

  it('says how to create a missing file', async () => {
    const error = await problemsOf('nope.yml');
    expect(error.message).toContain('nope.yml: no such file');
    expect(error.hint).toMatch(/examples\/schemafleet\.yml/);
  });

  it.each([
    ['empty.yml', /empty\.yml: the file is empty/],
    ['malformed.yml', /malformed\.yml:\d+:\d+: /],
    [
      'unknown-key.yml',
      /rollout\.batchsize: unknown key \(did you mean batchSize\?\)\n.*rollout\.concurency: unknown key \(did you mean concurrency\?\)\n.*rollout\.flavour: unknown key \(expected one of batchSize/,
    ],
    ['missing-env.yml', /missing-env\.yml: tenants\.query\.url: environment variable CONTROL_DB_PASSWORD is not set/],
    ['bad-url.yml', /bad-url\.yml: tenants\.list\[3\]\.url: expected a postgres:\/\/ or postgresql:\/\/ URL/],
    ['duplicate-ids.yml', /tenants\.list\[2\]\.id: duplicate tenant id "acme", also at tenants\.list\[0\]\.id/],
    ['both-sources.yml', /tenants: expected exactly one of list, file, query, schemas, got list and schemas/],
    ['no-source.yml', /tenants: expected exactly one of list, file, query, schemas$/],
    ['no-tenants.yml', /tenants: missing; expected a mapping/],
    ['bad-schema-path.yml', /schema: no such file or folder: missing\.sql/],
    ['bad-canary.yml', /rollout\.canary\[1\]: no tenant has id "nobody"/],
    ['long-id.yml', /tenants\.list\[0\]\.id: expected at most 200 characters/],
    ['long-schema.yml', /tenants\.list\[0\]\.schema: expected a schema name of at most 63 bytes, got 64/],
  ])('%s names the key path and what was expected', async (name, pattern) => {
    const error = await problemsOf(name);
    expect(error.message).toMatch(pattern);
  });

  it('reports a YAML syntax error with its location', async () => {
    const error = await problemsOf('malformed.yml');
    expect(error.location).toMatchObject({ file: expect.stringContaining('malformed.yml'), line: expect.any(Number), column: expect.any(Number) });
  });

  it('lists every problem at once, in file order', async () => {
    const error = await problemsOf('bad-rollout.yml');
    expect(error.message.split('\n').map((line) => line.replace(/^[^:]*: /, '').replace(/:.*/, ''))).toEqual([
      'rollout.batchSize',
      'rollout.concurrency',
      'rollout.failureBudget',
      'rollout.lockTimeout',
      'rollout.verify',
      'rollout.niceRatio',
      'rollout.parallelWorkers',
      'rollout.adaptiveConcurrency.maxSlowdown',
      'rollout.adaptiveConcurrency.every',
      'rollout.allowDestructive',
      'rollout.waves[0].match',
    ]);
  });

  it('checks health probes: kinds, presets, thresholds', async () => {
    const error = await problemsOf('bad-health.yml');
    expect(error.message).toContain('health.probes[0].resumeBelow: expected at most pauseAbove (10), got 20');
    expect(error.message).toContain('health.probes[1].prometheusUrl: missing; the cpu preset reads Prometheus');
    expect(error.message).toContain('health.probes[2].preset: expected one of active-sessions, lock-waiters, replication-lag, cpu');
    expect(error.message).toContain('health.probes[3].jsonPath: missing');
    expect(error.message).toContain('health.probes[4].command: not used by a sql probe');
  });

  it('names the tenants file and the entry for problems inside it', async () => {
    const error = await problemsOf('bad-file-entries.yml');
    expect(error.message).toContain('bad-tenants.yml: [1].id: duplicate tenant id "acme", also at [0].id');
    expect(error.message).toContain('bad-tenants.yml: [1].url: expected a postgres:// or postgresql:// URL');
    expect(error.message).toContain('bad-tenants.yml: [2].id: missing; expected a tenant id');
    expect(error.message).toContain('bad-tenants.yml: [2].region: unknown key');
  });

  it('caps the list at 20 problems', async () => {
    const error = await problemsOf('many-problems.yml');
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe('… and 5 more');
  });

  it('loads examples/schemafleet.yml, which shows every key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-example-'));
    try {
      await copyFile(fileURLToPath(new URL('../../../examples/schemafleet.yml', import.meta.url)), join(dir, 'schemafleet.yml'));
      await writeFile(join(dir, 'schema.sql'), 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n');
      const config = await loadFleetConfig(join(dir, 'schemafleet.yml'), env);
      expect(config.health.probes.map((p) => p.name)).toEqual(['active-sessions', 'lock-waiters', 'replication-lag', 'cpu', 'long-transactions', 'queue-depth', 'load']);
      expect(config.rollout.waves).toHaveLength(2);
      expect(config.rollout.verify).toBe('every');
      expect(config.rollout.adaptiveConcurrency).toEqual(ADAPTIVE_DEFAULTS);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('accepts hostile ids and labels as they are', async () => {
    const config = await loadFleetConfig(fixture('hostile-ids.yml'), {});
    expect(config.tenants.kind === 'list' && config.tenants.tenants.map((t) => [t.id, t.schema])).toEqual([
      [`o'brien "quoted"; DROP TABLE x; --`, `o'brien "quoted"`],
      ['café ☕ tenant', 'ünïcödé schéma'],
      ['a'.repeat(200), 'a'.repeat(63)],
    ]);
  });
});

describe('expandEnv', () => {
  it('expands ${VAR} and ${VAR:-default}; a missing variable names itself, never a value', () => {
    expect(expandEnv('postgres://u:${PW}@h/${DB:-app}', { PW: 'x' }).value).toBe('postgres://u:x@h/app');
    expect(expandEnv('postgres://u@h/${DB:-app}', { DB: '' }).value).toBe('postgres://u@h/app');
    expect(expandEnv('${URL}', { URL: 'postgres://u:p@h/d' }).value).toBe('postgres://u:p@h/d');
    expect(() => expandEnv('postgres://u:${PW}@h/d', {})).toThrow(MissingEnvVarError);
    expect(() => expandEnv('postgres://u:${PW}@h/d', {})).toThrow('PW');
  });
});

describe('helpers', () => {
  it('failureBudget: a percent over 100 says so (it was "got a string"); "5 %" and "2%" both read as percents', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-budget-'));
    try {
      await writeFile(join(dir, 'schema.sql'), 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n');
      const write = async (budget: string): Promise<string> => {
        const path = join(dir, 'schemafleet.yml');
        await writeFile(path, `schema: schema.sql\ntenants:\n  list:\n    - id: acme\n      url: postgres://app@db1.internal/acme\nrollout:\n  failureBudget: ${JSON.stringify(budget)}\n`);
        return path;
      };
      const error = await loadFleetConfig(await write('150%'), {}).then(
        () => null,
        (e: unknown) => e as BadInputError,
      );
      expect(error?.message).toMatch(/rollout\.failureBudget: expected a percent from 0% to 100%, got 150%/);
      expect((await loadFleetConfig(await write('5 %'), {})).rollout.failureBudget).toEqual({ kind: 'percent', percent: 5 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a wave or probe name used twice is reported at the second one, naming the first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-names-'));
    try {
      await writeFile(join(dir, 'schema.sql'), 'CREATE TABLE accounts (id bigint PRIMARY KEY);\n');
      const path = join(dir, 'schemafleet.yml');
      await writeFile(
        path,
        [
          'schema: schema.sql',
          'tenants: { list: [{ id: acme, url: postgres://app@db1.internal/acme }] }',
          'rollout:',
          '  waves: [{ name: free, match: { tier: free } }, { name: paid, match: { tier: paid } }, { name: free, match: { tier: trial } }]',
          'health:',
          '  probes: [{ preset: lock-waiters }, { preset: lock-waiters, pauseAbove: 9 }]',
          '',
        ].join('\n'),
      );
      const error = await loadFleetConfig(path, {}).then(
        () => null,
        (e: unknown) => e as BadInputError,
      );
      expect(error?.message).toMatch(/rollout\.waves\[2\]\.name: wave name "free" is also used by waves\[0\]/);
      expect(error?.message).toMatch(/health\.probes\[1\]\.name: probe name "lock-waiters" is also used by probes\[0\]; give one a name:/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('failureBudgetLimit: counts as given, percents of the fleet, never zero', () => {
    expect(failureBudgetLimit({ kind: 'count', count: 0 }, 1000)).toBe(0);
    expect(failureBudgetLimit({ kind: 'percent', percent: 5 }, 1000)).toBe(50);
    expect(failureBudgetLimit({ kind: 'percent', percent: 5 }, 10)).toBe(1);
  });

  it('ledgerUrl: ledger.url, else the first tenant', () => {
    expect(ledgerUrl({ ledger: null }, { url: 'postgres://a/t1' })).toBe('postgres://a/t1');
    expect(ledgerUrl({ ledger: { url: 'postgres://c/control' } }, { url: 'postgres://a/t1' })).toBe('postgres://c/control');
  });
});
