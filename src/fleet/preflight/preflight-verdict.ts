import type { DataProblem, PreflightGroup, PreflightVerdict, UnreachableTenant } from './preflight-report.js';
import { plural } from '../../util/plural.js';

/**
 * Would the rollout fail anywhere? A tenant fails when its data breaks a step, its group's plan has
 * a lint error or would be refused, or it cannot be reached (then nothing about it is known).
 */
export function preflightVerdict(tenants: number, groups: readonly PreflightGroup[], dataProblems: readonly DataProblem[], unreachable: readonly UnreachableTenant[]): PreflightVerdict {
  const failingGroups = groups.filter((g) => g.refusal !== null || g.findings.some((f) => f.severity === 'error'));
  const byGroup = failingGroups.reduce((sum, g) => sum + g.tenantCount, 0);
  // Data problems and unreachable tenants are per tenant; groups that fail already count all of theirs.
  const others = new Set([...dataProblems.map((p) => p.tenantId), ...unreachable.map((u) => u.tenantId)]);
  const failingTenants = Math.min(tenants, byGroup + others.size);
  const ok = failingGroups.length === 0 && dataProblems.length === 0 && unreachable.length === 0;
  const states = plural(groups.length, 'live state');
  const upToDate = groups.filter((g) => g.upToDate).reduce((sum, g) => sum + g.tenantCount, 0);
  const base = `${plural(tenants, 'tenant')}, ${states}, ${upToDate} up to date`;
  if (ok) return { ok, failingTenants: 0, summary: `ok: ${base}; no tenant would fail` };
  const reasons = [
    dataProblems.length > 0 ? plural(dataProblems.length, 'data problem') : null,
    failingGroups.length > 0 ? `${plural(failingGroups.length, 'plan')} with lint errors or refused` : null,
    unreachable.length > 0 ? `${unreachable.length} unreachable` : null,
  ].filter((r): r is string => r !== null);
  return { ok, failingTenants, summary: `fail: ${base}; up to ${failingTenants} would fail (${reasons.join(', ')})` };
}
