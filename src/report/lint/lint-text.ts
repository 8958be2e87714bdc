import type { Finding, Severity } from '../../lint/rule.js';
import { plural } from '../../util/plural.js';

const HEADINGS: Record<Severity, string> = { error: 'errors', warning: 'warnings', info: 'info' };

function count(findings: readonly Finding[], severity: Severity): number {
  return findings.filter((f) => f.severity === severity).length;
}

/** `3 errors, 1 warning, 0 info`: the line a CI log is skimmed for. */
export function lintSummary(findings: readonly Finding[]): string {
  const e = count(findings, 'error');
  const w = count(findings, 'warning');
  return `${plural(e, 'error')}, ${plural(w, 'warning')}, ${count(findings, 'info')} info`;
}

/** For a terminal: findings grouped by severity, each with what to do and where to read more. */
export function renderLintText(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'lint: no findings\n';
  const out: string[] = [];
  for (const severity of ['error', 'warning', 'info'] as const) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push(`${HEADINGS[severity]} (${group.length}):`);
    for (const f of group) {
      const where = f.location ? `  ${f.location.file}:${f.location.line}` : '';
      out.push(`  ${severity} [${f.rule}] ${f.object}${where}`);
      out.push(`    ${f.message}`);
      out.push(`    fix: ${f.fix}`);
      out.push(`    docs: ${f.docs}`);
    }
    out.push('');
  }
  out.push(`lint: ${lintSummary(findings)}`);
  return `${out.join('\n')}\n`;
}
