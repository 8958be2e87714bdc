/**
 * The first line of a review: safe / needs attention / blocked, the counts, and the longest lock
 * any step takes on an existing table. It is what a reviewer reads when they read nothing else.
 */
import type { Finding } from '../../lint/rule.js';
import { codeText } from '../markdown.js';
import { plural } from '../../util/plural.js';
import type { ReviewView } from './review-view.js';
import { describeLock, longestLock } from './step-risk.js';

type ReviewState = 'does-not-load' | 'blocked' | 'needs-attention' | 'safe';

function count(findings: readonly Finding[], severity: Finding['severity']): number {
  return findings.filter((f) => f.severity === severity).length;
}

function reviewState(review: ReviewView): ReviewState {
  if (review.problems.length > 0) return 'does-not-load';
  if (count(review.findings, 'error') > 0) return 'blocked';
  return count(review.findings, 'warning') > 0 ? 'needs-attention' : 'safe';
}

const HEADLINE: Record<ReviewState, string> = {
  'does-not-load': '❌ **Does not load**',
  blocked: '🛑 **Blocked**',
  'needs-attention': '⚠️ **Needs attention**',
  safe: '✅ **Safe**',
};

/** The lock part of the verdict: "longest lock: ACCESS EXCLUSIVE on <code>users</code>, instant". */
function lockSummary(review: ReviewView): string {
  const lock = review.plan ? longestLock(review.plan.steps) : null;
  if (!lock) return 'no lock on an existing table';
  return `longest lock: ${describeLock(lock, codeText)} (step ${lock.step + 1})`;
}

export function reviewVerdict(review: ReviewView): string {
  const state = reviewState(review);
  if (state === 'does-not-load') return `${HEADLINE[state]} · ${codeText(review.schemaPath)}: ${plural(review.problems.length, 'problem')} to fix before it can be reviewed`;
  const counts = `${plural(review.changeCount, 'change')}, ${plural(count(review.findings, 'error'), 'error')}, ${plural(count(review.findings, 'warning'), 'warning')}`;
  const fresh = review.baseMissing ? ' (new schema: everything is added)' : '';
  return `${HEADLINE[state]} · ${codeText(review.schemaPath)}: ${counts}${fresh} · ${lockSummary(review)}`;
}
