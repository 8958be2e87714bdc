import type { PlanStep } from '../plan/step.js';
import type { StepError } from './apply-types.js';
import { recordedSqlstate } from './connection-loss.js';

/** How one try of a unit failed. */
export interface UnitFailure {
  readonly error: StepError;
  /** A leftover could not be removed: trying again would only trip over it. */
  readonly retryBlocked: boolean;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function stepError(error: unknown, stepIndex: number, step: PlanStep): StepError {
  const pgError = error as { detail?: unknown; hint?: unknown } | null;
  const sqlstate = recordedSqlstate(error);
  return {
    message: messageOf(error),
    ...(sqlstate ? { sqlstate } : {}),
    ...(typeof pgError?.detail === 'string' ? { detail: pgError.detail } : {}),
    ...(typeof pgError?.hint === 'string' ? { hint: pgError.hint } : {}),
    stepIndex,
    sql: step.sql,
  };
}
