import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { BadInputError, redactSecrets } from '../../errors.js';
import type { Tenant } from '../tenant.js';
import { unknownRuleMessage } from '../../lint/closest-id.js';
import { engineRules } from '../../lint/engine-rules.js';
import { allRules } from '../../lint/rules/index.js';
import { type ConfigProblem, configErrorMap, formatProblems, problemsFromZod } from './config-problems.js';
import { type FleetConfig, type FleetConfigFile, fleetConfigFileSchema } from './config-schema.js';
import type { Env } from './sections/fields.js';
import { type TenantsConfig, tenantEntrySchema } from './sections/tenants.js';

const DEFAULT_CONFIG_PATH = './schemafleet.yml';
const HINT = 'see docs/configuration.md for every key, or examples/schemafleet.yml for a commented example';

/** The environment `${VAR}` in URL keys is read from (one type with the sections' fields). */
export type { Env };

/** How a file is named in messages: as the user would type it from here. */
function displayName(absolute: string): string {
  const fromHere = relative(process.cwd(), absolute);
  return fromHere && !fromHere.startsWith('..') && !isAbsolute(fromHere) ? fromHere : absolute;
}

async function readText(absolute: string, display: string, missingHint: string): Promise<string> {
  try {
    return await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new BadInputError(`${display}: no such file (looked for ${absolute})`, missingHint);
    if (code === 'EISDIR') throw new BadInputError(`${display}: is a folder, expected a file`, missingHint);
    throw new BadInputError(`${display}: cannot read (${String(code ?? error)})`, missingHint);
  }
}

/**
 * YAML (and so JSON, its subset) → plain data. Syntax errors are `file:line:col: message`; yaml's
 * "pretty" errors are off because they quote the source line, which may hold a password.
 */
function parseYaml(text: string, display: string): { data: unknown; document: Document } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const located = document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { line, column: col, message: redactSecrets(error.message.split('\n')[0] ?? error.message, []) };
    });
    const lines = located.slice(0, 20).map((e) => `${display}:${e.line}:${e.column}: ${e.message}`);
    const first = located[0] as { line: number; column: number };
    throw new BadInputError(lines.join('\n'), 'fix the YAML syntax at the position shown', { file: display, line: first.line, column: first.column });
  }
  try {
    return { data: document.toJS({ maxAliasCount: 1000 }), document };
  } catch (error) {
    throw new BadInputError(`${display}: ${redactSecrets(error instanceof Error ? error.message : String(error), [])}`, 'fix the YAML at the position shown');
  }
}

/** Where a key sits in the file (its nearest existing ancestor when it is missing), for ordering. */
function offsetOf(document: Document, path: readonly PropertyKey[]): number {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length) as unknown[], true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return range[0];
  }
  return 0;
}

/** Problems in the order their keys appear in the file, which is how a user reads and fixes them. */
function inFileOrder(problems: ConfigProblem[], document: Document): ConfigProblem[] {
  return problems
    .map((problem, index) => ({ problem, index, offset: offsetOf(document, problem.path) }))
    .sort((a, b) => a.offset - b.offset || a.index - b.index)
    .map(({ problem }) => problem);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Duplicate ids are checked on the raw entries, so they are reported even when other entries
 * have problems of their own; both places are named, since either may be the mistake.
 */
function duplicateIdProblems(file: string, entries: unknown, basePath: readonly PropertyKey[]): ConfigProblem[] {
  if (!Array.isArray(entries)) return [];
  const firstAt = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  entries.forEach((entry, index) => {
    const id = isRecord(entry) ? entry.id : undefined;
    if (typeof id !== 'string' || id === '') return;
    const first = firstAt.get(id);
    if (first === undefined) firstAt.set(id, index);
    else {
      const other = [...basePath, first, 'id']
        .map((s) => (typeof s === 'number' ? `[${s}]` : `.${String(s)}`))
        .join('')
        .replace(/^\./, '');
      problems.push({ file, path: [...basePath, index, 'id'], message: `duplicate tenant id ${JSON.stringify(id)}, also at ${other}` });
    }
  });
  return problems;
}

function toTenants(entries: FleetConfigFile['tenants']['list'] & object, schemaName: string): Tenant[] {
  return entries.map((entry) => ({ id: entry.id, url: entry.url, schema: entry.schema ?? schemaName, labels: entry.labels }));
}

/** A `tenants.file`: a JSON or YAML list of `{ id, url, schema?, labels? }`, checked like tenants.list. */
async function loadTenantFile(absolute: string, env: Env, schemaName: string, problems: ConfigProblem[]): Promise<Tenant[]> {
  const display = displayName(absolute);
  const { data, document } = parseYaml(await readText(absolute, display, 'tenants.file is relative to the config file; check the path'), display);
  if (!Array.isArray(data)) {
    problems.push({ file: display, path: [], message: `expected a list of { id, url, schema?, labels? } entries, got ${data == null ? 'an empty file' : 'something else'}` });
    return [];
  }
  const schema = tenantEntrySchema(env).array();
  const parsed = schema.safeParse(data, { error: configErrorMap });
  const found = duplicateIdProblems(display, data, []);
  if (!parsed.success) found.push(...problemsFromZod(display, parsed.error, schema));
  problems.push(...inFileOrder(found, document));
  if (!parsed.success) return [];
  return toTenants(parsed.data, schemaName);
}

/**
 * Reads, validates and resolves schemafleet.yml. Every problem in the file is reported at once, in
 * one BadInputError (exit 2), each as `file: key.path: what was expected`. Messages never contain
 * a URL's password: URL values are never quoted back.
 */
export async function loadFleetConfig(path: string = DEFAULT_CONFIG_PATH, env: Env = process.env): Promise<FleetConfig> {
  const configPath = resolve(path);
  const display = displayName(configPath);
  const baseDir = dirname(configPath);
  const text = await readText(configPath, display, 'create one (start from examples/schemafleet.yml; docs/configuration.md lists every key), or pass --config PATH');
  const { data, document } = parseYaml(text, display);
  if (data === null || data === undefined) {
    throw new BadInputError(`${display}: the file is empty; expected a mapping with at least schema: and tenants:`, HINT);
  }
  if (!isRecord(data)) throw new BadInputError(`${display}: expected a mapping of keys (schema:, tenants:, …), got ${Array.isArray(data) ? 'a list' : `a ${typeof data}`}`, HINT);

  const schema = fleetConfigFileSchema(env);
  const parsed = schema.safeParse(data, { error: configErrorMap });
  const rawTenants = isRecord(data.tenants) ? data.tenants : {};
  const problems: ConfigProblem[] = inFileOrder(
    [...(parsed.success ? [] : problemsFromZod(display, parsed.error, schema)), ...duplicateIdProblems(display, rawTenants.list, ['tenants', 'list'])],
    document,
  );

  let config: FleetConfig | null = null;
  if (parsed.success) {
    const file = parsed.data;
    const schemaName = file.schemaNames?.[0] ?? file.schemaName ?? 'public';
    const schemaPath = resolve(baseDir, file.schema);
    try {
      await stat(schemaPath);
    } catch {
      problems.push({ file: display, path: ['schema'], message: `no such file or folder: ${file.schema} (resolved to ${schemaPath})` });
    }
    // A misspelled rule id would otherwise leave the rule on (or an ignore unused) without a word.
    const knownRules = [...allRules, ...engineRules].map((rule) => rule.id);
    for (const id of Object.keys(file.lint.rules)) {
      if (!knownRules.includes(id)) problems.push({ file: display, path: ['lint', 'rules', id], message: unknownRuleMessage(id, knownRules) });
    }
    file.lint.ignore.forEach((ignore, index) => {
      if (!knownRules.includes(ignore.rule)) problems.push({ file: display, path: ['lint', 'ignore', index, 'rule'], message: unknownRuleMessage(ignore.rule, knownRules, { showId: true }) });
    });
    let tenants: TenantsConfig;
    const source = file.tenants;
    if (source.list) tenants = { kind: 'list', tenants: toTenants(source.list, schemaName) };
    else if (source.file !== undefined) {
      const tenantFile = resolve(baseDir, source.file);
      tenants = { kind: 'file', path: tenantFile, tenants: await loadTenantFile(tenantFile, env, schemaName, problems) };
    } else if (source.query) tenants = { kind: 'query', url: source.query.url, sql: source.query.sql };
    else {
      const schemas = source.schemas as { url: string; match: string };
      tenants = { kind: 'schemas', url: schemas.url, match: schemas.match };
    }
    // Canary ids can only be checked where the tenants are known without a database.
    if (file.rollout.canary.kind === 'ids' && (tenants.kind === 'list' || tenants.kind === 'file')) {
      const ids = new Set(tenants.tenants.map((tenant) => tenant.id));
      file.rollout.canary.ids.forEach((id, index) => {
        if (!ids.has(id)) problems.push({ file: display, path: ['rollout', 'canary', index], message: `no tenant has id ${JSON.stringify(id)}` });
      });
    }
    config = {
      configPath,
      schema: schemaPath,
      schemaName,
      schemaNames: file.schemaNames ?? null,
      tenants,
      rollout: file.rollout,
      health: file.health,
      ledger: file.ledger ? { url: file.ledger.url } : null,
      lint: file.lint,
    };
  }
  if (problems.length > 0 || !config) {
    throw new BadInputError(formatProblems(problems), HINT);
  }
  return config;
}

/** The control database: `ledger.url`, or else the first tenant's database. */
export function ledgerUrl(config: Pick<FleetConfig, 'ledger'>, firstTenant: Pick<Tenant, 'url'>): string {
  return config.ledger?.url ?? firstTenant.url;
}
