import { createHmac, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Probot, ProbotOctokit, createNodeMiddleware } from 'probot';
import { afterEach, describe, expect, it } from 'vitest';
import { schemafleetApp } from '../../src/github/app.js';

const SECRET = 'webhook-secret-for-tests';
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const payload = readFileSync(new URL('../fixtures/webhooks/check_run.requested_action.json', import.meta.url), 'utf8');

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function startServer(received: string[]): Promise<string> {
  const probot = new Probot({ appId: 12345, privateKey, secret: SECRET, logLevel: 'fatal', Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }) });
  const middleware = await createNodeMiddleware(
    (app, options) => {
      // Records deliveries that got through verification; no ledger is configured, so nothing else happens.
      app.onAny(async (event) => void received.push(event.name));
      return schemafleetApp()(app, options);
    },
    { probot },
  );
  server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/api/github/webhooks`;
}

function post(url: string, signature: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'check_run', 'x-github-delivery': 'd-1', 'x-hub-signature-256': signature },
    body: payload,
  });
}

describe('app server', () => {
  it('rejects a webhook whose signature does not verify', async () => {
    const received: string[] = [];
    const url = await startServer(received);
    const forged = `sha256=${createHmac('sha256', 'not-the-secret').update(payload).digest('hex')}`;
    const response = await post(url, forged);
    expect([400, 401]).toContain(response.status);
    expect(received).toEqual([]);
  });

  it('accepts a correctly signed webhook', async () => {
    const received: string[] = [];
    const url = await startServer(received);
    const signature = `sha256=${createHmac('sha256', SECRET).update(payload).digest('hex')}`;
    const response = await post(url, signature);
    expect(response.status).toBe(200);
    expect(received).toEqual(['check_run']);
  });
});
