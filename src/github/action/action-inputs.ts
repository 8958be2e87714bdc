import { z } from 'zod';
import { BadInputError } from '../../errors.js';

const ACTION_MODES = ['review', 'rollout', 'preflight', 'status'] as const;
type ActionMode = (typeof ACTION_MODES)[number];

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
  /** dev-url is private to this job (a service container): fork pull requests may load their SQL on it. */
  readonly devUrlForForks: boolean;
  /** One budget for every statement a review loads. */
  readonly reviewTimeBudgetMs: number;
  /** Refs besides the default branch that mode rollout runs on (see assertRolloutRef). */
  readonly allowedRefs: readonly string[];
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

// The YAML 1.2 core booleans, as core.getBooleanInput reads them.
const booleanInput = (fallback: 'true' | 'false') =>
  z.string().transform((raw, ctx): boolean => {
    const value = optional(raw) ?? fallback;
    if (['true', 'True', 'TRUE'].includes(value)) return true;
    if (['false', 'False', 'FALSE'].includes(value)) return false;
    ctx.addIssue({ code: 'custom', message: `expected true or false, got ${JSON.stringify(value.slice(0, 40))}` });
    return z.NEVER;
  });

const listInput = z.string().transform((raw) =>
  raw
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== ''),
);

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
  'dry-run': booleanInput('false'),
  tenants: listInput,
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
  'dev-url-for-forks': booleanInput('false'),
  'review-time-budget': z.string().transform((raw, ctx): number => {
    const value = optional(raw) ?? '60';
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 3600) {
      ctx.addIssue({ code: 'custom', message: `expected whole seconds from 1 to 3600, got ${JSON.stringify(value.slice(0, 40))}` });
      return z.NEVER;
    }
    return Number(value) * 1000;
  }),
  'allowed-refs': listInput,
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

/** @internal test/github/action/action-inputs.test.ts checks action.yml declares exactly these. */
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
    devUrlForForks: input['dev-url-for-forks'],
    reviewTimeBudgetMs: input['review-time-budget'],
    allowedRefs: input['allowed-refs'],
    docsUrl: input['docs-url'],
  };
}
