/** Per phase and per query type: count, p50, p99, max latency and errors. */

interface LatencySummary {
  readonly count: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Error kinds (SQLSTATE, `timeout`, `overload`) with their counts. */
  readonly errorKinds: Readonly<Record<string, number>>;
}

/** phase → query type (and `all`) → summary. */
export type LatencyReport = Record<string, Record<string, LatencySummary>>;

export const ALL_TYPES = 'all';

/** A phase keeps at most this many samples per query type; later ones still count, but are not sampled. */
const MAX_SAMPLES = 500_000;

interface Bucket {
  samples: number[];
  count: number;
  errors: number;
  maxMs: number;
  errorKinds: Record<string, number>;
}

export class LatencyRecorder {
  private readonly buckets = new Map<string, Map<string, Bucket>>();

  /** An errored query counts with the time it took to fail: it is latency the application saw too. */
  record(phase: string, type: string, ms: number, error?: string): void {
    for (const key of [type, ALL_TYPES]) {
      const bucket = this.bucket(phase, key);
      bucket.count++;
      if (bucket.samples.length < MAX_SAMPLES) bucket.samples.push(ms);
      bucket.maxMs = Math.max(bucket.maxMs, ms);
      if (error !== undefined) {
        bucket.errors++;
        bucket.errorKinds[error] = (bucket.errorKinds[error] ?? 0) + 1;
      }
    }
  }

  report(): LatencyReport {
    const report: LatencyReport = {};
    for (const [phase, types] of this.buckets) {
      const byType: Record<string, LatencySummary> = {};
      for (const [type, bucket] of types) byType[type] = summarize(bucket);
      report[phase] = byType;
    }
    return report;
  }

  private bucket(phase: string, type: string): Bucket {
    let types = this.buckets.get(phase);
    if (!types) {
      types = new Map();
      this.buckets.set(phase, types);
    }
    let bucket = types.get(type);
    if (!bucket) {
      bucket = { samples: [], count: 0, errors: 0, maxMs: 0, errorKinds: {} };
      types.set(type, bucket);
    }
    return bucket;
  }
}

function summarize(bucket: Bucket): LatencySummary {
  const sorted = Float64Array.from(bucket.samples).sort();
  return { count: bucket.count, errors: bucket.errors, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99), maxMs: bucket.maxMs, errorKinds: { ...bucket.errorKinds } };
}

/** Nearest-rank quantile of sorted samples (NaN when there are none). */
function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}
