import type pg from 'pg';
import { BadInputError } from '../../errors.js';
import { quoteIdent } from '../../util/quote-ident.js';
import { connect, type ScratchDatabase } from '../scratch/scratch-server.js';
import type { StatementAction } from './allowed-statements.js';
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
    for (const statement of ordered) {
      let target = client;
      if (statement.action === 'apply-as-admin') {
        admin ??= await openAdmin(database, schema);
        target = admin;
      }
      try {
        await target.query(statement.sql);
      } catch (error) {
        throw statementError(statement, error);
      }
      for (const t of statement.targets) {
        if (t.kind !== 'routine') continue;
        const { rows } = await client.query<{ args: string | null }>(
          'SELECT pg_get_function_identity_arguments(to_regprocedure($1)) AS args',
          [regprocedureText(t, schema)],
        );
        if (rows[0]?.args != null) resolved.set(t, rows[0].args);
      }
    }
  } finally {
    await client.end().catch(() => undefined);
    await admin?.end().catch(() => undefined);
  }
  return resolved;
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
