// The GitHub adapter shared by the Action (src/github/action/) and the Probot app (app.ts).
export type { GitHubClient, CheckRunAnnotation, CheckConclusion, IssueComment } from './github-client.js';
export { computeReview, type ComputeReviewOptions, type SchemaReview, type ReviewProblem } from './compute-review.js';
export { readReviewConfig, parseReviewConfig, CONFIG_CANDIDATES, type ReviewConfig } from './review-config.js';
export {
  renderReviewComment,
  reviewMarker,
  reviewVerdict,
  GITHUB_COMMENT_MAX_LENGTH,
  type RenderReviewOptions,
  type DriftSummary,
  type DriftGroup,
} from './render-review-comment.js';
export {
  upsertReviewComment,
  removeReviewComment,
  findReviewComments,
  resolveBotLogin,
  ACTIONS_BOT_LOGIN,
  type ReviewCommentTarget,
  type UpsertResult,
} from './upsert-review-comment.js';
export { reviewAnnotations, ANNOTATIONS_PER_REQUEST, chunk } from './review-annotations.js';
export { createReviewCheckRun, reviewConclusion, reviewCheckTitle, REVIEW_CHECK_NAME } from './review-check-run.js';
export { reviewPullRequest, type ReviewPullRequestOptions, type ReviewPullRequestResult } from './review-pull-request.js';
export { sampleDrift, shouldSampleTenants, withoutTenantIds, type SampleDriftOptions } from './drift-summary.js';
export {
  readTrustedReviewConfig,
  chooseReviewSandbox,
  assertRolloutRef,
  refMatches,
  mayControlRollouts,
  rolloutRepository,
  showTenantIdsIn,
  DEFAULT_REVIEW_TIME_BUDGET_MS,
  type TrustedReviewConfig,
} from './trust-boundary.js';
export { ROLLOUT_ACTIONS, recordRequestedAction, createRolloutCheckRun, isControlAction, type ControlRequestSink, type ControlOutcome } from './rollout-controls.js';
