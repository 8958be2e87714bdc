import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import PQueue from 'p-queue';
import type { SchemaModel } from '../../schema/model.js';
import { fingerprintModel } from '../../schema/fingerprint-model.js';
import { ClusterGovernors } from './cluster-governors.js';
import { clusterOf, type Tenant, type TenantSource } from '../tenant.js';
import type { RolloutEvent, RolloutEventListener, RolloutTotals, TenantOutcome } from '../rollout-events.js';
import type { LedgerClaim, LedgerStatus, LedgerTenantEntry, LedgerTenantResult, RolloutLedger, TenantLocker } from './rollout-ledger-port.js';
import type { HealthGate } from '../health/index.js';
import { failureBudgetCount, type RolloutSettings } from './rollout-settings.js';
import { errorOf, migrateTenant, verifyTenant, versionedContext, type PlanLinter } from './migrate-tenant.js';
import { readLiveSchema } from '../../apply/read-live-schema.js';
import { ledgerTenantLock } from './ledger-adapter.js';
import { createPlanCache } from './plan-cache.js';
import { createPlanProofs, type PlanProofs } from './plan-proofs.js';
import { createStartingStates, type StartingStates } from './starting-states.js';
import { readBackFirst } from './proof-first.js';
import { CANARY_WAVE, createWaveAssigner } from './tenant-waves.js';
import { createTenantDirectory } from './tenant-directory.js';
import { createSharedSchemaReader, type SharedSchemaReader } from './shared-schema-reader.js';
import { EMPTY_TOTALS, createRateMeter, doneOf } from './rollout-progress.js';
import { createWarmConnections, type WarmConnections } from './warm-connections.js';
import { cancellableSleep } from './cancellable.js';
import { timePhase, type PhaseClock } from './phase-clock.js';

export interface RunRolloutOptions {
  /** The config's `rollout:` section (rolloutSettings() fills in defaults). */
  readonly settings: RolloutSettings;
  /** Loaded once for the whole rollout; its fingerprint names the rollout. */
  readonly desired: SchemaModel;
  /** The desired model for a tenant's PostgreSQL version (see MigrateTenantContext.desiredFor). */
  readonly desiredFor?: (serverVersionNum: number) => Promise<SchemaModel>;
  readonly source: TenantSource;
  /** Required unless dryRun: a dry run changes nothing and so records nothing. */
  readonly ledger?: RolloutLedger;
  /**
   * Started and stopped by the caller, who also routes its paused/resumed events to onEvent; the
   * rollout adds each cluster it meets and reads the gate between batches and before each tenant.
   */
  readonly healthGate?: HealthGate;
  readonly workerId?: string;
  readonly dryRun?: boolean;
  readonly filter?: (tenant: Tenant) => boolean;
  /** SIGINT/SIGTERM: stop starting tenants, give in-flight ones graceMs, then cancel them. */
  readonly signal?: AbortSignal;
  readonly graceMs?: number;
  readonly onEvent?: RolloutEventListener;
  readonly lockTenant?: TenantLocker;
  readonly lint?: PlanLinter;
  readonly commit?: string | null;
  readonly actor?: string | null;
  /** How often requests, rollout state and totals are read from the ledger (and progress emitted). */
  readonly pollMs?: number;
  readonly heartbeatMs?: number;
  readonly pageSize?: number;
  /** Adds up where the time goes, phase by phase (phase-clock.ts): for benchmarks and profiling. */
  readonly phases?: PhaseClock;
}

export type RolloutFinalState = 'succeeded' | 'failed' | 'aborted' | 'cancelled' | 'dry-run';

export interface RolloutFailure {
  readonly tenantId: string;
  readonly message: string;
  readonly sqlstate: string | null;
}

export interface RolloutSummary {
  readonly rolloutId: string;
  readonly state: RolloutFinalState;
  /** Why the rollout stopped early (canary, failure budget, abort request, signal); null when it ran to the end. */
  readonly stopReason: string | null;
  readonly resumed: boolean;
  /** The whole rollout, every worker's tenants. */
  readonly totals: RolloutTotals;
  /** What this worker did. */
  readonly worker: RolloutTotals;
  readonly durationMs: number;
  readonly tenantsPerSecond: number;
  readonly failures: readonly RolloutFailure[];
  /** Distinct live states planned: tenants in the same state share one plan. */
  readonly distinctPlans: number;
  /** How this worker's migrated tenants were confirmed: read back, or by their plan's proof (rollout.verify). */
  readonly verifiedBy: { readonly readBack: number; readonly proof: number };
  /** Tenants of this worker whose starting state was taken on their catalog digest instead of a full read (starting-states.ts). */
  readonly statesByDigest: number;
}

type StopKind = 'cancelled' | 'aborted' | 'canary' | 'budget' | 'ended-elsewhere';

const MAX_FAILURES_KEPT = 1_000;

/**
 * Drives one worker of a rollout: registers the fleet in the ledger, then claims batches and runs
 * them under global and per-cluster concurrency, behind the health gate, obeying pause/resume/abort
 * requests, the canary and the failure budget. Many workers can run this against one ledger.
 */
export async function runRollout(options: RunRolloutOptions): Promise<RolloutSummary> {
  const run = new RolloutRun(options);
  return run.run();
}

class RolloutRun {
  private readonly settings: RolloutSettings;
  private readonly workerId: string;
  private readonly dryRun: boolean;
  private readonly graceMs: number;
  private readonly pollMs: number;
  private readonly heartbeatMs: number;
  private readonly startedAt = Date.now();
  private readonly directory = createTenantDirectory();
  private readonly plans = createPlanCache();
  private readonly proofs: PlanProofs;
  private readonly startingStates: StartingStates;
  private readonly verifiedBy = { readBack: 0, proof: 0 };
  private readonly rate = createRateMeter();
  private readonly queue: PQueue;
  private readonly clusterQueues = new Map<string, PQueue>();
  /** rollout.adaptiveConcurrency: each cluster's limit follows its probe time (latency-governor.ts). */
  private readonly governors: ClusterGovernors | null;
  private readonly inFlight = new Set<AbortController>();
  private readonly failures: RolloutFailure[] = [];
  private readonly connections: WarmConnections;
  /** Databases that hold several tenants (schema-per-tenant): their connections are kept warm between tenants. */
  private readonly sharedUrls = new Set<string>();
  private rolloutId = 'dry-run';
  private resumed = false;
  private stop: { kind: StopKind; reason: string } | null = null;
  private requestPaused: { since: number; reason: string } | null = null;
  /** Aborted on any stop, so waits on the health gate end at once. */
  private readonly stopped = new AbortController();
  private local: RolloutTotals = { ...EMPTY_TOTALS };
  private shared: LedgerStatus | null = null;
  private budget = Number.POSITIVE_INFINITY;
  private graceTimer: NodeJS.Timeout | undefined;
  private lastProgressKey = '';

  constructor(private readonly options: RunRolloutOptions) {
    // Every tenant waiting on a paused cluster listens on this one signal: with concurrency above 10
    // Node would warn about a leak that is not one.
    setMaxListeners(0, this.stopped.signal);
    this.settings = options.settings;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}`;
    this.dryRun = options.dryRun ?? false;
    this.graceMs = options.graceMs ?? 5_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.queue = new PQueue({ concurrency: this.settings.concurrency });
    this.proofs = createPlanProofs(this.settings.verify);
    this.startingStates = createStartingStates(this.settings.verify);
    this.connections = createWarmConnections({ maxIdle: this.settings.concurrency });
    const adaptive = this.settings.adaptiveConcurrency;
    this.governors =
      adaptive && !this.dryRun && this.settings.perClusterConcurrency > 1
        ? new ClusterGovernors({
            config: adaptive,
            max: this.settings.perClusterConcurrency,
            inFlight: (cluster) => this.clusterQueues.get(cluster)?.pending ?? 0,
            onChange: (cluster, change) => {
              const queue = this.clusterQueues.get(cluster);
              if (queue) queue.concurrency = change.limit;
              this.emit({ type: 'concurrency-changed', cluster, limit: change.limit, reason: change.reason, at: Date.now() });
            },
          })
        : null;
    if (!this.dryRun && !options.ledger) throw new Error('runRollout needs a ledger unless it is a dry run');
  }

  private emit(event: RolloutEvent): void {
    // A reporter that throws must not take a tenant's migration down with it.
    try {
      this.options.onEvent?.(event);
    } catch {
      /* ignored on purpose */
    }
  }

  async run(): Promise<RolloutSummary> {
    const signal = this.options.signal;
    const onSignal = (): void => this.cancel();
    if (signal?.aborted) this.cancel();
    signal?.addEventListener('abort', onSignal, { once: true });
    const timers: NodeJS.Timeout[] = [];
    try {
      if (this.dryRun) {
        this.emit({ type: 'rollout-started', rolloutId: this.rolloutId, workerId: this.workerId, tenants: null, dryRun: true, at: Date.now() });
        timers.push(setInterval(() => this.emitProgress(), this.pollMs));
        await this.runDry();
      } else {
        await timePhase(this.options.phases, 'register', () => this.register());
        timers.push(setInterval(() => void this.poll(), this.pollMs));
        timers.push(setInterval(() => void this.ledger.heartbeat(this.rolloutId, this.workerId).catch(() => undefined), this.heartbeatMs));
        await this.runClaims();
      }
    } finally {
      for (const timer of timers) clearInterval(timer);
      signal?.removeEventListener('abort', onSignal);
      if (this.graceTimer) clearTimeout(this.graceTimer);
      await this.verifying;
      await this.recorded();
      await this.governors?.stop();
      await this.connections.close();
    }
    return this.finish();
  }

  private get ledger(): RolloutLedger {
    const ledger = this.options.ledger;
    if (!ledger) throw new Error('no ledger');
    return ledger;
  }

  // ── registration ────────────────────────────────────────────────────────────────────────────

  private async register(): Promise<void> {
    // The tenants are listed first: a resume puts back to pending only this run's own (scope), so a
    // narrower rerun (--tenants '!t3', a second config on the same ledger) never erases t3's failure.
    const assign = createWaveAssigner(this.settings);
    const pages: LedgerTenantEntry[][] = [];
    for await (const page of this.options.source.pages(this.options.pageSize ?? 500)) {
      const entries = page.filter((tenant) => this.options.filter?.(tenant) ?? true).map(assign);
      for (const entry of entries) this.addTenant(entry.tenant);
      if (entries.length > 0) pages.push(entries);
    }
    const ids = pages.flatMap((entries) => entries.map((entry) => entry.tenant.id));
    const found = await this.ledger.findOrCreateRollout({ schemaHash: fingerprintModel(this.options.desired), workerId: this.workerId, commit: this.options.commit ?? null, scope: ids });
    this.rolloutId = found.id;
    this.resumed = found.resumed;
    for (const entries of pages) await this.ledger.registerTenants(this.rolloutId, entries);
    await this.ledger.heartbeat(this.rolloutId, this.workerId);
    this.shared = await this.ledger.status(this.rolloutId);
    // The rollout holds tenants this run does not list: claims and "anything left?" look at ours alone.
    if (this.shared.totals.tenants > ids.length) this.scope = ids;
    this.budget = failureBudgetCount(this.settings, this.shared.totals.tenants);
    this.emit({ type: 'rollout-started', rolloutId: this.rolloutId, workerId: this.workerId, tenants: this.shared.totals.tenants, dryRun: false, at: Date.now() });
    this.applyStatus(this.shared);
  }

  private addTenant(tenant: Tenant): void {
    const known = this.directory.clusters().length;
    this.directory.add(tenant);
    // The first tenant seen on a cluster is where its sql probes connect.
    if (this.directory.clusters().length > known) this.options.healthGate?.addCluster(clusterOf(tenant), tenant.url);
  }

  // ── the claim loop ──────────────────────────────────────────────────────────────────────────

  private async runClaims(): Promise<void> {
    let batch = 0;
    const running: BatchRun[] = [];
    while (!this.stop) {
      if (this.requestPaused) {
        await sleep(250);
        continue;
      }
      const unhealthy = await this.unhealthyClusters();
      if (this.stop) break;
      // The wave barrier (canaries, then each wave in order, then the rest) is kept by the ledger, so
      // every worker keeps it, and a dead worker's stale claim in the current wave is taken over
      // whatever the phase: waiting on it is what made a rerun after kill -9 hang in the canary phase.
      // With two batches in flight the barrier still holds: the wave of a claimed tenant stays the
      // first unfinished one, so the next claim returns nothing until this worker's batches settle.
      const claims = await timePhase(this.options.phases, 'claim', () => this.ledger.claim(this.rolloutId, this.workerId, this.settings.batchSize, { excludeClusters: unhealthy, inWaveOrder: true, ...(this.scope ? { onlyTenants: this.scope } : {}) }));
      if (claims.length === 0 && running.length > 0) {
        // Nothing left to claim now: this worker's own batches end first (settling releases their busy tenants).
        for (let run = running.shift(); run; run = running.shift()) await this.settle(run, running);
        continue;
      }
      if (claims.length === 0) {
        const status = await this.ledger.status(this.rolloutId, this.scope ?? undefined);
        this.applyStatus(status);
        if (this.stop) break;
        if ((status.scopePending ?? status.totals.pending) === 0) break;
        this.sayWhatWeWaitFor(status, unhealthy);
        await sleep(unhealthy.length > 0 ? 500 : 250);
        continue;
      }
      this.lastWait = '';
      const run = this.startBatch(batch++, claims, claims[0]?.wave === CANARY_WAVE);
      running.push(run);
      // The next batch is claimed and read as soon as this one's read is done, while this one's
      // tenants run: the slots its last tenants free are then taken by the next batch's first
      // ones, rather than waiting out a claim and a batch read (on a small server, the read of a
      // batch of schema tenants costs about what running them does: docs/benchmarks.md).
      await run.read;
      // Never more than two batches at once: the older one is done before a third is claimed.
      while (running.length > 1) await this.settle(running.shift()!, running);
    }
    for (let run = running.shift(); run; run = running.shift()) await this.settle(run, running);
    await this.verifying;
    await this.recorded();
  }

  /**
   * A batch whose tenants have all finished. With tenants busy elsewhere, or once the rollout
   * stops, every batch still running is waited for and verified: what this worker then still holds
   * is exactly what it did not finish (busy tenants, those a stop kept from starting), and goes
   * back to pending for anyone.
   */
  private async settle(run: BatchRun, others: readonly BatchRun[]): Promise<void> {
    const busy = await run.finished;
    if (busy.length === 0 && !this.stop) return;
    await Promise.all(others.map((other) => other.finished));
    await this.verifying;
    await this.recorded();
    await this.ledger.releaseClaims(this.rolloutId, this.workerId).catch(() => undefined);
    // Held by another worker or rollout: give it time rather than claiming it straight back.
    if (busy.length > 0) await sleep(500);
  }

  private lastWait = '';
  /** This run's tenants when the rollout holds more (see register); null when they are the same. */
  private scope: readonly string[] | null = null;

  /** Nothing to claim yet tenants are left: says why, once per change (a silent wait looked like a hang). */
  private sayWhatWeWaitFor(status: LedgerStatus, unhealthy: readonly string[]): void {
    const others = (status.claimHolders ?? []).filter((holder) => holder.workerId !== this.workerId);
    let reason: string;
    let key: string;
    if (others.length > 0) {
      const holders = others.map((holder) => {
        const staleInS = Math.max(0, Math.ceil((holder.staleAfterMs - holder.heartbeatAgeMs) / 1000));
        return `${holder.workerId} (${holder.claimed} tenant${holder.claimed === 1 ? '' : 's'}, last heartbeat ${Math.round(holder.heartbeatAgeMs / 1000)}s ago${holder.heartbeatAgeMs >= holder.staleAfterMs ? ', stale: taken over now' : `, taken over in ${staleInS}s if it stays silent`})`;
      });
      reason = `waiting for tenants claimed by other workers: ${holders.join('; ')}`;
      key = `holders:${others.map((holder) => `${holder.workerId}/${holder.claimed}/${holder.heartbeatAgeMs >= holder.staleAfterMs}`).join(',')}`;
    } else if (unhealthy.length > 0) {
      reason = `waiting for paused clusters: ${unhealthy.join(', ')}`;
      key = `clusters:${unhealthy.join(',')}`;
    } else {
      // Only this worker's last batch, still being verified: a moment, nothing to say.
      return;
    }
    if (key === this.lastWait) return;
    this.lastWait = key;
    this.emit({ type: 'waiting', reason, at: Date.now() });
  }

  /**
   * The previous batch's verification, still running while this batch is claimed and read: the two
   * catalog reads then run side by side (on a small server, on two cores instead of one after the
   * other). Never rejects. At most one is in flight, so at most three batches' readers (and the
   * advisory locks they hold) are open at once: one verifying, two running.
   */
  private verifying: Promise<void> = Promise.resolve();

  /**
   * Opens the batch's shared readers and schedules its tenants. `read` resolves once the batch's
   * shared read is done (or failed); `finished` once all its tenants have run and the batch's
   * verification is under way, after the previous batch's verification has ended.
   */
  private startBatch(batch: number, claims: readonly LedgerClaim[], canary: boolean): BatchRun {
    this.emit({ type: 'batch-started', batch, size: claims.length, wave: claims[0]?.wave ?? null, at: Date.now() });
    let readDone!: () => void;
    const read = new Promise<void>((resolve) => (readDone = resolve));
    const finished = (async (): Promise<string[]> => {
      const busy: string[] = [];
      const tenants = claims.map((claim) => this.directory.get(claim.tenantId)).filter((tenant): tenant is Tenant => tenant !== undefined);
      let reads: BatchReads | undefined;
      try {
        reads = await timePhase(this.options.phases, 'batch-read', () => this.openSharedReaders(tenants)).finally(readDone);
        const opened = reads;
        await Promise.all(claims.map((claim) => this.scheduleTenant(claim, canary, busy, opened)));
      } catch (error) {
        if (reads) await closeReaders(reads.readers);
        throw error;
      }
      const { readers, unverified } = reads;
      const previous = this.verifying;
      this.verifying = previous
        .then(() => timePhase(this.options.phases, 'batch-verify', () => this.verifyBatch(unverified.splice(0), readers)))
        .finally(async () => {
          await closeReaders(readers);
          this.emit({ type: 'batch-finished', batch, at: Date.now() });
        });
      await previous;
      return busy;
    })();
    // Awaited by settle(), maybe only after the next batch started: not an unhandled rejection meanwhile.
    finished.catch(() => undefined);
    return { read, finished };
  }

  /**
   * Schema-per-tenant: the batch's tenants of one database are locked on one connection and their
   * schemas read with one introspectSchemas call (each catalog scan of a many-schema database paid
   * once per batch, not per tenant); once they have run their steps they are verified together
   * the same way (verifyBatch). A database with one tenant in the batch reads and verifies its own.
   */
  private async withSharedReaders<T>(tenants: readonly Tenant[], run: (reads: BatchReads) => Promise<T>): Promise<T> {
    const reads = await this.openSharedReaders(tenants);
    try {
      return await run(reads);
    } finally {
      await closeReaders(reads.readers);
    }
  }

  private async openSharedReaders(tenants: readonly Tenant[]): Promise<BatchReads> {
    const perUrl = new Map<string, number>();
    for (const tenant of tenants) perUrl.set(tenant.url, (perUrl.get(tenant.url) ?? 0) + 1);
    for (const [url, count] of perUrl) if (count > 1) this.sharedUrls.add(url);
    const readers = new Map<string, SharedSchemaReader>();
    const prelocked = new Map<string, SharedSchemaReader>();
    const lock = this.dryRun ? null : (this.options.lockTenant ?? ledgerTenantLock);
    for (const [url, count] of perUrl) {
      if (count < 2 || this.stop) continue;
      const reader = createSharedSchemaReader(url, { lockTimeoutMs: this.settings.lockTimeoutMs, statementTimeoutMs: this.settings.statementTimeoutMs, maxAttempts: this.settings.retries, startingStates: this.startingStates });
      readers.set(url, reader);
      // Locked here, on the reader's connection, and read in one go; the tenants then skip their own lock.
      const locked = await reader.lockAndRead(tenants.filter((tenant) => tenant.url === url), lock).catch(() => new Set<string>());
      for (const id of locked) prelocked.set(id, reader);
    }
    return { readers, prelocked, unverified: [] };
  }

  private clusterQueue(cluster: string): PQueue {
    let queue = this.clusterQueues.get(cluster);
    if (!queue) {
      queue = new PQueue({ concurrency: this.governors ? this.governors.limit(cluster) : this.settings.perClusterConcurrency });
      this.clusterQueues.set(cluster, queue);
    }
    return queue;
  }

  private async scheduleTenant(claim: LedgerClaim, canary: boolean, busy: string[], reads: BatchReads): Promise<void> {
    const tenant = this.directory.get(claim.tenantId);
    if (!tenant) {
      // Registered by a worker with another tenant source or filter: this worker cannot reach it.
      await this.record(claim.tenantId, { outcome: 'skipped', steps: 0, durationMs: 0, planFingerprint: null, error: { message: 'not in this worker\'s tenant source; run a worker whose source lists it', sqlstate: null } }, true);
      return;
    }
    const cluster = clusterOf(tenant);
    // The cluster slot is held while waiting on the gate: a paused cluster starts nothing new.
    await this.clusterQueue(cluster).add(async () => {
      // The cluster's idle probe time is read before its first tenant starts (only that one waits).
      await this.governors?.ready(cluster, tenant.url);
      for (;;) {
        if (!(await this.waitUntilMayStart(cluster))) return;
        // Checked again once a global slot is free: the gate may have closed while this tenant queued.
        const started = await this.queue.add(async () => {
          if (this.stop) return true;
          if (!this.mayStartNow(cluster)) return false;
          const worked = { ms: 0 };
          const outcome = await timePhase(this.options.phases, 'slot', () => this.runTenant(tenant, cluster, reads, canary, worked));
          // A tenant another worker holds ran nothing here: not part of a generation at this level.
          if (outcome !== 'busy') this.governors?.finished(cluster);
          if (outcome === 'busy') busy.push(tenant.id);
          else if (outcome === 'failed') this.onFailure(canary, tenant.id);
          // rollout.niceRatio: the slot rests before it takes the next tenant (nothing ran for a busy one).
          if (outcome !== 'busy') await this.rest(worked.ms);
          return true;
        });
        if (started) return;
      }
    });
  }

  /** Holds a worker slot for niceRatio × `workedMs`; a stop ends the rest at once. */
  private async rest(workedMs: number): Promise<void> {
    const ms = this.settings.niceRatio * workedMs;
    if (ms <= 0 || this.stop) return;
    await cancellableSleep(this.stopped.signal)(ms).catch(() => undefined);
  }

  private mayStartNow(cluster: string): boolean {
    return !this.stop && !this.requestPaused && (this.options.healthGate?.isOpen(cluster) ?? true);
  }

  private async runTenant(tenant: Tenant, cluster: string, reads: BatchReads, canary = false, worked?: { ms: number }): Promise<TenantOutcome | 'busy' | 'unverified'> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const reader = reads.readers.get(tenant.url);
    const prelocked = reads.prelocked.get(tenant.id);
    try {
      this.emit({ type: 'tenant-started', tenantId: tenant.id, cluster, at: Date.now() });
      const result = await migrateTenant(tenant, {
        desired: this.options.desired,
        ...(this.options.desiredFor ? { desiredFor: this.options.desiredFor } : {}),
        settings: this.settings,
        plans: this.plans,
        proofs: this.proofs,
        startingStates: this.startingStates,
        ...(worked ? { worked } : {}),
        ...(this.options.phases ? { phases: this.options.phases } : {}),
        lockTenant: prelocked ? async () => prelocked.holdsLocks() : (this.options.lockTenant ?? ledgerTenantLock),
        dryRun: this.dryRun,
        ...(this.options.lint ? { lint: this.options.lint } : {}),
        cancel: controller.signal,
        onRetry: (attempt, reason) => this.emit({ type: 'tenant-retried', tenantId: tenant.id, attempt, reason, at: Date.now() }),
        ...(reader ? { takePrefetched: (schema: string) => reader.take(schema), deferVerification: true } : {}),
        connections: {
          acquire: (url, applicationName) => this.connections.acquire(url, applicationName),
          release: (url, client) => this.connections.release(url, client, this.sharedUrls.has(url)),
        },
      });
      if (result.kind === 'busy') return 'busy';
      if (result.kind === 'unverified') {
        reads.unverified.push({ tenant, result: result.result, canary, proofKey: result.proofKey, clean: result.clean });
        return 'unverified';
      }
      await timePhase(this.options.phases, 'record', () => this.recordInBackground(tenant.id, result.result, !this.dryRun));
      return result.result.outcome;
    } finally {
      this.inFlight.delete(controller);
    }
  }

  /**
   * The batch's schema tenants whose steps ran, verified together: their schemas are read with one
   * introspectSchemas call on the shared reader's connection (which still holds their advisory
   * locks), and each counts as migrated only when a fresh plan from its state is empty. A schema
   * the shared read cannot give is read alone; one that cannot be read at all fails its tenant.
   */
  private async verifyBatch(waiting: readonly Unverified[], readers: ReadonlyMap<string, SharedSchemaReader>): Promise<void> {
    // A plan's first tenants are read back first; the others may then be vouched for by its proof (proof-first.ts).
    const { now, later } = readBackFirst(waiting, this.settings.verify === 'proven' ? this.proofs : null);
    await this.readBack(now, readers);
    const unproven = later.filter((tenant) => this.proofs.needsReadBack(tenant.proofKey, true));
    const proven = later.filter((tenant) => !unproven.includes(tenant));
    await Promise.all([this.readBack(unproven, readers), ...proven.map((tenant) => this.record(tenant.tenant.id, { ...tenant.result, verifiedBy: 'proof' }, true))]);
  }

  private async readBack(waiting: readonly Unverified[], readers: ReadonlyMap<string, SharedSchemaReader>): Promise<void> {
    const readOptions = { lockTimeoutMs: this.settings.lockTimeoutMs, statementTimeoutMs: this.settings.statementTimeoutMs, maxAttempts: this.settings.retries };
    const context = { plans: this.plans, desired: this.options.desired, ...(this.options.desiredFor ? { desiredFor: this.options.desiredFor } : {}), settings: this.settings, ...(this.options.lint ? { lint: this.options.lint } : {}) };
    await Promise.all(
      waiting.map(async ({ tenant, result, canary, proofKey }) => {
        let verified: LedgerTenantResult;
        try {
          const reader = readers.get(tenant.url);
          // The reader reads a schema its batch read could not give on its own (a new connection if its own was lost).
          const after = reader ? await reader.read(tenant.schema) : await readLiveSchema(tenant.url, tenant.schema, readOptions);
          verified = verifyTenant(after, result, await versionedContext(context, after.serverVersion));
        } catch (error) {
          const { message, sqlstate } = errorOf(error);
          verified = { ...result, outcome: 'failed', error: { message: `verification failed: every step ran, but the schema could not be read back: ${message}`, sqlstate } };
        }
        this.proofs.recordReadBack(proofKey, verified.outcome === 'migrated');
        await this.record(tenant.id, verified, true);
        if (verified.outcome === 'failed') this.onFailure(canary, tenant.id);
      }),
    );
  }

  /**
   * Results of tenants whose worker slot went on to the next tenant, still on their way to the
   * ledger: at most `concurrency`. Waited for before claims are released and before the end.
   */
  private readonly recording = new Set<Promise<void>>();

  /**
   * Records a tenant's result without holding its worker slot for the ledger's round trip (a
   * synchronous commit on the control database: on a one-step change, a third of a tenant's slot).
   * The counts the failure budget reads are updated before this returns.
   */
  private async recordInBackground(tenantId: string, result: LedgerTenantResult, toLedger: boolean): Promise<void> {
    while (this.recording.size >= this.settings.concurrency) await Promise.race(this.recording);
    const pending: Promise<void> = this.record(tenantId, result, toLedger).finally(() => this.recording.delete(pending));
    this.recording.add(pending);
  }

  private async recorded(): Promise<void> {
    while (this.recording.size > 0) await Promise.all(this.recording);
  }

  /** Never rejects. The local counts and the event come first, then the ledger's round trip. */
  private async record(tenantId: string, result: LedgerTenantResult, toLedger: boolean): Promise<void> {
    this.local = bump(this.local, result.outcome);
    if (result.outcome === 'failed' && this.failures.length < MAX_FAILURES_KEPT) {
      this.failures.push({ tenantId, message: result.error?.message ?? 'failed', sqlstate: result.error?.sqlstate ?? null });
    }
    if (result.outcome === 'migrated' && result.verifiedBy === 'proof') this.verifiedBy.proof += 1;
    else if (result.outcome === 'migrated') this.verifiedBy.readBack += 1;
    // Before the ledger's round trip, which runs off the tenant's slot: a reporter counting tenants
    // in flight sees this one finish before the next one in its slot starts.
    this.emit({ type: 'tenant-finished', tenantId, outcome: result.outcome, steps: result.steps, durationMs: result.durationMs, planFingerprint: result.planFingerprint, verifiedBy: result.outcome === 'migrated' ? (result.verifiedBy ?? 'read-back') : null, error: result.error, at: Date.now() });
    if (toLedger) {
      // One retry: a ledger blip must not lose a result (a lost one is taken over and re-planned, which is safe but slow).
      await this.ledger.record(this.rolloutId, this.workerId, tenantId, result).catch(async () => {
        await sleep(500);
        await this.ledger.record(this.rolloutId, this.workerId, tenantId, result).catch(() => undefined);
      });
    }
  }

  private onFailure(canary: boolean, tenantId: string): void {
    if (this.dryRun || this.stop) return;
    if (canary) {
      this.halt('canary', `canary tenant ${tenantId} failed`);
      return;
    }
    const failed = Math.max(this.local.failed, this.shared?.totals.failed ?? 0);
    if (failed > this.budget) {
      this.emit({ type: 'failure-budget-spent', failed, budget: this.budget, at: Date.now() });
      this.halt('budget', `failure budget spent: ${failed} failed, budget ${this.budget}`);
    }
  }

  /** Stops starting tenants; those in flight finish. */
  private halt(kind: StopKind, reason: string): void {
    if (this.stop) return;
    this.stop = { kind, reason };
    this.stopped.abort();
    if (kind === 'canary' || kind === 'aborted') this.emit({ type: 'aborted', reason, at: Date.now() });
    // Other workers read the state on their next poll and stop too.
    if (!this.dryRun && (kind === 'canary' || kind === 'budget' || kind === 'aborted')) {
      void this.ledger.setState(this.rolloutId, kind === 'aborted' ? 'aborted' : 'failed').catch(() => undefined);
    }
  }

  private cancel(): void {
    this.halt('cancelled', 'the rollout was interrupted (SIGINT/SIGTERM)');
    if (this.graceTimer) return;
    this.graceTimer = setTimeout(() => {
      for (const controller of this.inFlight) controller.abort();
    }, this.graceMs);
    this.graceTimer.unref?.();
  }

  // ── health and requests ─────────────────────────────────────────────────────────────────────

  /** Waits while the rollout is paused or the cluster's gate closed; false when the rollout stopped meanwhile. */
  private async waitUntilMayStart(cluster: string): Promise<boolean> {
    const gate = this.options.healthGate;
    for (;;) {
      if (this.stop) return false;
      if (this.requestPaused) {
        await sleep(250);
        continue;
      }
      if (!gate || gate.isOpen(cluster)) return !this.stop;
      try {
        await gate.waitUntilOpen(cluster, this.stopped.signal);
      } catch {
        // Stopped (or the gate was stopped): the loop head decides.
        if (!this.stop) await sleep(250);
      }
    }
  }

  /** Read between batches: clusters whose gate is closed are not claimed from, so others' work goes on. */
  private async unhealthyClusters(): Promise<string[]> {
    const gate = this.options.healthGate;
    if (!gate) return [];
    const closed: string[] = [];
    for (const cluster of this.directory.clusters()) {
      await gate.readNow(cluster).catch(() => undefined);
      if (!gate.isOpen(cluster)) closed.push(cluster);
    }
    return closed;
  }

  private async poll(): Promise<void> {
    try {
      this.applyStatus(await this.ledger.status(this.rolloutId));
    } catch {
      // The ledger is unreachable for a moment: keep going on what we know, try again next tick.
    }
    this.emitProgress();
  }

  private applyStatus(status: LedgerStatus): void {
    this.shared = status;
    if (status.request === 'abort' || status.state === 'aborted') {
      this.halt('aborted', `abort requested${status.requestedBy ? ` by ${status.requestedBy}` : ''}`);
      return;
    }
    if (status.state === 'failed' || status.state === 'cancelled' || status.state === 'succeeded') {
      if (!this.stop) {
        this.stop = { kind: 'ended-elsewhere', reason: `the rollout was marked ${status.state} by another worker` };
        this.stopped.abort();
      }
      return;
    }
    const wantsPause = status.request === 'pause';
    if (wantsPause && !this.requestPaused) {
      const reason = `pause requested${status.requestedBy ? ` by ${status.requestedBy}` : ''}`;
      this.requestPaused = { since: Date.now(), reason };
      this.emit({ type: 'paused', cluster: null, reason, at: Date.now() });
      if (status.state === 'running') void this.ledger.setState(this.rolloutId, 'paused').catch(() => undefined);
    } else if (!wantsPause && this.requestPaused) {
      const pausedMs = Date.now() - this.requestPaused.since;
      this.requestPaused = null;
      this.emit({ type: 'resumed', cluster: null, pausedMs, at: Date.now() });
    }
    // Also when this worker joined after the resume: a paused rollout hands out no claims.
    if (!wantsPause && status.state === 'paused') void this.ledger.setState(this.rolloutId, 'running').catch(() => undefined);
  }

  private totals(): RolloutTotals {
    if (this.dryRun || !this.shared) return this.local;
    return this.shared.totals;
  }

  /** Nothing can start anywhere: a pause request, or every cluster's health gate closed. */
  private pausedEverywhere(): boolean {
    if (this.requestPaused) return true;
    const gate = this.options.healthGate;
    const clusters = this.directory.clusters();
    return gate !== undefined && clusters.length > 0 && clusters.every((cluster) => !gate.isOpen(cluster));
  }

  private emitProgress(): void {
    const totals = this.totals();
    const now = Date.now();
    const { tenantsPerSecond } = this.rate.sample(doneOf(totals), now, this.pausedEverywhere());
    const key = JSON.stringify(totals);
    // Nothing moved and nothing is paused: a repeated line tells a reader nothing.
    if (key === this.lastProgressKey && tenantsPerSecond === 0 && !this.requestPaused) return;
    this.lastProgressKey = key;
    this.emit({ type: 'progress', totals, tenantsPerSecond: round(tenantsPerSecond), etaSeconds: this.rate.etaSeconds(totals.pending, tenantsPerSecond), at: now });
  }

  // ── dry run ─────────────────────────────────────────────────────────────────────────────────

  private async runDry(): Promise<void> {
    let batch = 0;
    let chunk: Tenant[] = [];
    const flush = async (): Promise<void> => {
      const tenants = chunk;
      chunk = [];
      if (tenants.length === 0 || this.stop) return;
      this.emit({ type: 'batch-started', batch, size: tenants.length, wave: null, at: Date.now() });
      await this.withSharedReaders(tenants, (reads) => Promise.all(tenants.map((tenant) => this.scheduleDry(tenant, reads))));
      this.emit({ type: 'batch-finished', batch: batch++, at: Date.now() });
    };
    for await (const page of this.options.source.pages(this.options.pageSize ?? 500)) {
      for (const tenant of page) {
        if (this.stop) break;
        if (!(this.options.filter?.(tenant) ?? true)) continue;
        this.addTenant(tenant);
        this.local = { ...this.local, tenants: this.local.tenants + 1, pending: this.local.pending + 1 };
        chunk.push(tenant);
        if (chunk.length >= this.settings.batchSize) await flush();
      }
      if (this.stop) break;
    }
    await flush();
  }

  private async scheduleDry(tenant: Tenant, reads: BatchReads): Promise<void> {
    const cluster = clusterOf(tenant);
    await this.clusterQueue(cluster).add(async () => {
      for (;;) {
        if (!(await this.waitUntilMayStart(cluster))) return;
        const started = await this.queue.add(async () => {
          if (this.stop) return true;
          if (!this.mayStartNow(cluster)) return false;
          await this.runTenant(tenant, cluster, reads);
          return true;
        });
        if (started) return;
      }
    });
  }

  // ── the end ─────────────────────────────────────────────────────────────────────────────────

  private async finish(): Promise<RolloutSummary> {
    let state: RolloutFinalState;
    let totals = this.local;
    let failures: readonly RolloutFailure[] = this.failures;
    if (this.dryRun) {
      state = this.stop?.kind === 'cancelled' ? 'cancelled' : 'dry-run';
    } else {
      const status = await this.ledger.status(this.rolloutId).catch(() => this.shared);
      totals = status?.totals ?? this.local;
      if (status && status.failures.length > 0) failures = status.failures.map((f) => ({ tenantId: f.tenantId, message: f.message ?? 'failed', sqlstate: f.sqlstate }));
      state = this.finalState(status, totals);
      const othersRunning = (status?.running ?? 0) > 0;
      if (this.scope && !this.stop && state === 'failed' && this.local.failed === 0) this.stop = { kind: 'ended-elsewhere', reason: outOfScopeReason(totals, this.local) };
      // A worker that stops, or ends its narrower scope, while others still hold claims leaves the rollout to them.
      if (!((state === 'cancelled' || this.scope) && othersRunning) && status?.state !== state) {
        await this.ledger.setState(this.rolloutId, state).catch(() => undefined);
      }
    }
    const durationMs = Date.now() - this.startedAt;
    const done = doneOf(workerTotals(this.local));
    const tenantsPerSecond = round(durationMs > 0 ? done / (durationMs / 1000) : 0);
    this.emit({ type: 'progress', totals, tenantsPerSecond, etaSeconds: totals.pending === 0 ? 0 : null, at: Date.now() });
    this.emit({ type: 'rollout-finished', rolloutId: this.rolloutId, state, totals, durationMs, tenantsPerSecond, at: Date.now() });
    return {
      rolloutId: this.rolloutId,
      state,
      stopReason: this.stop?.reason ?? null,
      resumed: this.resumed,
      totals,
      worker: this.dryRun ? this.local : workerTotals(this.local),
      durationMs,
      tenantsPerSecond,
      failures,
      distinctPlans: this.plans.size,
      verifiedBy: { ...this.verifiedBy },
      statesByDigest: this.startingStates.taken,
    };
  }

  private finalState(status: LedgerStatus | null, totals: RolloutTotals): Exclude<RolloutFinalState, 'dry-run'> {
    switch (this.stop?.kind) {
      case 'cancelled':
        return 'cancelled';
      case 'aborted':
        return 'aborted';
      case 'canary':
      case 'budget':
        return 'failed';
      case 'ended-elsewhere':
        return status && status.state !== 'running' && status.state !== 'paused' ? status.state : 'failed';
      default:
        return totals.failed > 0 || totals.pending > 0 || totals.cancelled > 0 ? 'failed' : 'succeeded';
    }
  }
}

/** Why a run narrower than its rollout (--tenants, another config) does not end it succeeded. */
function outOfScopeReason(totals: RolloutTotals, mine: RolloutTotals): string {
  const failed = totals.failed - mine.failed;
  const notDone = totals.pending + totals.cancelled + totals.skipped - mine.skipped - mine.cancelled;
  const parts = [failed > 0 ? `${failed} failed` : '', notDone > 0 ? `${notDone} not done` : ''].filter(Boolean).join(', ');
  return `every tenant of this run is done, but the rollout also holds tenants outside it (--tenants, or another config on this ledger): ${parts || 'not all at the schema'}; run without --tenants (or that config) to finish them`;
}

/** A tenant whose steps ran, waiting for its batch's verification read. */
interface Unverified {
  readonly tenant: Tenant;
  readonly result: LedgerTenantResult;
  readonly canary: boolean;
  readonly proofKey: string;
  readonly clean: boolean;
}

/**
 * One batch's shared reads (schema-per-tenant): a reader per database holding several of its
 * tenants, the tenants whose advisory lock a reader took for them (held until the batch is
 * verified), and the tenants waiting for the batch's verification.
 */
interface BatchReads {
  readonly readers: ReadonlyMap<string, SharedSchemaReader>;
  readonly prelocked: ReadonlyMap<string, SharedSchemaReader>;
  readonly unverified: Unverified[];
}

interface BatchRun {
  /** The batch's shared read is done (or failed): the next batch may be claimed and read. */
  readonly read: Promise<void>;
  /** Every tenant has run and the verification has begun; the ids of tenants busy elsewhere. */
  readonly finished: Promise<string[]>;
}

async function closeReaders(readers: ReadonlyMap<string, SharedSchemaReader>): Promise<void> {
  await Promise.all([...readers.values()].map((reader) => reader.close()));
}

function bump(totals: RolloutTotals, outcome: TenantOutcome): RolloutTotals {
  return { ...totals, [outcome]: totals[outcome] + 1, pending: Math.max(0, totals.pending - 1), tenants: Math.max(totals.tenants, 0) };
}

/** What this worker finished; it never holds pending tenants once it returns. */
function workerTotals(local: RolloutTotals): RolloutTotals {
  const tenants = local.migrated + local.unchanged + local.failed + local.skipped + local.cancelled;
  return { ...local, tenants, pending: 0 };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
