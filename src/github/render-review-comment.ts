/**
 * The GitHub adapter's side of the review comment: a SchemaReview seen as the renderer's view (its
 * changes summarised by object kind), rendered by src/report/review. Re-exports the renderer's
 * names so callers keep one import.
 */
import { renderReviewMarkdown } from '../report/review/review-comment.js';
import { reviewVerdict as verdictOf } from '../report/review/review-verdict.js';
import type { RenderReviewOptions, ReviewView } from '../report/review/review-view.js';
import { summarizeChanges } from '../report/review/change-summary.js';
import type { SchemaReview } from './compute-review.js';

export { reviewMarker } from '../report/review/review-comment.js';
export type { DriftGroup, DriftSummary, RenderReviewOptions } from '../report/review/review-view.js';

function reviewView(review: SchemaReview): ReviewView {
  return { ...review, changeCount: review.changes.length, changeKinds: summarizeChanges(review.changes) };
}

export function reviewVerdict(review: SchemaReview): string {
  return verdictOf(reviewView(review));
}

export function renderReviewComment(review: SchemaReview, options: RenderReviewOptions = {}): string {
  return renderReviewMarkdown(reviewView(review), options);
}
