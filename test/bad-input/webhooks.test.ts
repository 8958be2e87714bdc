import '../github/promise-with-resolvers.js';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { pino } from 'pino';
import { Probot, ProbotOctokit, createNodeMiddleware } from 'probot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { schemafleetApp, type SchemafleetAppOptions } from '../../src/github/app.js';
import { fakeGitHub, type FakeGitHub } from '../github/fake-github.js';
import { PLANTED_SECRET } from './bad-input-helpers.js';

/**
 * Malformed webhook payloads through the Probot app, and forged deliveries through its HTTP
 * middleware: the app logs each one and ignores it (or answers 4xx); nothing rejects, nothing
 * reaches GitHub or the ledger, no unhandled error.
 */
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

const webhook = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../fixtures/bad-input/webhooks/${name}.json`, import.meta.url), 'utf8'));

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
let github: FakeGitHub;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  nock.enableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

interface Harness {
  readonly probot: Probot;
  readonly logs: { level: number; msg: string; [key: string]: unknown }[];
  readonly controlCalls: string[];
}

async function harness(options: Partial<SchemafleetAppOptions> = {}): Promise<Harness> {
  github = fakeGitHub();
  const logs: Harness['logs'] = [];
  const controlCalls: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const probot = new Probot({ appId: 12345, privateKey, log, Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }) });
  await probot.load(
    schemafleetApp({
      botLogin: 'schemafleet[bot]',
      ledgerUrl: `postgres://ledger:${PLANTED_SECRET}@127.0.0.1:1/ledger`,
      openControlSink: async () => ({
        getRollout: async () => null,
        requestControl: async (rolloutId: string, action: string) => {
          controlCalls.push(`${action} ${rolloutId}`);
          return true;
        },
        close: async () => undefined,
      }),
      ...options,
    }),
  );
  return { probot, logs, controlCalls };
}

interface WebhookCase {
  readonly fixture: string;
  readonly event: 'pull_request' | 'check_run';
  /** What the warning says about the delivery. */
  readonly logged: RegExp;
}

const cases: WebhookCase[] = [
  { fixture: 'pull_request-without-head-base', event: 'pull_request', logged: /pull_request\.head/ },
  { fixture: 'pull_request-without-repository', event: 'pull_request', logged: /repository/ },
  { fixture: 'pull_request-without-pull_request', event: 'pull_request', logged: /pull_request/ },
  { fixture: 'pull_request-wrong-types', event: 'pull_request', logged: /pull_request\.(number|head\.sha)/ },
  { fixture: 'check_run-requested_action-without-external_id', event: 'check_run', logged: /external_id/ },
  { fixture: 'check_run-requested_action-unknown-identifier', event: 'check_run', logged: /unknown action rm-rf/ },
  { fixture: 'check_run-requested_action-without-requested_action', event: 'check_run', logged: /requested_action/ },
  { fixture: 'check_run-requested_action-without-sender', event: 'check_run', logged: /sender/ },
  { fixture: 'check_run-requested_action-without-check_run', event: 'check_run', logged: /check_run/ },
  { fixture: 'check_run-rerequested-without-pull_requests', event: 'check_run', logged: /pull_requests/ },
  { fixture: 'check_run-rerequested-pull_request-without-head', event: 'check_run', logged: /pull_requests\[0\]\.head/ },
];

describe('malformed webhook payloads through probot.receive', () => {
  it.each(cases)('$fixture: logged and ignored', async ({ fixture, event, logged }) => {
    const { probot, logs, controlCalls } = await harness();
    const before = unhandled.length;
    await expect(probot.receive({ id: `bad-${fixture}`, name: event, payload: webhook(fixture) } as never)).resolves.not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled.length).toBe(before);
    // Ignored: no write to GitHub, no ledger request.
    expect(github.requests.filter((r) => !r.startsWith('GET'))).toEqual([]);
    expect(controlCalls).toEqual([]);
    const warnings = logs.filter((l) => l.level >= 40);
    expect(warnings.map((l) => l.msg).join('\n')).toMatch(logged);
    expect(warnings.every((l) => l.level < 50)).toBe(true);
    expect(JSON.stringify(logs)).not.toContain(PLANTED_SECRET);
  });
});

const SECRET = 'webhook-secret-for-bad-input';

describe('forged deliveries through the HTTP middleware', () => {
  let server: Server | undefined;
  let url = '';
  const received: string[] = [];

  beforeAll(async () => {
    const probot = new Probot({ appId: 12345, privateKey, secret: SECRET, logLevel: 'fatal', Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }) });
    const middleware = await createNodeMiddleware(
      (app, appOptions) => {
        app.onAny(async (event) => void received.push(event.name));
        return schemafleetApp({ botLogin: 'schemafleet[bot]' })(app, appOptions);
      },
      { probot },
    );
    server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/api/github/webhooks`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  });

  const body = JSON.stringify(webhook('pull_request-without-head-base'));
  const sign = (text: string, secret = SECRET): string => `sha256=${createHmac('sha256', secret).update(text).digest('hex')}`;
  const post = (text: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'd-1', ...headers }, body: text });

  it.each<{ name: string; text: string; headers: Record<string, string> }>([
    { name: 'signed with another secret', text: body, headers: { 'x-hub-signature-256': sign(body, 'not-the-secret') } },
    { name: 'signature of another body', text: body, headers: { 'x-hub-signature-256': sign(`${body} `) } },
    { name: 'no signature', text: body, headers: {} },
    { name: 'garbage signature', text: body, headers: { 'x-hub-signature-256': 'sha256=zz' } },
    { name: 'signed body that is not JSON', text: '{"action": "opened", ', headers: { 'x-hub-signature-256': sign('{"action": "opened", ') } },
  ])('$name: answered 4xx, never handled', async ({ text, headers }) => {
    const count = received.length;
    const response = await post(text, headers);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(received.length).toBe(count);
  });

  it('a correctly signed malformed payload is accepted and ignored without a 5xx', async () => {
    const response = await post(body, { 'x-hub-signature-256': sign(body) });
    expect(response.status).toBe(200);
    expect(received.at(-1)).toBe('pull_request');
  });
});
