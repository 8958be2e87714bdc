import type { Finding } from '../../lint/rule.js';

/**
 * The documented JSON shape (`{"findings":[…]}`): scripts read rule, severity, category, object,
 * message, fix and location; docs and step are extra and may be relied on too.
 */
export function findingsToJson(findings: readonly Finding[]): Record<string, unknown>[] {
  return findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    category: f.category,
    object: f.object,
    message: f.message,
    fix: f.fix,
    location: f.location ? { file: f.location.file, line: f.location.line } : null,
    docs: f.docs,
    step: f.step,
  }));
}

export function renderLintJson(findings: readonly Finding[]): string {
  return `${JSON.stringify({ findings: findingsToJson(findings) }, null, 2)}\n`;
}
