import type { RolloutEvent } from '../../fleet/rollout-events.js';
import { checkRunConclusion } from './check-run-conclusion.js';
import { renderCheckRunOutput } from './check-run-output.js';
import { CHECK_RUN_LIMITS, type CheckRunAction, type CheckRunAnnotation, type CheckRunConclusion, type CheckRunUpdate } from './check-run-types.js';
import { applyRolloutEvent, emptyRolloutView, isPhaseChange, type RolloutView } from './rollout-view.js';

/** Time as the reporter sees it; tests pass a fake one. */
export interface ReporterClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: ReporterClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    // A pending progress update must never keep a finished Action alive.
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface CheckRunReporterOptions {
  /** Sends one update (a PATCH of the check run). Called one at a time, never concurrently. */
  readonly update: (update: CheckRunUpdate) => Promise<void>;
  readonly clock?: ReporterClock;
  /** Progress updates at most this often (GitHub's secondary rate limits). Default 10 s. */
  readonly intervalMs?: number;
  /** Even phase changes wait this long after the previous update (GitHub asks for ≥ 1 s between writes). */
  readonly minSpacingMs?: number;
  readonly dryRun?: boolean;
  /** Where a failed tenant's annotation points (the schema file, or the config file), repository-relative. */
  readonly annotationPath: string;
  readonly annotationLine?: number;
  /** Annotations after this many are dropped (each 50 cost one more request). Default 1000. */
  readonly maxAnnotations?: number;
  /** Offer Pause/Resume/Abort buttons (they need the ledger, so never on a dry run). */
  readonly buttons?: boolean;
  readonly redact?: (text: string) => string;
  /** A failed update is reported here and the rollout goes on: progress is not worth a tenant. */
  readonly onError?: (error: unknown) => void;
  /** How long finish() waits for an update already on the wire before sending the final one. */
  readonly finishWaitMs?: number;
}

export interface FinishOptions {
  /** Overrides the conclusion the events imply (a cancel deadline, a crash). */
  readonly conclusion?: CheckRunConclusion;
  /** Shown in the output when the events did not finish the story (why the run ended). */
  readonly note?: string;
}

const PAUSE: CheckRunAction = { label: 'Pause', description: 'Stop starting tenants until resumed', identifier: 'pause' };
const RESUME: CheckRunAction = { label: 'Resume', description: 'Start tenants again', identifier: 'resume' };
const ABORT: CheckRunAction = { label: 'Abort', description: 'Stop the rollout for good', identifier: 'abort' };

/**
 * Turns rollout events into check-run updates: progress at most once per interval, phase changes
 * (started, paused, resumed, budget spent, aborted, finished) at once, failures as annotations in
 * batches of 50, and a final update that is always sent and carries the conclusion.
 */
export class CheckRunReporter {
  private view: RolloutView;
  private readonly clock: ReporterClock;
  private readonly intervalMs: number;
  private readonly minSpacingMs: number;
  private readonly maxAnnotations: number;
  private readonly pendingAnnotations: CheckRunAnnotation[] = [];
  private annotationsQueued = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private dirty = false;
  private urgent = false;
  private timer: { handle: unknown; at: number } | null = null;
  private inFlight: Promise<void> | null = null;
  private finishing: Promise<void> | null = null;
  private lastActionsKey = '';
  private externalIdSent = false;
  private updates = 0;

  constructor(private readonly options: CheckRunReporterOptions) {
    this.view = emptyRolloutView(options.dryRun ?? false);
    this.clock = options.clock ?? systemClock;
    this.intervalMs = options.intervalMs ?? 10_000;
    this.minSpacingMs = options.minSpacingMs ?? 1_000;
    this.maxAnnotations = options.maxAnnotations ?? 1_000;
  }

  /** The view as of the last event (for the job summary and outputs). */
  get current(): RolloutView {
    return this.view;
  }

  /** How many updates were sent (or attempted). */
  get sent(): number {
    return this.updates;
  }

  /** A RolloutEventListener: never throws, never waits. */
  readonly onEvent = (event: RolloutEvent): void => {
    if (this.finishing) return;
    this.view = applyRolloutEvent(this.view, event);
    if (event.type === 'tenant-finished' && event.outcome === 'failed') this.queueAnnotation(event.tenantId, event.error?.message ?? 'failed', event.error?.sqlstate ?? null);
    if (event.type === 'rollout-finished') return; // finish() sends it, with the conclusion
    if (event.type === 'tenant-started' || event.type === 'batch-started' || event.type === 'batch-finished' || event.type === 'tenant-retried') return;
    this.request(isPhaseChange(event));
  };

  /**
   * Sends the final update (status completed, conclusion) and then any annotations left over. Safe
   * to call more than once: later calls return the first one's promise.
   */
  finish(options: FinishOptions = {}): Promise<void> {
    this.finishing ??= this.sendFinal(options);
    return this.finishing;
  }

  private queueAnnotation(tenantId: string, message: string, sqlstate: string | null): void {
    if (this.annotationsQueued >= this.maxAnnotations) return;
    this.annotationsQueued++;
    const line = this.options.annotationLine ?? 1;
    this.pendingAnnotations.push({
      path: this.options.annotationPath,
      start_line: line,
      end_line: line,
      annotation_level: 'failure',
      title: this.redact(`tenant ${tenantId} failed`).slice(0, 255),
      message: this.redact(`${message}${sqlstate ? ` (SQLSTATE ${sqlstate})` : ''}`).slice(0, 4_000),
    });
  }

  private redact(text: string): string {
    return this.options.redact ? this.options.redact(text) : text;
  }

  private request(urgent: boolean): void {
    this.dirty = true;
    this.urgent ||= urgent;
    if (this.inFlight) return; // re-checked when it lands
    const dueAt = this.lastSentAt + (this.urgent ? this.minSpacingMs : this.intervalMs);
    const now = this.clock.now();
    if (dueAt <= now) {
      this.sendProgress();
      return;
    }
    if (this.timer && this.timer.at <= dueAt) return;
    if (this.timer) this.clock.clearTimeout(this.timer.handle);
    this.timer = {
      at: dueAt,
      handle: this.clock.setTimeout(() => {
        this.timer = null;
        if (this.dirty && !this.finishing) this.request(false);
      }, dueAt - now),
    };
  }

  private actions(): readonly CheckRunAction[] | undefined {
    if (!this.options.buttons || this.view.dryRun) return undefined;
    const actions = this.view.paused.has(null) ? [RESUME, ABORT] : [PAUSE, ABORT];
    const key = actions.map((a) => a.identifier).join(',');
    if (key === this.lastActionsKey) return undefined;
    this.lastActionsKey = key;
    return actions;
  }

  private sendProgress(): void {
    if (this.timer) {
      this.clock.clearTimeout(this.timer.handle);
      this.timer = null;
    }
    this.dirty = false;
    this.urgent = false;
    const annotations = this.pendingAnnotations.splice(0, CHECK_RUN_LIMITS.annotationsPerRequest);
    const output = renderCheckRunOutput(this.view, { now: this.clock.now(), ...(this.options.redact ? { redact: this.options.redact } : {}) });
    // The rollout id is only known once the ledger has it; the app finds the rollout through it.
    const externalId = !this.externalIdSent && this.view.rolloutId && !this.view.dryRun ? this.view.rolloutId : undefined;
    if (externalId) this.externalIdSent = true;
    const actions = this.view.rolloutId ? this.actions() : undefined;
    const update: CheckRunUpdate = {
      status: 'in_progress',
      ...(externalId ? { external_id: externalId } : {}),
      ...(actions ? { actions } : {}),
      output: annotations.length > 0 ? { ...output, annotations } : output,
    };
    this.lastSentAt = this.clock.now();
    this.inFlight = this.send(update).finally(() => {
      this.inFlight = null;
      if (this.dirty && !this.finishing) this.request(false);
    });
  }

  private async send(update: CheckRunUpdate): Promise<void> {
    this.updates++;
    try {
      await this.options.update(update);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private async sendFinal(options: FinishOptions): Promise<void> {
    if (this.timer) {
      this.clock.clearTimeout(this.timer.handle);
      this.timer = null;
    }
    if (this.inFlight) {
      // An in_progress update landing after the completed one would reopen the run; wait, briefly.
      const waitMs = this.options.finishWaitMs ?? 2_000;
      let handle: unknown;
      await Promise.race([this.inFlight, new Promise<void>((resolve) => (handle = this.clock.setTimeout(resolve, waitMs)))]);
      this.clock.clearTimeout(handle);
    }
    const finished = this.view.finished;
    const conclusion = options.conclusion ?? (finished ? checkRunConclusion(finished.state) : 'failure');
    const note = options.note ?? (finished ? null : 'The rollout ended before it reported a result.');
    const output = renderCheckRunOutput(this.view, { now: this.clock.now(), stopNote: note, ...(this.options.redact ? { redact: this.options.redact } : {}) });
    const first = this.pendingAnnotations.splice(0, CHECK_RUN_LIMITS.annotationsPerRequest);
    const externalId = !this.externalIdSent && this.view.rolloutId && !this.view.dryRun ? this.view.rolloutId : undefined;
    this.lastSentAt = this.clock.now();
    // The conclusion goes first: on a cancel there are seconds left, and it is what matters.
    await this.send({
      status: 'completed',
      conclusion,
      completed_at: new Date(this.clock.now()).toISOString(),
      ...(externalId ? { external_id: externalId } : {}),
      ...(this.options.buttons ? { actions: [] } : {}),
      output: first.length > 0 ? { ...output, annotations: first } : output,
    });
    // GitHub appends annotations across updates, so the rest follow 50 at a time.
    while (this.pendingAnnotations.length > 0) {
      const batch = this.pendingAnnotations.splice(0, CHECK_RUN_LIMITS.annotationsPerRequest);
      await this.send({ output: { ...output, annotations: batch } });
    }
  }
}
