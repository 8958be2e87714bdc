import type { LintRule, RuleViolation } from '../rule.js';

/**
 * Row level security with no permissive policy denies every row to every role but the owner (and
 * superusers / BYPASSRLS roles). Fires when the plan gets an existing table there: RLS enabled
 * without a policy, or the last permissive policy dropped while RLS stays on.
 */
export const rlsEnabledWithoutPolicy: LintRule = {
  id: 'rls-enabled-without-policy',
  category: 'breaks-running-code',
  defaultSeverity: 'error',
  why: 'With row level security enabled and no permissive policy, every role other than the table owner sees no rows and can write none: the application is locked out.',
  fix: 'Create the policies (CREATE POLICY … USING (…)) in the same change as ENABLE ROW LEVEL SECURITY, or drop the last policy only together with DISABLE ROW LEVEL SECURITY.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const to of context.desired.tables) {
      if (context.createdTables.has(to.name) || !to.rowLevelSecurity) continue;
      const from = context.current.tables.find((t) => t.name === to.name);
      if (!from || to.policies.some((p) => p.permissive)) continue;
      const newlyEnabled = !from.rowLevelSecurity;
      const hadPolicies = from.rowLevelSecurity && from.policies.some((p) => p.permissive);
      if (!newlyEnabled && !hadPolicies) continue;
      const steps = context.plan.steps;
      const step = steps.findIndex((s) => (newlyEnabled ? s.changeId === `set-row-level-security:${to.name}` : s.changeId.startsWith(`drop-policy:${to.name}.`)));
      const restrictive = to.policies.length > 0 ? ` (only restrictive policies remain: ${to.policies.map((p) => p.name).join(', ')}, which can't grant access on their own)` : '';
      out.push({
        object: to.name,
        message: newlyEnabled
          ? `Row level security is enabled on ${to.name} with no permissive policy${restrictive}: every role except the owner of ${to.name} sees no rows and can't write any.`
          : `The last permissive policy on ${to.name} (${from.policies
              .filter((p) => p.permissive)
              .map((p) => p.name)
              .join(', ')}) is dropped while row level security stays enabled${restrictive}: every role except the owner of ${to.name} sees no rows and can't write any.`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
