export interface OpenLoopOptions {
  readonly qps: number;
  /** Stops dispatching at this time (ms since epoch) at the latest. */
  readonly deadline: number;
  /** Beyond this many queries in flight a due query is not sent but counted as dropped. */
  readonly maxInFlight: number;
  /** Sends one query; `intendedAt` (performance.now() ms) is when the schedule wanted it sent. */
  readonly fire: (intendedAt: number) => Promise<void>;
  readonly onDropped: (intendedAt: number) => void;
}

/**
 * Open-loop dispatch at a fixed rate: query n is due at start + n/qps whether or not earlier ones
 * have returned, and latency is counted from when it was due. A stalled query therefore cannot
 * hide latency by holding back the queries behind it (no coordinated omission).
 */
export class OpenLoop {
  private running = false;
  private loop: Promise<void> | null = null;
  private inFlight = 0;
  private readonly pending = new Set<Promise<void>>();
  dispatched = 0;
  dropped = 0;

  constructor(private readonly options: OpenLoopOptions) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Stops dispatching and waits for the queries in flight (each has its own timeout) up to drainMs. */
  async stop(drainMs: number): Promise<void> {
    this.running = false;
    await this.loop;
    await Promise.race([Promise.allSettled([...this.pending]), sleep(drainMs)]);
  }

  private async run(): Promise<void> {
    const intervalMs = 1000 / this.options.qps;
    let next = performance.now();
    while (this.running && Date.now() < this.options.deadline) {
      const now = performance.now();
      for (let due = 0; next <= now && due < 10_000; due++, next += intervalMs) this.dispatch(next);
      await sleep(Math.max(0, next - performance.now()));
    }
  }

  private dispatch(intendedAt: number): void {
    if (this.inFlight >= this.options.maxInFlight) {
      this.dropped++;
      this.options.onDropped(intendedAt);
      return;
    }
    this.inFlight++;
    this.dispatched++;
    const query = this.options.fire(intendedAt).catch(() => undefined);
    this.pending.add(query);
    void query.finally(() => {
      this.inFlight--;
      this.pending.delete(query);
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
