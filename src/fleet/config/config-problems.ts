import type { z } from 'zod';

/** One thing wrong with a config file: `file: key.path[3]: message`. */
export interface ConfigProblem {
  readonly file: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

const MAX_REPORTED_PROBLEMS = 20;

const BARE_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `tenants.list[3].url`; keys that are not plain words (label names, hostile ids) are quoted. */
function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      out += BARE_KEY.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

function formatProblem(problem: ConfigProblem): string {
  const where = formatKeyPath(problem.path);
  return where ? `${problem.file}: ${where}: ${problem.message}` : `${problem.file}: ${problem.message}`;
}

/** The problems as the lines of one error message, capped so a wholly wrong file stays readable. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  const shown = problems.slice(0, MAX_REPORTED_PROBLEMS).map(formatProblem);
  if (problems.length > MAX_REPORTED_PROBLEMS) shown.push(`… and ${problems.length - MAX_REPORTED_PROBLEMS} more`);
  return shown.join('\n');
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] as number;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] as number;
      previous[j] = Math.min(above + 1, (previous[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length] as number;
}

/** The known key a typo most likely meant: same letters in another case, or a couple of edits away. */
function didYouMean(key: string, known: readonly string[]): string | null {
  const lower = key.toLowerCase();
  let best: { key: string; distance: number } | null = null;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key ?? null;
}

type AnySchema = { _zod: { def: Record<string, unknown> & { type: string } } };

/** The keys an object schema accepts at `path`, found by walking the schema itself so they never go stale. */
function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  let current = schema as AnySchema | undefined;
  for (let index = 0; index <= path.length && current; index++) {
    for (;;) {
      const def: Record<string, unknown> & { type: string } = current._zod.def;
      if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(def.type)) current = def.innerType as AnySchema;
      else if (def.type === 'pipe') current = def.in as AnySchema;
      else break;
    }
    const def = current._zod.def;
    if (index === path.length) return def.type === 'object' ? Object.keys(def.shape as object) : [];
    const segment = path[index];
    if (def.type === 'object') current = (def.shape as Record<string, AnySchema>)[String(segment)];
    else if (def.type === 'array') current = def.element as AnySchema;
    else if (def.type === 'record') current = def.valueType as AnySchema;
    else return [];
  }
  return [];
}

function noun(type: string): string {
  switch (type) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return type;
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}

/** zod's own messages, said in the file's terms (zod's built-in types only; our fields word their own). */
export const configErrorMap = (issue: z.core.$ZodRawIssue): string | undefined => {
  if (issue.code === 'invalid_type') {
    const what = noun(String(issue.expected));
    return issue.input === undefined ? `missing; expected ${what}` : `expected ${what}, got ${describe(issue.input)}`;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) return `expected one of ${(issue.values as unknown[]).map((v) => String(v)).join(', ')}`;
  return undefined;
};

/** zod issues → problems; unknown keys become one problem each, with a suggestion when one is close. */
export function problemsFromZod(file: string, error: z.ZodError, schema: unknown, basePath: readonly PropertyKey[] = []): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of error.issues) {
    const path = [...basePath, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const suggestion = didYouMean(key, known);
        const hint = suggestion ? `did you mean ${suggestion}?` : known.length ? `expected one of ${known.join(', ')}` : '';
        problems.push({ file, path: [...path, key], message: `unknown key${hint ? ` (${hint})` : ''}` });
      }
    } else {
      problems.push({ file, path, message: issue.message });
    }
  }
  return problems;
}
