import type { Routine } from '../../schema/model.js';
import type { LintRule, RuleViolation } from '../rule.js';

const signature = (r: Routine) => `${r.name}(${r.arguments})${r.returns !== null ? ` RETURNS ${r.returns}` : ''}`;

/** A routine's arguments or result change: callers written for the old signature break. */
export const routineSignatureChanged: LintRule = {
  id: 'routine-signature-changed',
  category: 'breaks-running-code',
  defaultSeverity: 'warning',
  why: "Changing a routine's argument types, names, defaults or result type replaces it: callers written for the old signature fail or get a different result shape.",
  fix: 'Expand/contract: add the new signature next to the old one (a new overload or a new name), move callers over, and drop the old signature in a later release.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const change of context.changes) {
      if (change.kind !== 'drop-routine') continue;
      const from = change.routine;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      const object = `${from.name}(${from.identityArguments})`;
      if (change.replaced) {
        const to = context.desired.routines.find((r) => r.name === from.name && r.identityArguments === from.identityArguments);
        if (!to) continue;
        const what: string[] = [];
        if (from.kind !== to.kind) what.push(`becomes a ${to.kind}`);
        if (from.returns !== to.returns) what.push(`its result changes from ${from.returns ?? 'none'} to ${to.returns ?? 'none'}`);
        if (from.arguments !== to.arguments) what.push(`its argument names or defaults change (${from.arguments} → ${to.arguments})`);
        if (what.length === 0) continue;
        out.push({
          object,
          message: `${from.kind === 'procedure' ? 'Procedure' : 'Function'} ${object} is dropped and re-created because ${what.join(' and ')}: callers relying on the old ${from.returns !== to.returns ? 'result type' : 'signature'} break.`,
          step: step >= 0 ? step : undefined,
        });
        continue;
      }
      // Dropped while a routine of the same name and kind with other argument types is added: a changed signature.
      const next = context.desired.routines.filter(
        (r) => r.name === from.name && r.kind === from.kind && !context.current.routines.some((c) => c.name === r.name && c.identityArguments === r.identityArguments),
      );
      if (next.length === 0) continue;
      out.push({
        object,
        message: `${signature(from)} is replaced by ${next.map(signature).join(', ')}: once the old one is dropped, calls whose arguments don't convert implicitly to the new types, and anything naming ${object} (GRANT, COMMENT, ALTER), fail with "does not exist".`,
        step: step >= 0 ? step : undefined,
      });
    }
    return out;
  },
};
