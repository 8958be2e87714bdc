import type { PreflightGroup } from '../../fleet/preflight/preflight-report.js';
import { plural } from '../../util/plural.js';

/** `up to date`, `largest group`, or the drift that names the group: `drift: + index notes_body_idx (+1 more)`. */
export function groupLabel(group: PreflightGroup): string {
  const state = group.upToDate ? 'up to date' : `${plural(group.steps.length, 'step')} to run`;
  if (group.largest) return `largest group, ${state}`;
  const first = group.drift[0] ?? '~ differs';
  const more = group.drift.length > 1 ? ` (+${group.drift.length - 1} more)` : '';
  return `drift: ${first}${more}; ${state}`;
}

export function tenantList(group: PreflightGroup): string {
  const hidden = group.tenantCount - group.tenants.length;
  return `${group.tenants.join(', ')}${hidden > 0 ? `${group.tenants.length > 0 ? ', ' : ''}… ${hidden} more` : ''}`;
}
