/**
 * Findings and schema errors as check run annotations on the schema file lines. GitHub takes at
 * most 50 annotations per request; further ones are appended by later updates of the same run.
 */
import type { Finding, Severity } from '../lint/rule.js';
import type { SchemaReview } from './compute-review.js';
import type { CheckRunAnnotation } from './github-client.js';

export const ANNOTATIONS_PER_REQUEST = 50;

const LEVEL: Record<Severity, CheckRunAnnotation['annotation_level']> = { error: 'failure', warning: 'warning', info: 'notice' };

function findingAnnotation(finding: Finding, fallbackFile: string): CheckRunAnnotation {
  // A finding without a location (e.g. about a dropped object) is pinned to the top of the schema.
  const path = finding.location?.file ?? fallbackFile;
  const line = finding.location?.line ?? 1;
  return {
    path,
    start_line: line,
    end_line: line,
    annotation_level: LEVEL[finding.severity],
    title: `${finding.rule}: ${finding.object}`.slice(0, 255),
    message: `${finding.message}\nFix: ${finding.fix}`.slice(0, 64_000),
    raw_details: finding.docs,
  };
}

/** The fallback path of a folder schema has no line to point at, so such findings are left out there. */
export function reviewAnnotations(review: SchemaReview): CheckRunAnnotation[] {
  const fallback = review.schemaPath.toLowerCase().endsWith('.sql') ? review.schemaPath : null;
  const out: CheckRunAnnotation[] = [];
  for (const problem of review.problems) {
    const file = problem.location?.file ?? fallback ?? review.configPath;
    const line = problem.location?.line ?? 1;
    out.push({ path: file, start_line: line, end_line: line, annotation_level: 'failure', title: 'schema does not load', message: problem.message.slice(0, 64_000) });
  }
  for (const finding of review.findings) {
    if (!finding.location && !fallback) continue;
    out.push(findingAnnotation(finding, fallback ?? review.schemaPath));
  }
  return out;
}
