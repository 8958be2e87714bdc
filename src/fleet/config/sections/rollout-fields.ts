import { z } from 'zod';
import { describe, duration, expected, fail, labelValue, text } from './fields.js';
import { ADAPTIVE_DEFAULTS, type AdaptiveConcurrencyConfig, type CanaryConfig, type FailureBudget, type WaveConfig } from './rollout-config.js';

// The rollout keys that are more than a number: canaries, the failure budget, waves and adaptive
// concurrency.

export const canarySchema = z.unknown().transform((input, ctx): CanaryConfig => {
  if (typeof input === 'number' && Number.isInteger(input) && input >= 0) return { kind: 'count', count: input };
  if (Array.isArray(input)) {
    const ids: string[] = [];
    input.forEach((id, index) => {
      if (typeof id !== 'string' || id === '') fail(ctx, `expected a tenant id, got ${describe(id)}`, [index]);
      else if (ids.includes(id)) fail(ctx, `tenant ${JSON.stringify(id)} is listed twice`, [index]);
      else ids.push(id);
    });
    return { kind: 'ids', ids };
  }
  return expected(ctx, 'a number of tenants, or a list of tenant ids', input);
});

export const failureBudgetSchema = z.unknown().transform((input, ctx): FailureBudget => {
  if (typeof input === 'number' && Number.isInteger(input) && input >= 0) return { kind: 'count', count: input };
  if (typeof input === 'string') {
    const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(input);
    if (percent?.[1] && Number(percent[1]) <= 100) return { kind: 'percent', percent: Number(percent[1]) };
    // Only a percent's digits are shown: other text may be a misplaced secret (see describe).
    if (percent?.[1]) return fail(ctx, `expected a percent from 0% to 100%, got ${Number(percent[1])}%`);
    if (/^\s*\d+\s*$/.test(input)) return { kind: 'count', count: Number(input) };
  }
  return expected(ctx, 'a number of tenants like 5, or a percent like "2%"', input);
});

export const waveSchema = z
  .object({
    name: text('a wave name'),
    match: z.record(z.string(), z.unknown(), { error: () => 'expected a mapping of label: value or [values]' }).transform((match, ctx): WaveConfig['match'] => {
      const out: Record<string, string[]> = {};
      for (const [label, raw] of Object.entries(match)) {
        const values = (Array.isArray(raw) ? raw : [raw]).map(labelValue);
        if (values.length === 0 || values.some((value) => value === null)) fail(ctx, 'expected a label value or a list of values', [label]);
        else out[label] = values as string[];
      }
      if (Object.keys(match).length === 0) fail(ctx, 'expected at least one label: value');
      return out;
    }),
  })
  .strict();

const adaptiveSettingsSchema = z
  .object({
    maxSlowdown: z
      .unknown()
      .transform((input, ctx): number => (typeof input === 'number' && Number.isFinite(input) && input > 1 && input <= 100 ? input : expected(ctx, 'a number more than 1 and at most 100', input)))
      .default(ADAPTIVE_DEFAULTS.maxSlowdown),
    every: duration()
      // Faster readings would be a load of their own; slower ones react after the harm is done.
      .refine((ms) => ms >= 10 && ms <= 10_000, { error: 'expected a duration from 10ms to 10s' })
      .default(ADAPTIVE_DEFAULTS.everyMs),
  })
  .strict();

/** `true` (the defaults), `false`, or the settings; each problem inside is reported at its own key. */
export const adaptiveConcurrencySchema = z.unknown().transform((input, ctx): AdaptiveConcurrencyConfig | null => {
  if (input === false) return null;
  if (input === true) return ADAPTIVE_DEFAULTS;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return expected(ctx, 'true, false or { maxSlowdown, every }', input);
  const parsed = adaptiveSettingsSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, input: undefined } as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER as never;
  }
  return { maxSlowdown: parsed.data.maxSlowdown, everyMs: parsed.data.every };
});
