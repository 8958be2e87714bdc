import type { Plan, PlanStep } from '../plan/step.js';
import type { SchemaModel } from '../schema/model.js';
import { planMigration } from '../plan/plan-migration.js';
import type { PlanOptions } from '../plan/plan-context.js';
import { RefusedError } from '../errors.js';
import { applyPlan } from './apply-plan.js';
import type { ApplyOptions, ApplyResult, ApplyTarget, StepError } from './apply-types.js';
import { readLiveSchema, readLiveSchemaSet } from './read-live-schema.js';
import type { SchemaSet } from '../schema/schema-set.js';
import { planSchemaSet } from '../plan/plan-schema-set.js';
import { destructiveRefusal, verificationFailure } from './refuse-and-verify.js';

export interface ApplyAndVerifyOptions<Current = SchemaModel> extends ApplyOptions {
  /** Run steps that lose data (dropped tables, columns, …). Without it such a plan is refused. */
  readonly allowDestructive?: boolean;
  /**
   * The fingerprint of the state a reviewed plan was computed from: when the live state has moved
   * on since, what would run is no longer what was reviewed, so the apply is refused.
   */
  readonly expectedCurrentFingerprint?: string;
  readonly planOptions?: PlanOptions;
  /** Called with the plan computed from the live state, before anything runs (reporters size their output by it). */
  readonly onPlanned?: (plan: Plan, current: Current) => void;
}

export interface VerificationFailure {
  readonly message: string;
}

export interface VerifiedApplyResult extends Omit<ApplyResult, 'error'> {
  /** The plan that was computed from the live state and applied. */
  readonly plan: Plan;
  /** Why it failed: a step failed, or the database still differs after every step ran. */
  readonly reason?: 'step' | 'verification';
  readonly error?: StepError | VerificationFailure;
  /** Steps a fresh plan still wants after the apply; empty when the tenant is done. */
  readonly remaining: readonly PlanStep[];
}

/**
 * Brings one tenant to `desired`: plans from its live state, refuses what was not allowed, applies,
 * then plans again. The tenant counts as migrated only when that fresh plan is empty; anything
 * else is a failure that lists what is left, because "all statements succeeded" is not the same
 * as "the schema is right" (a concurrent change, a planner gap, an IF NOT EXISTS that kept an
 * INVALID index, …).
 */
export async function applyAndVerify(target: ApplyTarget, desired: SchemaModel, options: ApplyAndVerifyOptions = {}): Promise<VerifiedApplyResult> {
  const readOptions = { ...options, lockTimeoutMs: options.lockTimeoutMs ?? 2_000 };
  return verifiedApply(target, options, async () => {
    const current = await readLiveSchema(target.url, target.schema, readOptions);
    return { current, plan: planMigration(current, desired, options.planOptions).plan };
  });
}

/**
 * Several schemas of one database (schema-set.ts) brought to `desired` the same way: one plan over
 * all of them, applied on one connection, verified by an empty re-plan of all of them.
 */
export async function applyAndVerifySet(target: ApplyTarget, desired: SchemaSet, options: ApplyAndVerifyOptions<SchemaSet> = {}): Promise<VerifiedApplyResult> {
  const readOptions = { ...options, lockTimeoutMs: options.lockTimeoutMs ?? 2_000 };
  return verifiedApply(target, options, async () => {
    const current = await readLiveSchemaSet(target.url, desired.scope, desired.primary, readOptions);
    return { current, plan: planSchemaSet(current, desired, options.planOptions).plan };
  });
}

async function verifiedApply<Current>(
  target: ApplyTarget,
  options: ApplyAndVerifyOptions<Current>,
  planLive: () => Promise<{ readonly current: Current; readonly plan: Plan }>,
): Promise<VerifiedApplyResult> {
  const startedAt = performance.now();
  const { current, plan } = await planLive();

  if (options.expectedCurrentFingerprint !== undefined && options.expectedCurrentFingerprint !== plan.currentFingerprint) {
    throw new RefusedError(
      `the live schema "${target.schema}" changed since the plan was made (fingerprint ${plan.currentFingerprint}, expected ${options.expectedCurrentFingerprint})`,
      'plan again and review the new plan',
    );
  }
  const refusal = destructiveRefusal(plan, options.allowDestructive ?? false);
  if (refusal) throw new RefusedError(`refused: ${refusal.message}:\n${refusal.list}`, 'review them, then pass --allow-destructive (allowDestructive) to run them');

  options.onPlanned?.(plan, current);
  const applied = await applyPlan(target, plan, options);
  const elapsed = (): number => Math.round(performance.now() - startedAt);
  if (applied.status === 'failed') {
    return { ...applied, durationMs: elapsed(), plan, reason: 'step', remaining: plan.steps.slice(applied.stepsRun) };
  }

  const { plan: fresh } = await planLive();
  const failure = verificationFailure(fresh);
  if (!failure) return { ...applied, durationMs: elapsed(), plan, remaining: [] };
  return {
    ...applied,
    status: 'failed',
    durationMs: elapsed(),
    plan,
    reason: 'verification',
    error: { message: `${failure.message}:\n${failure.list}` },
    remaining: failure.remaining,
  };
}
