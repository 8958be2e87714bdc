import { z } from 'zod';

/**
 * The `lint:` section of schemafleet.yml. Rule ids are checked against the registry by
 * `validateLintConfig` (unknown ids are errors that name the key path).
 */
export const lintConfigSchema = z
  .object({
    /** Per-rule severity override, or off. */
    rules: z.record(z.string(), z.enum(['off', 'error', 'warning', 'info'])).default({}),
    /** Ignores scoped to one object (`table`, `table.column`, `index`, …); a reason is required. */
    ignore: z
      .array(
        z
          .object({
            rule: z.string().min(1),
            object: z.string().min(1),
            reason: z.string().min(1, 'a reason is required'),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type LintConfig = z.infer<typeof lintConfigSchema>;
