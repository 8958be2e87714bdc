import type { SchemaChange } from '../../diff/schema-change.js';
import type { PlanStep } from '../../plan/step.js';
import type { LintRule, RuleViolation } from '../rule.js';
import { stepsWithChanges } from './plan-facts.js';

function describe(step: PlanStep, change: SchemaChange | undefined): { object: string; what: string; onFailure: string } {
  const table = step.table ?? '';
  switch (change?.kind) {
    case 'add-index':
    case 'rebuild-index':
      if (step.hazards.some((h) => h.kind === 'index-dropped')) {
        const old = change.kind === 'rebuild-index' ? change.from.name : change.index.name;
        return { object: old, what: `DROP INDEX CONCURRENTLY of the old ${old} on ${table}`, onFailure: 'a failure can leave the old index INVALID; the next run drops it again' };
      }
      return {
        object: change.kind === 'add-index' ? change.index.name : change.to.name,
        what: `The concurrent index build on ${table}`,
        onFailure: 'a failure leaves an INVALID index, which apply drops before reporting; the next run builds it again',
      };
    case 'drop-index':
      return { object: change.index.name, what: `DROP INDEX CONCURRENTLY on ${table}`, onFailure: 'a failure can leave the index INVALID; the next run drops it again' };
    case 'add-constraint':
    case 'replace-constraint': {
      const c = change.kind === 'add-constraint' ? change.constraint : change.to;
      return {
        object: `${change.table}.${c.name}`,
        what: `The concurrent build of the unique index for ${c.name} on ${change.table}`,
        onFailure: 'a failure leaves an INVALID index, which apply drops before reporting; the constraint is attached only after the build succeeds',
      };
    }
    case 'detach-partition':
      return {
        object: change.table,
        what: `DETACH PARTITION ${change.table} CONCURRENTLY from ${change.parent}`,
        onFailure: `a failure after the first transaction leaves ${change.table} "detach pending"; finish it with ALTER TABLE ${change.parent} DETACH PARTITION ${change.table} FINALIZE`,
      };
    default:
      return { object: table || step.changeId, what: `Step ${step.changeId}`, onFailure: 'a failure leaves whatever it finished in place' };
  }
}

/** Statements that cannot run in a transaction block: earlier steps stay committed if one fails. */
export const nonTransactionalStep: LintRule = {
  id: 'non-transactional-step',
  category: 'transaction-safety',
  defaultSeverity: 'info',
  why: 'Some statements (CREATE/DROP INDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY) cannot run in a transaction: a failure is not rolled back and leaves partial state behind.',
  fix: 'Nothing to change: apply cleans up what a failed concurrent build leaves and a re-run resumes from the live state. Expect a longer step and check the apply report after failures.',
  check(context) {
    const out: RuleViolation[] = [];
    for (const { step, index, change } of stepsWithChanges(context)) {
      if (step.transactional || step.onNewObject) continue;
      const d = describe(step, change);
      out.push({ object: d.object, message: `${d.what} runs outside a transaction (step ${index + 1}): ${d.onFailure}. Steps before it stay committed.`, step: index });
    }
    return out;
  },
};
