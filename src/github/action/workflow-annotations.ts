/**
 * Review findings and schema problems as workflow-command annotations. GitHub shows at most 10
 * errors, 10 warnings and 10 notices per step and silently drops the rest, so past 10 of a level
 * the 10th says how many more there are, and those go to the job summary instead.
 */
import type { AnnotationProperties } from '@actions/core';
import type { SchemaReview } from '../compute-review.js';

/** What GitHub shows of each level per step. @internal test/github/action/review-annotations.test.ts checks the cut. */
export const ANNOTATIONS_PER_LEVEL = 10;

type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface WorkflowAnnotation {
  readonly level: AnnotationLevel;
  readonly message: string;
  readonly properties: AnnotationProperties;
}

const LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;

export function reviewWorkflowAnnotations(review: SchemaReview): WorkflowAnnotation[] {
  const out: WorkflowAnnotation[] = [];
  for (const problem of review.problems) {
    const location = problem.location;
    out.push({
      level: 'error',
      message: problem.message,
      properties: location ? { file: location.file, startLine: location.line, startColumn: location.column, title: 'schemafleet: schema does not load' } : { title: 'schemafleet' },
    });
  }
  for (const finding of review.findings) {
    out.push({
      level: LEVEL[finding.severity],
      message: `${finding.object}: ${finding.message}${finding.fix ? `\nFix: ${finding.fix}` : ''}`,
      properties: { title: `schemafleet ${finding.rule}`, ...(finding.location ? { file: finding.location.file, startLine: finding.location.line } : {}) },
    });
  }
  return out;
}

export interface AnnotationSplit {
  /** What to emit: at most 10 per level, the 10th a count of the rest when there is a rest. */
  readonly shown: readonly WorkflowAnnotation[];
  /** What GitHub would not show: for the job summary. */
  readonly overflow: readonly WorkflowAnnotation[];
}

export function splitByStepLimit(annotations: readonly WorkflowAnnotation[]): AnnotationSplit {
  const shown: WorkflowAnnotation[] = [];
  const overflow: WorkflowAnnotation[] = [];
  for (const level of ['error', 'warning', 'notice'] as const) {
    const all = annotations.filter((a) => a.level === level);
    if (all.length <= ANNOTATIONS_PER_LEVEL) {
      shown.push(...all);
      continue;
    }
    const kept = all.slice(0, ANNOTATIONS_PER_LEVEL - 1);
    const rest = all.slice(ANNOTATIONS_PER_LEVEL - 1);
    shown.push(...kept, {
      level,
      message: `${rest.length} more ${level}s are in the job summary: GitHub shows ${ANNOTATIONS_PER_LEVEL} ${level}s per step.`,
      properties: { title: `schemafleet: ${rest.length} more ${level}s` },
    });
    overflow.push(...rest);
  }
  return { shown, overflow };
}
