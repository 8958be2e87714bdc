import type { RolloutEvent } from '../fleet/rollout-events.js';

export interface PauseRecord {
  readonly cluster: string | null;
  readonly reason: string;
  readonly startedAt: number;
  /** null while it lasts. */
  readonly pausedMs: number | null;
}

/** Every pause of the rollout, its reason and its length, from the gate's paused/resumed events. */
export function createPauseTally(): { onEvent(event: RolloutEvent): void; pauses(now?: number): PauseRecord[]; totalMs(now?: number): number } {
  const records: { cluster: string | null; reason: string; startedAt: number; pausedMs: number | null }[] = [];
  return {
    onEvent(event) {
      if (event.type === 'paused') records.push({ cluster: event.cluster, reason: event.reason, startedAt: event.at, pausedMs: null });
      else if (event.type === 'resumed') {
        const open = records.find((record) => record.cluster === event.cluster && record.pausedMs === null);
        if (open) open.pausedMs = event.pausedMs;
      }
    },
    pauses: (now = Date.now()) => records.map((record) => ({ ...record, pausedMs: record.pausedMs ?? now - record.startedAt })),
    totalMs(now = Date.now()) {
      return records.reduce((sum, record) => sum + (record.pausedMs ?? now - record.startedAt), 0);
    },
  };
}
