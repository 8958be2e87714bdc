import { describe, expect, it } from 'vitest';
import type { RolloutEvent, RolloutTotals } from '../../../src/fleet/rollout-events.js';
import { CheckRunReporter } from '../../../src/report/check-run/check-run-reporter.js';
import type { CheckRunUpdate } from '../../../src/report/check-run/check-run-types.js';
import { FakeClock, settle } from './fake-clock.js';

function totals(done: number, tenants = 100, failed = 0): RolloutTotals {
  return { tenants, migrated: done - failed, unchanged: 0, failed, skipped: 0, cancelled: 0, pending: tenants - done };
}

function setup(options: { dryRun?: boolean; buttons?: boolean; redact?: (text: string) => string } = {}) {
  const clock = new FakeClock();
  const updates: { at: number; update: CheckRunUpdate }[] = [];
  const reporter = new CheckRunReporter({
    clock,
    update: async (update) => {
      updates.push({ at: clock.now(), update });
    },
    annotationPath: 'schema.sql',
    buttons: options.buttons ?? true,
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.redact ? { redact: options.redact } : {}),
  });
  const emit = (event: RolloutEvent): void => reporter.onEvent(event);
  const start = (): void => emit({ type: 'rollout-started', rolloutId: 'r-1', workerId: 'w-1', tenants: 100, dryRun: options.dryRun ?? false, at: clock.now() });
  const progress = (done: number, failed = 0): void => emit({ type: 'progress', totals: totals(done, 100, failed), tenantsPerSecond: 2, etaSeconds: 50, at: clock.now() });
  const finished = (state: Extract<RolloutEvent, { type: 'rollout-finished' }>['state'], done = 100, failed = 0): void =>
    emit({ type: 'rollout-finished', rolloutId: 'r-1', state, totals: totals(done, 100, failed), durationMs: 50_000, tenantsPerSecond: 2, at: clock.now() });
  const fail = (tenantId: string, message = 'lock timeout'): void =>
    emit({ type: 'tenant-finished', tenantId, outcome: 'failed', steps: 1, durationMs: 10, planFingerprint: null, verifiedBy: null, error: { message, sqlstate: '55P03' }, at: clock.now() });
  return { clock, updates, reporter, emit, start, progress, finished, fail };
}

describe('CheckRunReporter', () => {
  it('sends progress at most once per 10 s and the latest state when the window opens', async () => {
    const { clock, updates, start, progress } = setup();
    start();
    await settle();
    expect(updates).toHaveLength(1); // started: at once
    for (let second = 1; second <= 25; second++) {
      await clock.advance(1_000);
      progress(second * 2);
    }
    await clock.advance(10_000);
    const gaps = updates.slice(1).map((u, i) => u.at - (updates[i]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(10_000);
    expect(updates.length).toBeGreaterThanOrEqual(3);
    expect(updates.length).toBeLessThanOrEqual(4);
    // the trailing update carries the last progress seen, not a stale one
    expect(updates.at(-1)?.update.output.title).toContain('50 of 100 tenants done');
  });

  it('reports phase changes at once, even inside the progress window', async () => {
    const { clock, updates, start, progress, emit } = setup();
    start();
    await clock.advance(2_000);
    progress(10);
    await settle();
    expect(updates).toHaveLength(1);
    emit({ type: 'paused', cluster: 'db1:5432', reason: 'lock-waiters 12 > 10', at: clock.now() });
    await settle();
    expect(updates).toHaveLength(2);
    expect(updates[1]?.update.output.summary).toContain('lock-waiters 12 > 10');
    expect(updates[1]?.update.output.summary).toContain('db1:5432');
    await clock.advance(1_500);
    emit({ type: 'resumed', cluster: 'db1:5432', pausedMs: 1_500, at: clock.now() });
    await settle();
    expect(updates).toHaveLength(3);
    expect(updates[2]?.update.output.summary).not.toContain('paused:');
    emit({ type: 'failure-budget-spent', failed: 6, budget: 5, at: clock.now() });
    await settle();
    // a burst of phase changes is still spaced ≥ 1 s apart
    expect(updates).toHaveLength(3);
    await clock.advance(1_000);
    expect(updates).toHaveLength(4);
    expect(updates[3]?.update.output.summary).toContain('Failure budget spent');
  });

  it('shows a pause request, swaps Pause for Resume, and sends the rollout id as external_id', async () => {
    const { clock, updates, start, emit } = setup();
    start();
    await settle();
    expect(updates[0]?.update.external_id).toBe('r-1');
    expect(updates[0]?.update.actions?.map((a) => a.identifier)).toEqual(['pause', 'abort']);
    await clock.advance(1_000);
    emit({ type: 'paused', cluster: null, reason: 'pause requested by alice', at: clock.now() });
    await settle();
    expect(updates[1]?.update.output.title).toMatch(/^Paused/);
    expect(updates[1]?.update.actions?.map((a) => a.identifier)).toEqual(['resume', 'abort']);
    for (const action of updates[1]?.update.actions ?? []) {
      expect(action.label.length).toBeLessThanOrEqual(20);
      expect(action.description.length).toBeLessThanOrEqual(40);
    }
  });

  it('always sends the final update, with success and no buttons', async () => {
    const { clock, updates, reporter, start, progress, finished } = setup();
    start();
    await clock.advance(3_000);
    progress(100);
    finished('succeeded');
    await reporter.finish();
    const last = updates.at(-1)?.update;
    expect(last?.status).toBe('completed');
    expect(last?.conclusion).toBe('success');
    expect(last?.completed_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(last?.actions).toEqual([]);
    expect(last?.output.title).toContain('Rolled out to 100 tenants');
    expect(last?.output.summary).toContain('| Tenants | Migrated |');
    // nothing is sent after the end, whatever else arrives
    const count = updates.length;
    progress(100);
    await clock.advance(60_000);
    expect(updates).toHaveLength(count);
  });

  it.each([
    ['failed', 'failure'],
    ['cancelled', 'cancelled'],
    ['aborted', 'cancelled'],
    ['dry-run', 'neutral'],
  ] as const)('concludes a %s rollout as %s', async (state, conclusion) => {
    const { reporter, updates, start, finished } = setup({ dryRun: state === 'dry-run' });
    start();
    finished(state, 40);
    await reporter.finish();
    expect(updates.at(-1)?.update.conclusion).toBe(conclusion);
  });

  it('says in the summary how many ledger writes failed, with the latest', async () => {
    const { reporter, updates, start, emit, finished, clock } = setup();
    start();
    emit({ type: 'ledger-write-failed', operation: 'heartbeat', tenantId: null, message: 'connection lost', at: clock.now() });
    emit({ type: 'ledger-write-failed', operation: 'record', tenantId: 't7', message: 'permission denied (SQLSTATE 42501)', at: clock.now() });
    finished('succeeded');
    await reporter.finish();
    expect(updates.at(-1)?.update.output.summary).toContain('**Ledger writes failed:** 2 (latest: ledger write failed: the result of tenant t7 was not saved: permission denied (SQLSTATE 42501))');
  });

  it("says in the summary how many batches' shared reads failed, with the latest", async () => {
    const { reporter, updates, start, emit, finished, clock } = setup();
    start();
    const failed = (batch: number, message: string): void => emit({ type: 'batch-read-failed', batch, database: 'app@db1:5432/tenants', tenants: 50, message, at: clock.now() });
    failed(0, 'connection lost');
    failed(1, 'canceling statement due to statement timeout (SQLSTATE 57014)');
    finished('succeeded');
    await reporter.finish();
    expect(updates.at(-1)?.update.output.summary).toContain(
      '**Shared batch reads failed:** 2 (latest: batch 1: the shared read of 50 tenants in db app@db1:5432/tenants failed: canceling statement due to statement timeout (SQLSTATE 57014); they are read one by one instead (slower))',
    );
  });

  it('gives a dry run no buttons and no external id', async () => {
    const { reporter, updates, start, finished } = setup({ dryRun: true });
    start();
    finished('dry-run');
    await reporter.finish();
    for (const { update } of updates) {
      expect(update.external_id).toBeUndefined();
      expect(update.actions ?? []).toEqual([]);
    }
  });

  it('finishes as cancelled with the counts so far when told to before the rollout ends', async () => {
    const { clock, reporter, updates, start, progress } = setup();
    start();
    await clock.advance(1_000);
    progress(37);
    await reporter.finish({ conclusion: 'cancelled', note: 'The workflow was cancelled.' });
    const last = updates.at(-1)?.update;
    expect(last?.conclusion).toBe('cancelled');
    expect(last?.output.title).toContain('37 of 100 tenants done');
    expect(last?.output.summary).toContain('The workflow was cancelled.');
    // a second finish (the rollout's own end arriving late) sends nothing more
    const count = updates.length;
    await reporter.finish();
    expect(updates).toHaveLength(count);
  });

  it('concludes failure when the rollout never reported its end', async () => {
    const { reporter, updates, start } = setup();
    start();
    await reporter.finish();
    expect(updates.at(-1)?.update.conclusion).toBe('failure');
  });

  it('sends one annotation per failed tenant, at most 50 per request, the rest after the conclusion', async () => {
    const { clock, reporter, updates, start, fail, progress, finished } = setup();
    start();
    await settle();
    for (let i = 0; i < 120; i++) fail(`t-${i}`);
    progress(120 > 100 ? 100 : 0, 100);
    await clock.advance(10_000);
    finished('failed', 100, 100);
    await reporter.finish();
    const batches = updates.map((u) => u.update.output.annotations?.length ?? 0);
    for (const size of batches) expect(size).toBeLessThanOrEqual(50);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(120);
    const final = updates.findIndex((u) => u.update.status === 'completed');
    expect(updates.slice(final + 1).every((u) => u.update.status === undefined && (u.update.output.annotations?.length ?? 0) > 0)).toBe(true);
    const first = updates.flatMap((u) => u.update.output.annotations ?? [])[0];
    expect(first).toMatchObject({ path: 'schema.sql', start_line: 1, end_line: 1, annotation_level: 'failure', title: 'tenant t-0 failed' });
    expect(first?.message).toContain('SQLSTATE 55P03');
  });

  it("a failed tenant's annotation carries what its failure left committed and the next command (committed-steps.ts)", async () => {
    const { reporter, updates, start, fail, finished } = setup();
    start();
    const message = [
      'step 3/3 failed: check constraint "price_not_negative" of relation "items" is violated by some row',
      'steps 1–2 stayed committed and are in force now:',
      '  2. ALTER TABLE items ADD CONSTRAINT price_not_negative CHECK ((price >= 0)) NOT VALID — already rejects new and updated rows that break it (existing rows not yet checked)',
      'next: fix the cause, then run schemafleet rollout again (it resumes; this tenant is planned from its live state)',
    ].join('\n');
    fail('t-bad', message);
    finished('failed', 100, 1);
    await reporter.finish();
    const annotation = updates.flatMap((u) => u.update.output.annotations ?? []).find((a) => a.title === 'tenant t-bad failed');
    expect(annotation?.message).toContain('already rejects new and updated rows that break it');
    expect(annotation?.message).toContain('next: fix the cause, then run schemafleet rollout again');
  });

  it('keeps every output field within 65,535 characters, however many failures', async () => {
    const { reporter, updates, start, fail, finished } = setup();
    start();
    for (let i = 0; i < 1_500; i++) fail(`tenant-with-a-long-name-${i}`, 'x'.repeat(400));
    finished('failed', 100, 100);
    await reporter.finish();
    for (const { update } of updates) {
      expect(update.output.summary.length).toBeLessThanOrEqual(65_535);
      expect((update.output.text ?? '').length).toBeLessThanOrEqual(65_535);
      expect(update.output.title.length).toBeLessThanOrEqual(255);
    }
    expect(updates.at(-1)?.update.output.text ?? updates.find((u) => u.update.status === 'completed')?.update.output.text).toContain('Failed tenants (1,500)');
  });

  it('redacts every text it sends', async () => {
    const secret = 's3cr3t-pw';
    const { reporter, updates, start, fail, finished } = setup({ redact: (text) => text.split(secret).join('***') });
    start();
    fail('t-1', `could not connect to postgres://app:${secret}@db/t1`);
    finished('failed', 1, 1);
    await reporter.finish();
    expect(JSON.stringify(updates)).not.toContain(secret);
  });

  it('keeps going when an update fails', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    let calls = 0;
    const reporter = new CheckRunReporter({
      clock,
      annotationPath: 'schema.sql',
      update: async () => {
        calls++;
        if (calls === 1) throw new Error('HTTP 502');
      },
      onError: (error) => errors.push(error),
    });
    reporter.onEvent({ type: 'rollout-started', rolloutId: 'r', workerId: 'w', tenants: 1, dryRun: false, at: clock.now() });
    await settle();
    reporter.onEvent({ type: 'rollout-finished', rolloutId: 'r', state: 'succeeded', totals: totals(1, 1), durationMs: 1, tenantsPerSecond: 1, at: clock.now() });
    await reporter.finish();
    expect(errors).toHaveLength(1);
    expect(calls).toBe(2);
  });
});
