import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase } from '../../support/pg.js';
import { SqlProbeSession } from '../../../src/fleet/health/sql-probe.js';
import { readHttpProbe } from '../../../src/fleet/health/http-probe.js';
import { readCommandProbe } from '../../../src/fleet/health/command-probe.js';

let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/ok') return void res.setHeader('content-type', 'application/json').end(JSON.stringify({ data: { result: [{ value: [1, '0.75'] }] } }));
    if (req.url === '/plain') return void res.end('42');
    if (req.url === '/text') return void res.end('<html>hi</html>');
    if (req.url === '/hang') return; // never answers
    res.statusCode = 500;
    res.end('{"error":"boom"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('sql probe', () => {
  it('reads the first column of the first row as a number and survives errors', async () => {
    const db = await createTestDatabase('sf_health');
    const session = new SqlProbeSession(db.url);
    try {
      expect(await session.read('SELECT count(*) FROM pg_stat_activity', 5_000)).toBeGreaterThanOrEqual(1);
      expect(await session.read('SELECT 2.5::numeric, 9', 5_000)).toBe(2.5);
      await expect(session.read('SELECT * FROM no_such_table', 5_000)).rejects.toThrow(/no_such_table/);
      await expect(session.read('SELECT NULL', 5_000)).rejects.toThrow(/not a number: null/);
      await expect(session.read('SELECT 1 WHERE false', 5_000)).rejects.toThrow(/no rows/);
      await expect(session.read(`SELECT 'abc'`, 5_000)).rejects.toThrow(/not a number/);
      await expect(session.read('SELECT pg_sleep(3)', 200)).rejects.toThrow(/statement timeout|timed out/);
      // Read-only: a probe cannot change the database it watches.
      await expect(session.read('CREATE TABLE t (a int)', 5_000)).rejects.toThrow(/read-only/);
      expect(await session.read('SELECT 1', 5_000)).toBe(1);
    } finally {
      await session.close();
    }
  });

  it('is unreadable when the server cannot be reached, without printing the password', async () => {
    const session = new SqlProbeSession('postgres://probe:s3cret-pw@127.0.0.1:1/x');
    try {
      const error = await session.read('SELECT 1', 2_000).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/cannot connect/);
      expect((error as Error).message).not.toContain('s3cret-pw');
    } finally {
      await session.close();
    }
  });
});

describe('http probe', () => {
  it('reads a value at a jsonPath, or the whole body', async () => {
    expect(await readHttpProbe(`${base}/ok`, 'data.result[0].value[1]', 2_000)).toBe(0.75);
    expect(await readHttpProbe(`${base}/plain`, undefined, 2_000)).toBe(42);
  });

  it('treats errors, timeouts and non-numbers as unreadable', async () => {
    await expect(readHttpProbe(`${base}/fail`, 'x', 2_000)).rejects.toThrow(/HTTP 500/);
    await expect(readHttpProbe(`${base}/text`, undefined, 2_000)).rejects.toThrow(/not JSON/);
    await expect(readHttpProbe(`${base}/ok`, 'data.result[0].value', 2_000)).rejects.toThrow(/not a number/);
    await expect(readHttpProbe(`${base}/hang`, undefined, 150)).rejects.toThrow(/timed out after 150ms/);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(readHttpProbe(`http://127.0.0.1:${port}/`, undefined, 2_000)).rejects.toThrow(/failed: ECONNREFUSED/);
  });
});

describe('command probe', () => {
  it('reads stdout as a number', async () => {
    expect(await readCommandProbe('echo 17', 2_000)).toBe(17);
    expect(await readCommandProbe(`printf '  3.5\\n'`, 2_000)).toBe(3.5);
  });

  it('treats failures, timeouts and non-numbers as unreadable', async () => {
    await expect(readCommandProbe('echo hello', 2_000)).rejects.toThrow(/not a number: "hello"/);
    await expect(readCommandProbe('echo oops >&2; exit 3', 2_000)).rejects.toThrow(/exited with code 3: oops/);
    const started = Date.now();
    // The grandchild (sleep) holds stdout open: the whole process group has to go.
    await expect(readCommandProbe('sleep 5; echo 1', 150)).rejects.toThrow(/timed out after 150ms/);
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});
