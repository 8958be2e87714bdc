import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { expect, onTestFinished } from 'vitest';
import type { Tenant } from '../../src/fleet/tenant.js';
import type { SchemaModel } from '../../src/schema/model.js';
import { adminUrl, withClient, type TestDatabase } from '../support/pg.js';
import { V2, createDatabaseFleet, createSchemaFleet, remainingSteps } from '../fleet/rollout/fleet-fixture.js';

/** Deterministic PRNG (mulberry32): a seed names a run that can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const V3 = `${V2}\nALTER TABLE projects ADD COLUMN archived boolean;\n`;

export interface RolloutYaml {
  readonly concurrency?: number;
  readonly batchSize?: number;
  readonly failureBudget?: number;
  readonly lockTimeout?: string;
  readonly statementTimeout?: string;
  readonly retries?: number;
  readonly canary?: number;
  /** Waves by the fixture's `tier` label, in order. */
  readonly waves?: readonly { readonly name: string; readonly tier: string }[];
}

/** A config file listing `tenants` (schema and database tenants alike), with its schema file beside it. */
export async function writeFleetConfig(tenants: readonly Tenant[], ledgerUrl: string, rollout: RolloutYaml = {}, schemaSql = V2): Promise<{ dir: string; config: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-faults-'));
  await writeFile(join(dir, 'schema.sql'), schemaSql);
  const labels = (t: Tenant): string => (Object.keys(t.labels).length > 0 ? `\n      labels: ${JSON.stringify(t.labels)}` : '');
  const list = tenants.map((t) => `    - id: ${JSON.stringify(t.id)}\n      url: ${JSON.stringify(t.url)}\n      schema: ${JSON.stringify(t.schema)}${labels(t)}`).join('\n');
  const { waves, ...scalars } = rollout;
  const settings = Object.entries({ concurrency: 3, batchSize: 4, failureBudget: 100, ...scalars })
    .map(([key, value]) => `  ${key}: ${typeof value === 'string' ? JSON.stringify(value) : value}`)
    .concat(waves ? ['  waves:', ...waves.map((wave) => `    - { name: ${wave.name}, match: { tier: ${wave.tier} } }`)] : [])
    .join('\n');
  const config = join(dir, 'schemafleet.yml');
  await writeFile(config, `schema: schema.sql\ntenants:\n  list:\n${list}\nledger:\n  url: ${JSON.stringify(ledgerUrl)}\nrollout:\n${settings}\n`);
  return { dir, config };
}

export interface CliProcess {
  readonly child: ChildProcess;
  /** Every JSON line seen so far (a kill can cut the last one short: it is skipped). */
  readonly events: Record<string, unknown>[];
  readonly stderr: () => string;
  readonly stdout: () => string;
  /** Resolves with the exit code (null when killed) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Calls `fn` on each event as it arrives. */
  onEvent(fn: (event: Record<string, unknown>) => void): void;
}

/** The real CLI in its own process, on the sources (tsx), so the test never depends on a fresh dist. */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  let stdout = '';
  const events: Record<string, unknown>[] = [];
  const listeners: ((event: Record<string, unknown>) => void)[] = [];
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    stdout += `${line}\n`;
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    events.push(event);
    for (const fn of listeners) fn(event);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, events, stderr: () => stderr, stdout: () => stdout, exited, onEvent: (fn) => void listeners.push(fn) };
}

export function rolloutArgs(config: string, extra: readonly string[] = []): string[] {
  return ['rollout', '--config', config, '--format', 'json', '--dev-url', adminUrl(), ...extra];
}

/** The password of the test server's URL, if it has one: it must never reach output. */
function secrets(): string[] {
  const password = new URL(adminUrl()).password;
  return password ? [password, decodeURIComponent(password)] : [];
}

/** A Node stack frame, e.g. "    at foo (/x/y.ts:1:2)": output must never carry one. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

export function expectCleanOutput(...texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toMatch(STACK_FRAME);
    for (const secret of secrets()) expect(text).not.toContain(secret);
  }
}

export async function invalidIndexes(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const result = await client.query<{ name: string }>('SELECT i.indexrelid::regclass::text AS name FROM pg_index i WHERE NOT i.indisvalid ORDER BY 1');
    return result.rows.map((row) => row.name);
  });
}

export interface LedgerRow {
  tenant_id: string;
  state: string;
  attempts: number;
  worker_id: string | null;
  error_message: string | null;
  error_sqlstate: string | null;
}

export async function ledgerTenants(ledger: TestDatabase, rolloutId: string): Promise<LedgerRow[]> {
  return ledger.query<LedgerRow & Record<string, unknown>>(
    'SELECT tenant_id, state, attempts, worker_id, error_message, error_sqlstate FROM schemafleet.rollout_tenants WHERE rollout_id = $1 ORDER BY tenant_id',
    [rolloutId],
  );
}

export async function rollouts(ledger: TestDatabase): Promise<{ id: string; state: string; schema_hash: string; created_at: Date; finished_at: Date | null }[]> {
  return ledger.query('SELECT id, state, schema_hash, created_at, finished_at FROM schemafleet.rollouts ORDER BY created_at, id');
}

/**
 * The fleet is whole: every tenant's fresh plan is empty, no INVALID index anywhere, and the ledger
 * says so too (one rollout, succeeded; every tenant migrated or unchanged; no claim left; attempts sane).
 * `rollouts`: how many rollouts the ledger should hold, all succeeded (2 when the first run finished
 * before its kill came, so the rerun started a new one); the last one is checked tenant by tenant.
 */
export async function expectFleetConverged(tenants: readonly Tenant[], desired: SchemaModel, ledger: TestDatabase, options: { maxAttempts?: number; rollouts?: number } = {}): Promise<void> {
  const pending: string[] = [];
  for (const tenant of tenants) if ((await remainingSteps(tenant, desired)) !== 0) pending.push(tenant.id);
  expect(pending, 'tenants whose fresh plan is not empty (half-migrated)').toEqual([]);
  for (const url of new Set(tenants.map((t) => t.url))) expect(await invalidIndexes(url), `INVALID indexes on ${new URL(url).pathname}`).toEqual([]);
  const all = await rollouts(ledger);
  expect(all.map((r) => r.state)).toEqual(Array(options.rollouts ?? 1).fill('succeeded'));
  const rows = await ledgerTenants(ledger, all.at(-1)!.id);
  expect(rows.map((r) => r.tenant_id).sort()).toEqual(tenants.map((t) => t.id).sort());
  expect(rows.filter((r) => r.state !== 'migrated' && r.state !== 'unchanged')).toEqual([]);
  const maxAttempts = options.maxAttempts ?? 3;
  expect(rows.filter((r) => r.attempts < 1 || r.attempts > maxAttempts)).toEqual([]);
}

/**
 * A TCP proxy on 127.0.0.1 in front of a PostgreSQL port. It can drop every connection it carries
 * (the client sees its socket end mid-statement; the server sees its client vanish), and refuse new
 * ones for a while, as a flaky network or a failing load balancer would.
 */
export class TcpProxy {
  private readonly server: Server;
  private readonly pairs = new Set<[Socket, Socket]>();
  private refusing = false;
  cuts = 0;
  connections = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = createServer((client) => {
      if (this.refusing) {
        client.destroy();
        return;
      }
      this.connections++;
      const upstream = connect(this.targetPort, this.targetHost);
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      const drop = (): void => {
        client.destroy();
        upstream.destroy();
        this.pairs.delete(pair);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  static async start(targetUrl: string): Promise<TcpProxy> {
    const target = new URL(targetUrl);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  /** `url` with host and port replaced by the proxy's. */
  wrap(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  get open(): number {
    return this.pairs.size;
  }

  /** Drops every connection now; with `refuseMs`, new ones are refused for that long. */
  cutAll(refuseMs = 0): void {
    this.cuts++;
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    if (refuseMs > 0) {
      this.refusing = true;
      setTimeout(() => (this.refusing = false), refuseMs).unref();
    }
  }

  refuse(on: boolean): void {
    this.refusing = on;
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Polls until a schemafleet backend connected to `url`'s database runs a statement matching
 * `pattern`; false on timeout. pg_stat_activity shows the whole server, where other tenants (and
 * other test files) run the same statements: only this database's backends count.
 */
export async function waitForStatement(url: string, pattern: string, timeoutMs = 30_000): Promise<boolean> {
  return withClient(url, async (client) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = await client.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'schemafleet %' AND state = 'active' AND query ILIKE $1", [
        pattern,
      ]);
      if ((found.rowCount ?? 0) > 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return false;
  });
}

/** Fills `notes` so that building an index on it takes a noticeable while. */
export async function fillNotes(url: string, schema: string, rows: number): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(`SET search_path TO "${schema}"; INSERT INTO notes SELECT g, g % 1000, md5(g::text) FROM generate_series(1, ${rows}) g; ANALYZE notes`);
  });
}

/** Four schema tenants reached directly, and one database tenant (with `rows` notes) reached through a TcpProxy. */
export async function proxiedFleet(rows: number): Promise<{ direct: Tenant[]; proxied: Tenant; proxy: TcpProxy; realUrl: string }> {
  const { tenants: direct } = await createSchemaFleet(['tenant_a', 'tenant_b', 'tenant_c', 'tenant_d']);
  const {
    tenants: [db],
  } = await createDatabaseFleet(1);
  await fillNotes(db!.url, 'public', rows);
  const proxy = await TcpProxy.start(db!.url);
  onTestFinished(() => proxy.close());
  return { direct, proxied: { ...db!, id: 'behind-proxy', url: proxy.wrap(db!.url) }, proxy, realUrl: db!.url };
}

/**
 * A long reader on one tenant's `users` (ACCESS SHARE, held in an open transaction): a step that needs
 * a stronger lock on it waits, so the tenant stays in flight. The returned function ends the reader
 * (also done when the test finishes).
 */
export async function holdLongReader(tenant: Tenant): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: tenant.url });
  client.on('error', () => undefined);
  await client.connect();
  await client.query(`BEGIN; LOCK TABLE "${tenant.schema}".users IN ACCESS SHARE MODE`);
  let released = false;
  const release = async (): Promise<void> => {
    if (released) return;
    released = true;
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end().catch(() => undefined);
  };
  onTestFinished(release);
  return release;
}
