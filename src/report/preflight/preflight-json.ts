import type { PreflightReport } from '../../fleet/preflight/preflight-report.js';

/**
 * The stable JSON shape: {tenants, groups:[{fingerprint, tenants, tenantCount, upToDate, steps,
 * findings, …}], dataProblems:[{tenantId, check, object, message, count}], unreachable, …}.
 * Keys are written in a fixed order so the same fleet gives byte-identical output.
 */
export function renderPreflightJson(report: PreflightReport): string {
  const json = {
    tenants: report.tenants,
    groups: report.groups.map((g) => ({
      fingerprint: g.fingerprint,
      tenants: g.tenants,
      tenantCount: g.tenantCount,
      upToDate: g.upToDate,
      largest: g.largest,
      drift: g.drift,
      changes: g.changes,
      steps: g.steps,
      findings: g.findings,
      refusal: g.refusal,
      checks: g.checks,
      notes: g.notes,
    })),
    dataProblems: report.dataProblems.map((p) => ({ tenantId: p.tenantId, check: p.check, object: p.object, message: p.message, count: p.count })),
    unreachable: report.unreachable.map((u) => ({ tenantId: u.tenantId, message: u.message })),
    skippedChecks: report.skippedChecks.map((s) => ({ tenantId: s.tenantId, check: s.check, object: s.object, reason: s.reason })),
    verdict: { ok: report.verdict.ok, failingTenants: report.verdict.failingTenants, summary: report.verdict.summary },
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
