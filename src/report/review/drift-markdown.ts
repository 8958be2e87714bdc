/**
 * Tenant drift in a PR comment: one line per group of sampled tenants that share a live state,
 * saying how its plan differs from the reviewed one ("also DROP INDEX extra_users_email_idx"), so
 * a reviewer sees what the rollout will do beyond the diff on screen, and where.
 */
import { codeText, escapeText } from '../markdown.js';
import { plural } from '../../util/plural.js';
import type { DriftGroup, DriftSummary } from './review-view.js';

function who(group: DriftGroup): string {
  const count = plural(group.tenantCount, 'tenant');
  if (group.exampleTenants.length === 0) return count;
  const more = group.tenantCount > group.exampleTenants.length ? ', …' : '';
  return `${count} (${group.exampleTenants.map(codeText).join(', ')}${more})`;
}

function difference(group: DriftGroup): string {
  if (group.steps === 0) return 'already up to date';
  const extra = group.extraStepCount ?? 0;
  const missing = group.missingStepCount ?? 0;
  if (group.extraSteps === undefined) return plural(group.steps, 'step');
  if (extra === 0 && missing === 0) return `the plan above (${plural(group.steps, 'step')})`;
  const parts: string[] = [];
  if (extra > 0) {
    const shown = group.extraSteps.map(codeText).join('; ');
    parts.push(`also ${shown}${extra > group.extraSteps.length ? `; … ${extra - group.extraSteps.length} more` : ''}`);
  }
  if (missing > 0) parts.push(`${plural(missing, 'step')} of the plan above already done`);
  return `${plural(group.steps, 'step')}: ${parts.join(' · ')}`;
}

export function renderDrift(drift: DriftSummary | undefined): string {
  if (!drift) return '';
  const out = [`#### Tenant drift (sample of ${plural(drift.sampled, 'tenant')}, ${plural(drift.groups.length, 'live state')})`, ''];
  for (const group of drift.groups) out.push(`- ${who(group)}: ${difference(group)}`);
  for (const u of drift.unreadable) out.push(`- could not read ${codeText(u.tenant)}: ${escapeText(u.message)}`);
  if (drift.hiddenUnreadable) out.push(`- ${plural(drift.hiddenUnreadable, 'sampled tenant')} could not be read (tenant ids and errors are not shown here: \`review.showTenantIds\` is off)`);
  return out.join('\n');
}
