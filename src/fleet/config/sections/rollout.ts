import { z } from 'zod';
import { MAX_PARALLEL_WORKERS } from '../../../db/server-limits.js';
import { bool, duration, int, ratio, refineUniqueNames } from './fields.js';
import { ROLLOUT_DEFAULTS, type RolloutConfig } from './rollout-config.js';
import { adaptiveConcurrencySchema, canarySchema, failureBudgetSchema, waveSchema } from './rollout-fields.js';

// The `rollout:` section of schemafleet.yml: every default comes from ROLLOUT_DEFAULTS.

export const rolloutSchema = z
  .object({
    batchSize: int(1).default(ROLLOUT_DEFAULTS.batchSize),
    concurrency: int(1).default(ROLLOUT_DEFAULTS.concurrency),
    perClusterConcurrency: int(1).optional(),
    canary: canarySchema.default(ROLLOUT_DEFAULTS.canary),
    waves: z.array(waveSchema, { error: () => 'expected a list of { name, match } waves' }).default(() => [...ROLLOUT_DEFAULTS.waves]),
    failureBudget: failureBudgetSchema.default(ROLLOUT_DEFAULTS.failureBudget),
    lockTimeout: duration().default(ROLLOUT_DEFAULTS.lockTimeoutMs),
    statementTimeout: duration().default(ROLLOUT_DEFAULTS.statementTimeoutMs),
    retries: int(0).default(ROLLOUT_DEFAULTS.retries),
    verify: z.enum(['every', 'proven'], { error: () => 'expected "every" or "proven"' }).default(ROLLOUT_DEFAULTS.verify),
    niceRatio: ratio(100).default(ROLLOUT_DEFAULTS.niceRatio),
    parallelWorkers: int(0, MAX_PARALLEL_WORKERS).default(ROLLOUT_DEFAULTS.parallelWorkers),
    adaptiveConcurrency: adaptiveConcurrencySchema.default(ROLLOUT_DEFAULTS.adaptiveConcurrency),
    allowDestructive: bool().default(ROLLOUT_DEFAULTS.allowDestructive),
    allowLintErrors: bool().default(ROLLOUT_DEFAULTS.allowLintErrors),
  })
  .strict()
  .superRefine((rollout, ctx) => refineUniqueNames(ctx, 'waves', 'wave', rollout.waves))
  .transform((rollout): RolloutConfig => ({
    batchSize: rollout.batchSize,
    concurrency: rollout.concurrency,
    perClusterConcurrency: rollout.perClusterConcurrency ?? rollout.concurrency,
    canary: rollout.canary,
    waves: rollout.waves,
    failureBudget: rollout.failureBudget,
    lockTimeoutMs: rollout.lockTimeout,
    statementTimeoutMs: rollout.statementTimeout,
    retries: rollout.retries,
    verify: rollout.verify,
    niceRatio: rollout.niceRatio,
    parallelWorkers: rollout.parallelWorkers,
    adaptiveConcurrency: rollout.adaptiveConcurrency,
    allowDestructive: rollout.allowDestructive,
    allowLintErrors: rollout.allowLintErrors,
  }));
