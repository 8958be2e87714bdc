/**
 * The slice of the Checks API the rollout reporter speaks. Field names are GitHub's, so the Action
 * (or the app) forwards an update as the body of `PATCH /repos/{owner}/{repo}/check-runs/{id}`.
 */
export type CheckRunConclusion = 'success' | 'failure' | 'cancelled' | 'neutral';

export interface CheckRunAnnotation {
  /** Repository-relative path. */
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: 'notice' | 'warning' | 'failure';
  readonly title?: string;
  readonly message: string;
}

/** A button on the check run; a click sends `check_run.requested_action` with this identifier. */
export interface CheckRunAction {
  readonly label: string;
  readonly description: string;
  readonly identifier: 'pause' | 'resume' | 'abort';
}

export interface CheckRunOutput {
  readonly title: string;
  readonly summary: string;
  readonly text?: string;
  readonly annotations?: readonly CheckRunAnnotation[];
}

export interface CheckRunUpdate {
  readonly status?: 'in_progress' | 'completed';
  readonly conclusion?: CheckRunConclusion;
  /** ISO 8601. */
  readonly completed_at?: string;
  readonly external_id?: string;
  readonly actions?: readonly CheckRunAction[];
  readonly output: CheckRunOutput;
}

/** GitHub's limits (REST docs): more than these is a 422. */
export const CHECK_RUN_LIMITS = {
  outputChars: 65_535,
  annotationsPerRequest: 50,
  actions: 3,
  actionLabelChars: 20,
  actionDescriptionChars: 40,
  titleChars: 255,
} as const;
