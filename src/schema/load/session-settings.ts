import type { StatementAction } from './allowed-statements.js';

/**
 * The session settings a schema file may carry. `pg_dump --schema-only` opens every file with a
 * block of SETs and `SELECT pg_catalog.set_config('search_path', '', false)`; a file that people
 * already have must load as it is. Settings that only tune the session schemafleet runs (timeouts,
 * message levels) are skipped; the few that change what the statements mean (check_function_bodies,
 * xmloption, search_path) run on the scratch session, as psql would run them; any other value, or
 * any other setting, is refused by name.
 */

type Node = Record<string, unknown>;

export interface SettingVerdict {
  readonly action: StatementAction;
  readonly refusal?: string;
}

const skip: SettingVerdict = { action: 'skip' };
const run: SettingVerdict = { action: 'apply' };
const refused = (reason: string): SettingVerdict => ({ action: 'apply', refusal: reason });

/** Settings pg_dump writes that change nothing the schema declares: schemafleet's own session decides them. */
const SESSION_ONLY = new Set(['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'transaction_timeout', 'client_min_messages', 'row_security', 'default_with_oids']);

/** The constant value(s) of a SET, as text; undefined for anything but plain constants. */
function settingValues(args: unknown): string[] | undefined {
  const values: string[] = [];
  for (const arg of (args as Node[] | undefined) ?? []) {
    const constant = arg.A_Const as Record<string, { sval?: string; ival?: number; fval?: string; boolval?: boolean } | undefined> | undefined;
    if (!constant) return undefined;
    if (constant.sval) values.push(constant.sval.sval ?? '');
    else if (constant.ival) values.push(String(constant.ival.ival ?? 0));
    else if (constant.fval) values.push(constant.fval.fval ?? '');
    else if (constant.boolval) values.push(String(constant.boolval.boolval ?? false));
    else return undefined;
  }
  return values;
}

/** A search_path may only name the schema the file describes (and pg_catalog), or nothing: names must resolve there. */
export function searchPathRefusal(names: readonly string[], schema: string, described: readonly string[] = [], anySchema = false): string | undefined {
  const others = names
    .map((n) => n.trim().replace(/^"(.*)"$/, '$1'))
    .filter((n) => n !== '' && n !== schema && n !== 'pg_catalog' && !described.includes(n) && !(anySchema && !n.startsWith('pg_') && n !== 'information_schema'));
  if (others.length === 0) return undefined;
  if (described.length > 0)
    return `the search_path may name only the schemas the file describes (${[schema, ...described].join(', ')}) and pg_catalog; ${others.join(', ')} would resolve names outside them`;
  return `the search_path may name only schema ${schema}, the one the file describes (and pg_catalog); ${others.join(', ')} would resolve names outside it`;
}

export function checkSessionSetting(node: Node, schema: string, described: readonly string[] = [], anySchema = false): SettingVerdict {
  const name = String(node.name ?? '');
  if (node.kind !== 'VAR_SET_VALUE' || node.is_local === true) return refused('only plain SET name = value is accepted, and only for the settings pg_dump writes');
  const values = settingValues(node.args);
  if (values === undefined) return refused('the value must be a constant');
  const value = values.join(', ').toLowerCase();
  if (SESSION_ONLY.has(name)) return skip;
  switch (name) {
    case 'client_encoding':
      return value === 'utf8' || value === 'utf-8' ? skip : refused('schema files are read as UTF-8; save the file as UTF-8 and leave client_encoding out');
    case 'standard_conforming_strings':
      return value === 'on' || value === 'true' ? skip : refused('schema files are parsed with standard_conforming_strings on, so backslashes in strings would mean something else');
    case 'default_tablespace':
      return value === '' ? skip : refused('tablespaces are specific to one server; leave them out of the schema');
    case 'default_table_access_method':
      return value === 'heap' ? skip : refused('only heap tables are modelled');
    case 'check_function_bodies':
    case 'xmloption':
      return run;
    case 'search_path': {
      const reason = searchPathRefusal(values, schema, described, anySchema);
      return reason ? refused(reason) : run;
    }
    default:
      return refused('session settings are not part of a schema (pg_dump’s own SETs are accepted)');
  }
}

/**
 * `SELECT pg_catalog.set_config('search_path', '…', false)`, which pg_dump writes to empty the
 * search_path: the one SELECT a schema file may hold. Returns undefined for any other SELECT.
 */
export function searchPathFromSetConfig(node: Node): string[] | undefined {
  const targets = node.targetList as Node[] | undefined;
  const keys = Object.keys(node).filter((k) => !['targetList', 'limitOption', 'op'].includes(k));
  if (keys.length > 0 || targets?.length !== 1) return undefined;
  const call = ((targets[0]!.ResTarget as Node | undefined)?.val as Node | undefined)?.FuncCall as Node | undefined;
  if (!call) return undefined;
  const funcname = ((call.funcname as Node[] | undefined) ?? []).map((n) => (n.String as { sval?: string } | undefined)?.sval);
  const plain = funcname.length === 1 ? funcname[0] === 'set_config' : funcname.length === 2 && funcname[0] === 'pg_catalog' && funcname[1] === 'set_config';
  if (!plain || Object.keys(call).some((k) => !['funcname', 'args', 'funcformat', 'location'].includes(k))) return undefined;
  const values = settingValues(call.args);
  if (values?.length !== 3 || values[0] !== 'search_path' || (values[2] !== 'false' && values[2] !== 'true')) return undefined;
  return values[1]!.split(',');
}

/**
 * The schema names a statement sets the search_path to, as PostgreSQL reads them: `SET search_path`
 * gives names as they are; set_config's text is a list, where a quoted name keeps its case and an
 * unquoted one is folded to lower case. Undefined for a statement that does not set it.
 */
export function searchPathSetBy(nodeType: string, node: Node): string[] | undefined {
  if (nodeType === 'VariableSetStmt') return node.name === 'search_path' && node.kind === 'VAR_SET_VALUE' ? settingValues(node.args) : undefined;
  if (nodeType !== 'SelectStmt') return undefined;
  return searchPathFromSetConfig(node)
    ?.map((name) => name.trim())
    .filter((name) => name !== '')
    .map((name) => (/^".*"$/.test(name) ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase()));
}
