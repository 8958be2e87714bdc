import type { Finding, Severity } from './rule.js';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Plain code-unit comparison: the same findings print in the same order on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function orderFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || compare(a.rule, b.rule) || compare(a.object, b.object) || compare(a.message, b.message));
}
