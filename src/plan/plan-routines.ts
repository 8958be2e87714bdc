import type { Routine } from '../schema/model.js';
import type { ChangeOf } from '../diff/schema-change.js';
import type { PlanContext, StepDraft } from './plan-context.js';
import { hazard } from './plan-constants.js';
import { qi } from './sql-fragments.js';

function routineRef(r: Routine): string {
  return `${r.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${qi(r.name)}(${r.identityArguments})`;
}

/** The model's definition is a complete CREATE OR REPLACE statement already. */
function definitionSql(r: Routine): string {
  return r.definition.trim().replace(/;\s*$/, '');
}

export function planAddRoutine(ctx: PlanContext, change: ChangeOf<'add-routine'>): StepDraft[] {
  const replacing = ctx.current.routines.some((r) => r.name === change.routine.name && r.identityArguments === change.routine.identityArguments);
  return [{ sql: definitionSql(change.routine), onNewObject: !replacing, hazards: replacing ? [hazard('user-code', `Re-creates ${routineRef(change.routine)}.`)] : [] }];
}

export function planReplaceRoutine(_ctx: PlanContext, change: ChangeOf<'replace-routine'>): StepDraft[] {
  return [{ sql: definitionSql(change.to), hazards: [hazard('user-code', `Replaces the body of ${routineRef(change.to)}: callers see the new behaviour at once.`)] }];
}

export function planDropRoutine(_ctx: PlanContext, change: ChangeOf<'drop-routine'>): StepDraft[] {
  const r = change.routine;
  return [
    {
      sql: `DROP ${routineRef(r)}`,
      hazards: [
        hazard('breaks-running-code', change.replaced ? `${routineRef(r)} changes its signature or result type: dropped and re-created.` : `Callers of ${routineRef(r)} fail once it is dropped.`),
      ],
    },
  ];
}
