import { z } from 'zod';
import { BadInputError } from '../../errors.js';

export const ACTION_MODES = ['review', 'rollout', 'preflight', 'status'] as const;
export type ActionMode = (typeof ACTION_MODES)[number];

export interface ActionInputs {
  readonly mode: ActionMode;
  readonly config: string;
  readonly githubToken: string;
  readonly devUrl: string | null;
  readonly dryRun: boolean;
  /** Globs, `!` negates (see tenantFilter). */
  readonly tenants: readonly string[];
  readonly batchSize: number | null;
  readonly concurrency: number | null;
  /** This job's place in a matrix: index is 1-based. */
  readonly worker: { readonly index: number; readonly count: number } | null;
  readonly checkName: string;
  /** Base URL of the rule pages; null: the Action's own repository and ref (see actionDocsUrl). */
  readonly docsUrl: string | null;
}

// Action inputs are always strings ('' when unset); each field says what it expects in the user's terms.
const optional = (raw: string): string | undefined => (raw.trim() === '' ? undefined : raw.trim());

const positiveInt = z.string().transform((raw, ctx): number | null => {
  const value = optional(raw);
  if (value === undefined) return null;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    ctx.addIssue({ code: 'custom', message: `expected a whole number, 1 or more, got ${JSON.stringify(value.slice(0, 40))}` });
    return z.NEVER;
  }
  return Number(value);
});

const inputsSchema = z.object({
  mode: z.string().transform((raw, ctx): ActionMode => {
    const value = optional(raw) ?? 'review';
    if (!(ACTION_MODES as readonly string[]).includes(value)) {
      ctx.addIssue({ code: 'custom', message: `expected one of ${ACTION_MODES.join(', ')}, got ${JSON.stringify(value.slice(0, 40))}` });
      return z.NEVER;
    }
    return value as ActionMode;
  }),
  config: z.string().transform((raw) => optional(raw) ?? 'schemafleet.yml'),
  'github-token': z.string(),
  'dev-url': z.string().transform((raw, ctx): string | null => {
    const value = optional(raw);
    if (value === undefined) return null;
    // Never echo the value: it holds a password.
    if (!/^postgres(?:ql)?:\/\//i.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'expected a postgres:// URL' });
      return z.NEVER;
    }
    return value;
  }),
  // The YAML 1.2 core booleans, as core.getBooleanInput reads them.
  'dry-run': z.string().transform((raw, ctx): boolean => {
    const value = optional(raw) ?? 'false';
    if (['true', 'True', 'TRUE'].includes(value)) return true;
    if (['false', 'False', 'FALSE'].includes(value)) return false;
    ctx.addIssue({ code: 'custom', message: `expected true or false, got ${JSON.stringify(value.slice(0, 40))}` });
    return z.NEVER;
  }),
  tenants: z.string().transform((raw) =>
    raw
      .split(/[\n,]/)
      .map((glob) => glob.trim())
      .filter((glob) => glob !== ''),
  ),
  'batch-size': positiveInt,
  concurrency: positiveInt,
  worker: z.string().transform((raw, ctx) => {
    const value = optional(raw);
    if (value === undefined) return null;
    const match = /^(\d+)\s*\/\s*(\d+)$/.exec(value);
    const index = Number(match?.[1]);
    const count = Number(match?.[2]);
    if (!match || count < 1 || index < 1 || index > count) {
      ctx.addIssue({ code: 'custom', message: `expected i/n with 1 ≤ i ≤ n, like 2/4 (from a matrix), got ${JSON.stringify(value.slice(0, 40))}` });
      return z.NEVER;
    }
    return { index, count };
  }),
  'check-name': z.string().transform((raw) => optional(raw) ?? 'schemafleet rollout'),
  'docs-url': z.string().transform((raw, ctx): string | null => {
    const value = optional(raw);
    if (value === undefined) return null;
    if (!/^https?:\/\/\S+$/i.test(value)) {
      ctx.addIssue({ code: 'custom', message: `expected an http(s) URL, got ${JSON.stringify(value.slice(0, 40))}` });
      return z.NEVER;
    }
    return value;
  }),
});

export const INPUT_NAMES = Object.keys(inputsSchema.shape) as (keyof typeof inputsSchema.shape)[];

/** Reads and checks every input at once; one BadInputError names each bad input. */
export function parseActionInputs(getInput: (name: string) => string): ActionInputs {
  const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, getInput(name)]));
  const parsed = inputsSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `input ${String(issue.path[0])}: ${issue.message}`);
    throw new BadInputError(lines.join('\n'), 'see action.yml (or docs/github.md) for what each input accepts');
  }
  const input = parsed.data;
  return {
    mode: input.mode,
    config: input.config,
    githubToken: input['github-token'],
    devUrl: input['dev-url'],
    dryRun: input['dry-run'],
    tenants: input.tenants,
    batchSize: input['batch-size'],
    concurrency: input.concurrency,
    worker: input.worker,
    checkName: input['check-name'],
    docsUrl: input['docs-url'],
  };
}
