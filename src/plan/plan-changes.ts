import { planGrantPrivileges, planRevokePrivileges } from './plan-privileges.js';
import type { SchemaChange } from '../diff/schema-change.js';
import type { SchemaModel } from '../schema/model.js';
import { fingerprintModel } from '../schema/fingerprint-model.js';
import type { Plan, PlanStep } from './step.js';
import { buildPlanContext, type PlanContext, type PlanOptions, type StepDraft } from './plan-context.js';
import { CATALOG_STEP_TIMEOUT_MS } from './plan-constants.js';
import { planAddColumn, planAlterColumn, planDropColumn, planSetNotNull } from './plan-columns.js';
import { planSetComment } from './plan-comments.js';
import { planAddConstraint, planDropConstraint, planReplaceConstraint, planRenameConstraint, planValidateConstraint } from './plan-constraints.js';
import { planAddIndex, planDropIndex, planRebuildIndex } from './plan-indexes.js';
import { planAddRoutine, planDropRoutine, planReplaceRoutine } from './plan-routines.js';
import { planAddTable, planAlterTable, planAttachPartition, planDetachPartition, planDropTable, planReplicaIdentity, planRowLevelSecurity, planSetInheritance } from './plan-tables.js';
import { planAddPolicy, planAddTrigger, planAlterPolicy, planAlterTrigger, planDropPolicy, planDropTrigger } from './plan-triggers-policies.js';
import {
  planAddCompositeType,
  planAddDomain,
  planAddEnum,
  planAddEnumValues,
  planAddCollation,
  planDropCollation,
  planAddExtension,
  planAddSchema,
  planDropSchema,
  planAddSequence,
  planAlterCompositeType,
  planAlterDomain,
  planAlterExtension,
  planAlterSequence,
  planDropCompositeType,
  planDropDomain,
  planDropEnum,
  planDropExtension,
  planDropSequence,
  planRecreateEnum,
} from './plan-types.js';
import { planAddMaterializedView, planAddView, planDropMaterializedView, planDropView, planReplaceView } from './plan-views.js';

export type { PlanOptions } from './plan-context.js';

function stepsFor(ctx: PlanContext, change: SchemaChange): StepDraft[] {
  switch (change.kind) {
    case 'add-extension':
      return planAddExtension(ctx, change);
    case 'add-collation':
      return planAddCollation(ctx, change);
    case 'grant-privileges':
      return planGrantPrivileges(ctx, change);
    case 'revoke-privileges':
      return planRevokePrivileges(ctx, change);
    case 'drop-collation':
      return planDropCollation(ctx, change);
    case 'drop-extension':
      return planDropExtension(ctx, change);
    case 'alter-extension':
      return planAlterExtension(ctx, change);
    case 'add-enum':
      return planAddEnum(ctx, change);
    case 'drop-enum':
      return planDropEnum(ctx, change);
    case 'add-enum-values':
      return planAddEnumValues(ctx, change);
    case 'recreate-enum':
      return planRecreateEnum(ctx, change);
    case 'add-domain':
      return planAddDomain(ctx, change);
    case 'drop-domain':
      return planDropDomain(ctx, change);
    case 'alter-domain':
      return planAlterDomain(ctx, change);
    case 'add-composite-type':
      return planAddCompositeType(ctx, change);
    case 'drop-composite-type':
      return planDropCompositeType(ctx, change);
    case 'alter-composite-type':
      return planAlterCompositeType(ctx, change);
    case 'add-sequence':
      return planAddSequence(ctx, change);
    case 'drop-sequence':
      return planDropSequence(ctx, change);
    case 'alter-sequence':
      return planAlterSequence(ctx, change);
    case 'add-table':
      return planAddTable(ctx, change);
    case 'drop-table':
      return planDropTable(ctx, change);
    case 'alter-table':
      return planAlterTable(ctx, change);
    case 'set-row-level-security':
      return planRowLevelSecurity(ctx, change);
    case 'set-replica-identity':
      return planReplicaIdentity(ctx, change);
    case 'set-inheritance':
      return planSetInheritance(ctx, change);
    case 'attach-partition':
      return planAttachPartition(ctx, change);
    case 'detach-partition':
      return planDetachPartition(ctx, change);
    case 'add-column':
      return planAddColumn(ctx, change);
    case 'drop-column':
      return planDropColumn(ctx, change);
    case 'alter-column':
      return planAlterColumn(ctx, change);
    case 'set-not-null':
      return planSetNotNull(ctx, change);
    case 'add-constraint':
      return planAddConstraint(ctx, change);
    case 'drop-constraint':
      return planDropConstraint(ctx, change);
    case 'replace-constraint':
      return planReplaceConstraint(ctx, change);
    case 'rename-constraint':
      return planRenameConstraint(ctx, change);
    case 'validate-constraint':
      return planValidateConstraint(ctx, change);
    case 'add-index':
      return planAddIndex(ctx, change);
    case 'drop-index':
      return planDropIndex(ctx, change);
    case 'rebuild-index':
      return planRebuildIndex(ctx, change);
    case 'add-trigger':
      return planAddTrigger(ctx, change);
    case 'drop-trigger':
      return planDropTrigger(ctx, change);
    case 'alter-trigger':
      return planAlterTrigger(ctx, change);
    case 'add-policy':
      return planAddPolicy(ctx, change);
    case 'drop-policy':
      return planDropPolicy(ctx, change);
    case 'alter-policy':
      return planAlterPolicy(ctx, change);
    case 'add-view':
      return planAddView(ctx, change);
    case 'drop-view':
      return planDropView(ctx, change);
    case 'replace-view':
      return planReplaceView(ctx, change);
    case 'add-materialized-view':
      return planAddMaterializedView(ctx, change);
    case 'drop-materialized-view':
      return planDropMaterializedView(ctx, change);
    case 'add-routine':
      return planAddRoutine(ctx, change);
    case 'drop-routine':
      return planDropRoutine(ctx, change);
    case 'replace-routine':
      return planReplaceRoutine(ctx, change);
    case 'set-comment':
      return planSetComment(ctx, change);
    case 'add-schema':
      return planAddSchema(ctx, change);
    case 'drop-schema':
      return planDropSchema(ctx, change);
  }
}

interface Drafted {
  readonly change: SchemaChange;
  readonly draft: StepDraft;
  readonly key: string | null;
}

/**
 * Steps of one cluster (or one change's group) that sit next to each other commit together.
 * Non-transactional steps, validation scans and ADD VALUE never join a group: they break it in two.
 */
function numberGroups(drafted: readonly Drafted[]): (number | null)[] {
  const groups: (number | null)[] = drafted.map(() => null);
  let next = 1;
  for (let i = 0; i < drafted.length;) {
    const key = drafted[i]?.key ?? null;
    let j = i + 1;
    while (key !== null && j < drafted.length && drafted[j]?.key === key) j++;
    if (key !== null && j - i >= 2) {
      for (let k = i; k < j; k++) groups[k] = next;
      next++;
    }
    i = j;
  }
  return groups;
}

export function planChanges(current: SchemaModel, desired: SchemaModel, changes: readonly SchemaChange[], options: PlanOptions = {}): Plan {
  const ctx = buildPlanContext(current, desired, changes, options);
  return { schema: current.schema, steps: planSteps(changes, () => ctx), currentFingerprint: fingerprintModel(current), desiredFingerprint: fingerprintModel(desired) };
}

/**
 * The steps of ordered changes, each planned in its context (a plan of several schemas has one per
 * schema). A change made in a schema of a set (change.schema) gives steps that run there.
 */
export function planSteps(changes: readonly SchemaChange[], contextOf: (change: SchemaChange) => PlanContext): PlanStep[] {
  const drafted: Drafted[] = [];
  for (const change of changes) {
    for (const draft of stepsFor(contextOf(change), change)) {
      const groupable = draft.transactional !== false && draft.alone !== true;
      const key = !groupable ? null : change.cluster !== undefined ? `cluster:${change.cluster}` : (draft.groupKey ?? null);
      drafted.push({ change, draft, key });
    }
  }
  const groups = numberGroups(drafted);
  return drafted.map(({ change, draft }, i) => {
    const onNewObject = draft.onNewObject ?? false;
    return {
      sql: draft.sql,
      transactional: draft.transactional ?? true,
      lock: onNewObject ? null : (draft.lock ?? null),
      table: onNewObject ? null : (draft.table ?? null),
      hazards: draft.hazards ?? [],
      group: groups[i] ?? null,
      timeoutMs: draft.timeoutMs ?? CATALOG_STEP_TIMEOUT_MS,
      changeId: draft.changeId ?? change.id,
      onNewObject,
      ...(change.schema !== undefined ? { schema: change.schema } : {}),
    };
  });
}
