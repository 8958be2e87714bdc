import type pg from 'pg';
import { BadInputError } from '../../errors.js';
import { connect, type ScratchDatabase } from '../scratch/scratch-server.js';
import { functionLanguage, type StatementAction } from './allowed-statements.js';
import type { ParsedStatement } from './parse-schema-statements.js';
import { regprocedureText, type StatementTarget } from './statement-targets.js';

export interface CheckedStatement extends ParsedStatement {
  readonly action: StatementAction;
  readonly targets: readonly StatementTarget[];
}

/** Routines found after they were created: target → identity arguments as PostgreSQL spells them. */
export type ResolvedRoutines = Map<StatementTarget, string>;

// Generous for DDL, but a materialized view whose query never ends must not hang a pull request.
const STATEMENT_TIMEOUT = '60s';

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Runs the checked statements on a scratch database, one by one and outside any transaction
 * (so CREATE INDEX CONCURRENTLY works), as the scratch role with search_path set to the schema;
 * allowed extensions are created first, as the admin.
 * The first failure becomes a BadInputError at the statement's file:line:col.
 */
export async function applySchemaStatements(
  database: ScratchDatabase,
  statements: readonly CheckedStatement[],
  schema: string,
): Promise<ResolvedRoutines> {
  const resolved: ResolvedRoutines = new Map();
  const client = await connect(database.url);
  let admin: pg.Client | undefined;
  try {
    await client.query(`SET statement_timeout = '${STATEMENT_TIMEOUT}'`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    // Extensions go first, as the admin, into a schema that is still empty: the admin runs the
    // extension's script, and objects the untrusted statements create could otherwise capture
    // its unqualified names and run code as the admin.
    const ordered = [
      ...statements.filter((s) => s.action === 'apply-as-admin'),
      ...statements.filter((s) => s.action === 'apply'),
    ];
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
      const unchecked = checkBodies && hasStringSqlBody(statement);
      try {
        if (unchecked) await client.query('SET check_function_bodies = off');
        await target.query(statement.sql);
      } catch (error) {
        if (hasStandardSqlBody(statement) && MISSING_OBJECT.has((error as PgError).code ?? '')) {
          deferred.push({ statement, error });
          continue;
        }
        throw statementError(statement, error);
      } finally {
        if (unchecked) await client.query('SET check_function_bodies = on');
      }
      if (unchecked) uncheckedBodies.push(statement);
      // The file may turn the checks off itself, as pg_dump's files do: then they stay off.
      if (statement.nodeType === 'VariableSetStmt') checkBodies = (await client.query<{ v: string }>("SELECT current_setting('check_function_bodies') AS v")).rows[0]?.v === 'on';
      await resolveRoutines(client, statement, schema, resolved);
    }
    await retryDeferred(client, deferred, schema, resolved);
    for (const statement of uncheckedBodies) await checkSqlBody(client, statement, schema);
  } finally {
    await client.end().catch(() => undefined);
    await admin?.end().catch(() => undefined);
  }
  return resolved;
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
async function retryDeferred(client: pg.Client, deferred: { statement: CheckedStatement; error: unknown }[], schema: string, resolved: ResolvedRoutines): Promise<void> {
  let pending = deferred;
  while (pending.length > 0) {
    const left: typeof pending = [];
    for (const item of pending) {
      try {
        await client.query(item.statement.sql);
        await resolveRoutines(client, item.statement, schema, resolved);
      } catch (error) {
        if (!MISSING_OBJECT.has((error as PgError).code ?? '')) throw statementError(item.statement, error);
        left.push({ statement: item.statement, error });
      }
    }
    if (left.length === pending.length) throw statementError(left[0]!.statement, left[0]!.error);
    pending = left;
  }
}

/** LANGUAGE sql's own validator, now that every object the body may name exists; an error points at the statement. */
async function checkSqlBody(client: pg.Client, statement: CheckedStatement, schema: string): Promise<void> {
  for (const t of statement.targets) {
    if (t.kind !== 'routine') continue;
    try {
      await client.query('SELECT pg_catalog.fmgr_sql_validator(to_regprocedure($1))', [regprocedureText(t, schema)]);
    } catch (error) {
      const e = error as PgError;
      // Its position is in the validator's query, not in the file: the statement's start is shown.
      throw statementError(statement, { message: e.message, code: e.code, severity: e.severity, detail: e.detail, hint: e.hint, where: e.where });
    }
  }
}

async function openAdmin(database: ScratchDatabase, schema: string): Promise<pg.Client> {
  const admin = await connect(database.adminUrl);
  await admin.query(`SET statement_timeout = '${STATEMENT_TIMEOUT}'`);
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

function statementError(statement: CheckedStatement, error: unknown): unknown {
  const pgError = error as PgError;
  if (!pgError || typeof pgError.code !== 'string' || pgError.code.length !== 5) return error;
  const position = Number(pgError.position);
  // PostgreSQL counts the position in characters from 1, within the text it was sent.
  const index = Number.isInteger(position) && position > 0 ? statement.source.advanceCodePoints(statement.start, position - 1) : statement.start;
  const extra = [pgError.detail && `DETAIL: ${pgError.detail}`, pgError.where && `CONTEXT: ${pgError.where}`].filter(Boolean);
  const { message, location } = statement.source.format(index, `${pgError.severity ?? 'ERROR'}: ${pgError.message} (${pgError.code})`);
  return new BadInputError(
    [message, ...extra].join('\n'),
    pgError.hint ?? 'the statement failed on a scratch database; fix it or the statements it depends on (files run in lexical order)',
    location,
  );
}
