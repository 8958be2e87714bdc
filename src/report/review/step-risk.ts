/**
 * How a reviewer reads a plan step at a glance: its hazards as short labels, and how long its lock
 * on an existing table lasts. The longest lock of a plan is what the verdict line names.
 */
import type { HazardKind, LockMode, PlanStep } from '../../plan/step.js';

/** Short labels, most serious first: the order they are listed on a step. */
const HAZARD_LABELS: readonly (readonly [HazardKind, string])[] = [
  ['data-loss', 'DATA LOSS'],
  ['table-rewrite', 'rewrites the table'],
  ['table-scan', 'scans the table under a blocking lock'],
  ['may-fail-on-data', 'may fail on existing data'],
  ['blocking-lock', 'blocks reads/writes'],
  ['breaks-running-code', 'breaks running code'],
  ['index-dropped', 'drops an index'],
  ['index-build', 'builds an index'],
  ['validation-scan', 'validation scan'],
  ['row-visibility', 'changes visible rows'],
  ['user-code', 'user code'],
];

/** The step's hazards as labels, most serious first; `non-transactional` is said by the step's own note. */
export function hazardLabels(step: PlanStep): string[] {
  const kinds = new Set(step.hazards.map((h) => h.kind));
  return HAZARD_LABELS.filter(([kind]) => kinds.has(kind)).map(([, label]) => label);
}

function hasHazard(step: PlanStep, kind: HazardKind): boolean {
  return step.hazards.some((h) => h.kind === kind);
}

/** How long a lock is held, from the hazards of the step that takes it. */
type LockDuration = 'rewrite' | 'scan' | 'build' | 'instant';

const DURATION_RANK: Record<LockDuration, number> = { instant: 0, build: 1, scan: 2, rewrite: 3 };

const LOCK_RANK: readonly LockMode[] = ['ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'];

function lockDuration(step: PlanStep): LockDuration {
  if (hasHazard(step, 'table-rewrite')) return 'rewrite';
  if (hasHazard(step, 'table-scan')) return 'scan';
  if (hasHazard(step, 'index-build') || hasHazard(step, 'validation-scan')) return 'build';
  return 'instant';
}

export interface LongestLock {
  readonly lock: LockMode;
  readonly table: string;
  readonly duration: LockDuration;
  /** Index into plan.steps. */
  readonly step: number;
}

/** Locks that make reads or writes wait; SHARE UPDATE EXCLUSIVE and weaker only hold off DDL. */
function blocksQueries(lock: LockMode): boolean {
  return LOCK_RANK.indexOf(lock) >= LOCK_RANK.indexOf('SHARE');
}

/** Worse first: a blocking lock held long, a blocking lock, then a non-blocking one held long. */
function severity(lock: LongestLock): number {
  return (blocksQueries(lock.lock) ? 100 : 0) + DURATION_RANK[lock.duration] * 10 + LOCK_RANK.indexOf(lock.lock);
}

/**
 * The lock a reviewer should worry about most: one that blocks queries before one that does not,
 * then held longest (rewrite, scan, build), then the strongest mode; the first such step wins.
 * Locks on objects the plan creates do not count.
 */
export function longestLock(steps: readonly PlanStep[]): LongestLock | null {
  let best: LongestLock | null = null;
  steps.forEach((step, index) => {
    if (!step.lock || !step.table || step.onNewObject) return;
    const candidate: LongestLock = { lock: step.lock, table: step.table, duration: lockDuration(step), step: index };
    if (!best || severity(candidate) > severity(best)) best = candidate;
  });
  return best;
}

const DURATION_WORDS: Record<LockDuration, string> = {
  rewrite: 'for a full rewrite',
  scan: 'for a full scan',
  build: 'for an index build or validation scan',
  instant: 'instant',
};

/** "ACCESS EXCLUSIVE on users, instant", "ACCESS EXCLUSIVE on tasks for a full rewrite". */
export function describeLock(lock: LongestLock, name: (table: string) => string): string {
  const separator = lock.duration === 'instant' ? ', ' : ' ';
  const goOn = blocksQueries(lock.lock) ? '' : ', reads and writes go on';
  return `${lock.lock} on ${name(lock.table)}${separator}${DURATION_WORDS[lock.duration]}${goOn}`;
}
