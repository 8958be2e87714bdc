import { describe, expect, it } from 'vitest';
import { ttyProgressReporter } from '../../../src/report/rollout/tty-progress-reporter.js';
import { textLinesReporter } from '../../../src/report/rollout/text-lines-reporter.js';
import { jsonLinesReporter } from '../../../src/report/rollout/json-lines-reporter.js';
import { summaryTable } from '../../../src/report/rollout/summary-table.js';
import type { RolloutSummary } from '../../../src/fleet/rollout/run-rollout.js';

const totals = { tenants: 10, migrated: 6, unchanged: 1, failed: 1, skipped: 0, cancelled: 0, pending: 2 };
const summary: RolloutSummary = {
  rolloutId: 'r_1',
  state: 'failed',
  stopReason: null,
  resumed: false,
  totals: { ...totals, pending: 0, migrated: 8 },
  worker: totals,
  durationMs: 4_200,
  tenantsPerSecond: 2.4,
  failures: [{ tenantId: 'evil\u001b[2Jid', message: 'could not create unique index "users_email_key"\nDETAIL: …', sqlstate: '23505' }],
  distinctPlans: 2,
  verifiedBy: { readBack: 2, proof: 4 },
  statesByDigest: 0,
};

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, streams: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}

describe('rollout reporters', () => {
  it('tty: redraws one line with counts, rate, ETA and pause state; prints failures above it', () => {
    const { out, streams } = capture();
    const reporter = ttyProgressReporter(streams);
    reporter.onEvent({ type: 'rollout-started', rolloutId: 'r_1', workerId: 'w', tenants: 10, dryRun: false, at: 0 });
    reporter.onEvent({ type: 'progress', totals, tenantsPerSecond: 2.5, etaSeconds: 1, at: 1 });
    reporter.onEvent({ type: 'paused', cluster: 'db:5432', reason: 'active sessions 60 > 50', at: 2 });
    const last = out.stderr.split('\r\u001b[2K').at(-1) ?? '';
    expect(last).toMatch(/\[#+-+\] 8\/10 · 6 migrated · 1 unchanged · 1 failed · 2\.5\/s · ETA 1s · PAUSED db:5432: active sessions 60 > 50/);
    reporter.onEvent({ type: 'resumed', cluster: 'db:5432', pausedMs: 3_000, at: 3 });
    expect(out.stderr.split('\r\u001b[2K').at(-1)).not.toMatch(/PAUSED/);
    reporter.onEvent({
      type: 'tenant-finished',
      tenantId: 't\u001b]x',
      outcome: 'failed',
      steps: 3,
      durationMs: 5,
      planFingerprint: null,
      verifiedBy: null,
      error: { message: 'boom', sqlstate: '23505' },
      at: 4,
    });
    expect(out.stderr).toContain('failed t\\u001b]x: boom (SQLSTATE 23505)\n');
    reporter.finish(summary);
    expect(out.stdout).toMatch(/rollout r_1 failed in 4\.2s \(2\.4 tenants\/s\)/);
  });

  it('text lines: one line per tenant, progress lines spaced out, summary on stdout', () => {
    const { out, streams } = capture();
    const reporter = textLinesReporter(streams, { progressEveryMs: 1_000 });
    reporter.onEvent({ type: 'tenant-finished', tenantId: 'a', outcome: 'migrated', steps: 4, durationMs: 120, planFingerprint: 'f', verifiedBy: 'read-back', error: null, at: 0 });
    for (const at of [1_000, 1_500, 2_100]) reporter.onEvent({ type: 'progress', totals, tenantsPerSecond: 2, etaSeconds: 90, at });
    expect(out.stderr).toContain('migrated  a (4 steps, 120ms)\n');
    expect(out.stderr.match(/^progress/gm)).toHaveLength(2);
    expect(out.stderr).toContain('ETA 1m 30s');
    reporter.finish(summary);
    expect(out.stdout).toContain('failed');
  });

  it('text lines: adaptive limit changes at most one line per cluster per progress interval', () => {
    const { out, streams } = capture();
    const reporter = textLinesReporter(streams, { progressEveryMs: 1_000 });
    const change = (cluster: string, limit: number, at: number) =>
      reporter.onEvent({ type: 'concurrency-changed', cluster, limit, reason: 'probe took 3.1 ms, over the 3.0 ms allowed (idle 2.0 ms)', at });
    change('db1:5432', 2, 0);
    change('db1:5432', 1, 400);
    change('db2:5432', 2, 500);
    change('db1:5432', 2, 1_200);
    expect(out.stderr.trim().split('\n')).toEqual([
      'limit     db1:5432: 2 at once (probe took 3.1 ms, over the 3.0 ms allowed (idle 2.0 ms))',
      'limit     db2:5432: 2 at once (probe took 3.1 ms, over the 3.0 ms allowed (idle 2.0 ms))',
      'limit     db1:5432: 2 at once (probe took 3.1 ms, over the 3.0 ms allowed (idle 2.0 ms))',
    ]);
  });

  it("tty and text lines: a batch's failed shared read in one line, what happened and what it costs", () => {
    const event = {
      type: 'batch-read-failed',
      batch: 3,
      database: 'app@db\u001b[2J:5432/tenants',
      tenants: 50,
      message: 'canceling statement due to statement timeout (SQLSTATE 57014)',
      at: 1,
    } as const;
    const expected =
      'batch 3: the shared read of 50 tenants in db app@db\\u001b[2J:5432/tenants failed: canceling statement due to statement timeout (SQLSTATE 57014); they are read one by one instead (slower)\n';
    const tty = capture();
    ttyProgressReporter(tty.streams).onEvent(event);
    expect(tty.out.stderr).toBe(expected);
    const text = capture();
    textLinesReporter(text.streams).onEvent(event);
    expect(text.out.stderr).toBe(expected);
    const one = capture();
    textLinesReporter(one.streams).onEvent({ ...event, tenants: 1 });
    expect(one.out.stderr).toContain('the shared read of 1 tenant in db');
  });

  it('json lines: every event and a final summary, one object per line', () => {
    const { out, streams } = capture();
    const reporter = jsonLinesReporter(streams);
    reporter.onEvent({ type: 'batch-started', batch: 0, size: 5, wave: 'canary', at: 1 });
    reporter.finish(summary);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(lines.map((l) => l.type)).toEqual(['batch-started', 'summary']);
  });

  it('summary table: counts, then each failure with its SQLSTATE and first line, control characters escaped', () => {
    const table = summaryTable(summary);
    expect(table).toMatch(/migrated\s+8/);
    expect(table).toMatch(/failed\s+1/);
    expect(table).toContain('evil\\u001b[2Jid');
    expect(table).toMatch(/23505\s+could not create unique index "users_email_key"\n/);
    expect(table).toContain("verified: 2 read back, 4 by their plan's proof");
    expect(table).not.toContain('catalog digest');
    expect(summaryTable({ ...summary, statesByDigest: 6 })).toContain('read: 6 starting states taken on their catalog digest');
    expect(table).not.toContain('DETAIL');
  });
});
