import type pg from 'pg';
import { BadInputError } from '../../errors.js';
import { quoteIdent } from '../../util/quote-ident.js';
import { formatDuration } from '../../util/duration.js';
import { connect, type ScratchDatabase } from '../scratch/scratch-server.js';
import { functionLanguage, type StatementAction } from './allowed-statements.js';
import { materializedViewWithoutData } from './materialized-view-without-data.js';
import type { ParsedStatement } from './parse-schema-statements.js';
import { regprocedureText, type StatementTarget } from './statement-targets.js';

export interface CheckedStatement extends ParsedStatement {
  readonly action: StatementAction;
  readonly targets: readonly StatementTarget[];
  /** The schema its unqualified names are created in (creation-schemas.ts); absent when none is. */
  readonly createdIn?: string;
}

/** Routines found after they were created: target → identity arguments as PostgreSQL spells them. */
export type ResolvedRoutines = Map<StatementTarget, string>;

// Generous for DDL, but a statement whose expression never ends must not hang a pull request.
const STATEMENT_TIMEOUT_MS = 60_000;

/**
 * How SQL nobody reviewed yet (a pull request's) is run: one time budget for every statement of
 * the review, and errors told with their SQLSTATE, message and position only (DETAIL and CONTEXT
 * can quote what an expression read).
 */
export interface UntrustedSqlLimits {
  /** When the review's budget runs out (Date.now() clock). */
  readonly deadline: number;
  /** The whole budget, for the message. */
  readonly budgetMs: number;
}

const BUDGET_SLACK_MS = 500;

/** SQLSTATE 57014: statement_timeout (or a cancel) ended the statement. */
const QUERY_CANCELED = '57014';

/**
 * Runs the checked statements on a scratch database, one by one and outside any transaction
 * (so CREATE INDEX CONCURRENTLY works), as the scratch role with search_path set to the schema;
 * allowed extensions are created first, as the admin.
 * The first failure becomes a BadInputError at the statement's file:line:col.
 */
export async function applySchemaStatements(database: ScratchDatabase, statements: readonly CheckedStatement[], schema: string, untrusted?: UntrustedSqlLimits): Promise<ResolvedRoutines> {
  const resolved: ResolvedRoutines = new Map();
  const client = await connect(database.url);
  let admin: pg.Client | undefined;
  // statement_timeout as last set on each connection. It is sent again only once the budget left
  // is BUDGET_SLACK_MS below it, so an honest review pays a round trip every half second, not one
  // per statement, and a statement overruns the budget by at most that much.
  const timeouts = new Map<pg.Client, number>();
  const limitTime = async (target: pg.Client, statement: CheckedStatement): Promise<void> => {
    const left = untrusted ? untrusted.deadline - Date.now() : STATEMENT_TIMEOUT_MS;
    if (left <= 0 && untrusted) throw budgetError(statement, untrusted);
    const timeout = Math.max(1, Math.min(STATEMENT_TIMEOUT_MS, Math.ceil(left)));
    const current = timeouts.get(target);
    if (current !== undefined && current - timeout <= BUDGET_SLACK_MS) return;
    await target.query(`SET statement_timeout = ${timeout}`);
    timeouts.set(target, timeout);
  };
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    // A file of several schemas declares the others with CREATE SCHEMA (the allow-list refuses any
    // other schema): made first, like the primary one, so statements may use them in any order.
    for (const other of declaredSchemas(statements)) if (other !== schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(other)}`);
    await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    // Extensions go first, as the admin, into a schema that is still empty: the admin runs the
    // extension's script, and objects the untrusted statements create could otherwise capture
    // its unqualified names and run code as the admin.
    const ordered = [...statements.filter((s) => s.action === 'apply-as-admin'), ...statements.filter((s) => s.action === 'apply')];
    // Routine bodies may name objects created later in the file, as they may in any schema
    // PostgreSQL holds: a string body in LANGUAGE sql is created unchecked and checked once every
    // statement ran; a SQL-standard body (BEGIN ATOMIC, RETURN), which PostgreSQL always resolves
    // at creation, is tried again after the others when what it names is missing.
    let checkBodies = true;
    const uncheckedBodies: CheckedStatement[] = [];
    const deferred: { statement: CheckedStatement; error: unknown }[] = [];
    for (const statement of ordered) {
      let target = client;
      if (statement.action === 'apply-as-admin') {
        admin ??= await openAdmin(database, schema);
        target = admin;
      }
      if (statement.nodeType === 'GrantStmt') {
        admin ??= await openAdmin(database, schema);
        await ensureGrantees(admin, statement);
      }
      await limitTime(target, statement);
      const sql = isMaterializedView(statement) ? await materializedViewWithoutData(statement.sql) : statement.sql;
      const unchecked = checkBodies && hasStringSqlBody(statement);
      try {
        if (unchecked) await client.query('SET check_function_bodies = off');
        await target.query(sql);
      } catch (error) {
        if (untrusted && (error as PgError | null)?.code === QUERY_CANCELED && Date.now() >= untrusted.deadline - BUDGET_SLACK_MS) throw budgetError(statement, untrusted);
        if (hasStandardSqlBody(statement) && MISSING_OBJECT.has((error as PgError).code ?? '')) {
          deferred.push({ statement, error });
          continue;
        }
        throw statementError(statement, error, untrusted !== undefined);
      } finally {
        if (unchecked) await client.query('SET check_function_bodies = on');
      }
      if (unchecked) uncheckedBodies.push(statement);
      // The file may turn the checks off itself, as pg_dump's files do: then they stay off.
      if (statement.nodeType === 'VariableSetStmt') checkBodies = (await client.query<{ v: string }>("SELECT current_setting('check_function_bodies') AS v")).rows[0]?.v === 'on';
      // An unqualified routine was created where the file's search_path put it, not always in the primary schema.
      await resolveRoutines(client, statement, statement.createdIn ?? schema, resolved);
    }
    const forUntrusted = untrusted !== undefined;
    await retryDeferred(client, deferred, schema, resolved, forUntrusted);
    for (const statement of uncheckedBodies) await checkSqlBody(client, statement, schema, forUntrusted);
  } finally {
    await client.end().catch(() => undefined);
    await admin?.end().catch(() => undefined);
  }
  return resolved;
}

/** The schemas the statements declare with CREATE SCHEMA, in file order. */
export function declaredSchemas(statements: readonly CheckedStatement[]): string[] {
  const names = statements.filter((s) => s.nodeType === 'CreateSchemaStmt').map((s) => String(s.node.schemaname ?? ''));
  return [...new Set(names)].filter((n) => n !== '');
}

function isMaterializedView(statement: CheckedStatement): boolean {
  return statement.nodeType === 'CreateTableAsStmt' && statement.node.objtype === 'OBJECT_MATVIEW';
}

/**
 * The roles a GRANT or REVOKE names, made on the scratch server (NOLOGIN, nothing granted) when
 * missing: roles belong to the server, and a tenant's exist on the tenant's. A role made here stays
 * on a --dev-url server (roles outlive databases); on the embedded one it goes with the cluster.
 */
async function ensureGrantees(admin: pg.Client, statement: CheckedStatement): Promise<void> {
  for (const grantee of (statement.node.grantees as { RoleSpec?: { roletype?: string; rolename?: string } }[] | undefined) ?? []) {
    const name = grantee.RoleSpec?.roletype === 'ROLESPEC_CSTRING' ? grantee.RoleSpec.rolename : undefined;
    if (name === undefined) continue;
    const exists = await admin.query('SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1', [name]);
    if (exists.rowCount !== 0) continue;
    // Two loads at once may both make it: the second one's "already exists" (or, in a race, the
    // unique index's violation) is fine.
    await admin.query(`CREATE ROLE ${quoteIdent(name)} NOLOGIN`).catch((error: unknown) => {
      if ((error as PgError).code !== '42710' && (error as PgError).code !== '23505') throw error;
    });
  }
}

/** SQLSTATEs of a name that does not resolve (yet): undefined table, column, function, object, schema. */
const MISSING_OBJECT = new Set(['42P01', '42703', '42883', '42704', '3F000']);

function isSqlRoutine(statement: CheckedStatement): boolean {
  return statement.nodeType === 'CreateFunctionStmt' && functionLanguage(statement.node) === 'sql';
}
const hasStringSqlBody = (statement: CheckedStatement): boolean => isSqlRoutine(statement) && !statement.node.sql_body;
const hasStandardSqlBody = (statement: CheckedStatement): boolean => isSqlRoutine(statement) && Boolean(statement.node.sql_body);

async function resolveRoutines(client: pg.Client, statement: CheckedStatement, schema: string, resolved: ResolvedRoutines): Promise<void> {
  for (const t of statement.targets) {
    if (t.kind !== 'routine') continue;
    const { rows } = await client.query<{ args: string | null }>('SELECT pg_get_function_identity_arguments(to_regprocedure($1)) AS args', [regprocedureText(t, schema)]);
    if (rows[0]?.args != null) resolved.set(t, rows[0].args);
  }
}

/** Deferred routines, tried round after round while one of them succeeds; the first left fails the load. */
async function retryDeferred(client: pg.Client, deferred: { statement: CheckedStatement; error: unknown }[], schema: string, resolved: ResolvedRoutines, untrusted: boolean): Promise<void> {
  let pending = deferred;
  while (pending.length > 0) {
    const left: typeof pending = [];
    for (const item of pending) {
      try {
        await client.query(item.statement.sql);
        await resolveRoutines(client, item.statement, schema, resolved);
      } catch (error) {
        if (!MISSING_OBJECT.has((error as PgError).code ?? '')) throw statementError(item.statement, error, untrusted);
        left.push({ statement: item.statement, error });
      }
    }
    if (left.length === pending.length) throw statementError(left[0]!.statement, left[0]!.error, untrusted);
    pending = left;
  }
}

/** LANGUAGE sql's own validator, now that every object the body may name exists; an error points at the statement. */
async function checkSqlBody(client: pg.Client, statement: CheckedStatement, schema: string, untrusted: boolean): Promise<void> {
  for (const t of statement.targets) {
    if (t.kind !== 'routine') continue;
    try {
      await client.query('SELECT pg_catalog.fmgr_sql_validator(to_regprocedure($1))', [regprocedureText(t, schema)]);
    } catch (error) {
      const e = error as PgError;
      // Its position is in the validator's query, not in the file: the statement's start is shown.
      throw statementError(statement, { message: e.message, code: e.code, severity: e.severity, detail: e.detail, hint: e.hint, where: e.where }, untrusted);
    }
  }
}

async function openAdmin(database: ScratchDatabase, schema: string): Promise<pg.Client> {
  const admin = await connect(database.adminUrl);
  await admin.query(`SET search_path TO ${quoteIdent(schema)}`);
  return admin;
}

interface PgError {
  message: string;
  code?: string;
  severity?: string;
  position?: string;
  detail?: string;
  hint?: string;
  where?: string;
}

const STATEMENT_HINT = 'the statement failed on a scratch database; fix it or the statements it depends on (files run in lexical order)';

/**
 * The error at the statement's file:line:col. For untrusted SQL only SQLSTATE, message and
 * position are kept: DETAIL, CONTEXT and HINT are left out, as they can quote values the
 * statement's expressions computed.
 */
function statementError(statement: CheckedStatement, error: unknown, plain: boolean): unknown {
  const pgError = error as PgError;
  if (!pgError || typeof pgError.code !== 'string' || pgError.code.length !== 5) return error;
  const position = Number(pgError.position);
  // PostgreSQL counts the position in characters from 1, within the text it was sent.
  const index = Number.isInteger(position) && position > 0 ? statement.source.advanceCodePoints(statement.start, position - 1) : statement.start;
  const extra = plain ? [] : [pgError.detail && `DETAIL: ${pgError.detail}`, pgError.where && `CONTEXT: ${pgError.where}`].filter(Boolean);
  const { message, location } = statement.source.format(index, `${pgError.severity ?? 'ERROR'}: ${pgError.message} (${pgError.code})`);
  return new BadInputError([message, ...extra].join('\n'), (plain ? undefined : pgError.hint) ?? STATEMENT_HINT, location);
}

/** The review ran out of time: says which statement was running, where, and what the budget was. */
function budgetError(statement: CheckedStatement, limits: UntrustedSqlLimits): BadInputError {
  const firstLine = statement.sql.split('\n', 1)[0] ?? '';
  const shown = firstLine.length > 80 ? `${firstLine.slice(0, 80)}…` : firstLine;
  const { message, location } = statement.source.format(
    statement.start,
    `the review's time budget (${formatDuration(limits.budgetMs)} for every statement of the base and head schemas) ran out while this statement ran: ${shown}`,
  );
  return new BadInputError(
    message,
    'make the statement cheaper to create (a materialized view is created WITH NO DATA; partition bounds and defaults must be quick to evaluate), or raise the review time budget',
    location,
  );
}
