import type { Routine } from '../model.js';
import { commentOf, compareText, holds, notExtensionMember, notInternalPart, queryCatalog, type CatalogContext, type CatalogScope } from './catalog.js';
import type { DependencyIndex } from './dependencies.js';

/**
 * Functions and procedures. The definition is pg_get_functiondef, which prints every non-default
 * option in PostgreSQL's own words (volatility, STRICT, SECURITY DEFINER, PARALLEL, COST, ROWS,
 * SET, SQL-standard bodies) but always qualifies the routine's name with its schema: exactly that
 * `schema.` prefix is removed, so the same routine reads the same in every tenant.
 * Aggregates and window functions are reported as unsupported.
 */
function routinesSql(serverVersion: number, s: CatalogScope): string {
  // prosqlbody (BEGIN ATOMIC / RETURN bodies) exists from PostgreSQL 14.
  const sqlBody = serverVersion >= 140000 ? `CASE WHEN p.prosqlbody IS NOT NULL THEN ${s.seen('pg_catalog.pg_get_function_sqlbody(p.oid)', 'p.pronamespace')} END` : 'NULL::text';
  return `
SELECT ${s.key('p.pronamespace')}p.oid, p.prokind::text AS kind, p.proname::text AS name,
       ${s.seen('pg_catalog.pg_get_function_identity_arguments(p.oid)', 'p.pronamespace')} AS identity_arguments,
       ${s.seen('pg_catalog.pg_get_function_arguments(p.oid)', 'p.pronamespace')} AS arguments,
       CASE WHEN p.prokind = 'p' THEN NULL ELSE ${s.seen('pg_catalog.pg_get_function_result(p.oid)', 'p.pronamespace')} END AS returns,
       l.lanname::text AS language, p.prosrc AS source, ${sqlBody} AS sql_body,
       ${s.seen('pg_catalog.pg_get_functiondef(p.oid)', 'p.pronamespace')} AS definition,
       'CREATE OR REPLACE ' || CASE WHEN p.prokind = 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END || ' ' AS head,
       pg_catalog.quote_ident(n.nspname) || '.' AS qualifier,
       ${commentOf('pg_proc', 'p.oid')} AS comment
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE ${s.in('p.pronamespace', { routine: 'p.oid' })} AND p.prokind IN ('f', 'p')
   AND ${notExtensionMember('pg_proc', 'p.oid')} AND ${notInternalPart('pg_proc', 'p.oid')}
`;
}

interface RoutineRow {
  oid: number;
  kind: 'f' | 'p';
  name: string;
  identity_arguments: string;
  arguments: string;
  returns: string | null;
  language: string;
  source: string;
  sql_body: string | null;
  definition: string;
  head: string;
  qualifier: string;
  comment: string | null;
}

function unqualifyRoutineDefinition(definition: string, head: string, qualifier: string): string {
  const trimmed = definition.trimEnd();
  return trimmed.startsWith(head + qualifier) ? head + trimmed.slice(head.length + qualifier.length) : trimmed;
}

export async function readRoutines(ctx: CatalogContext, deps: DependencyIndex): Promise<Routine[]> {
  const rows = holds(ctx, 'pg_proc') ? await queryCatalog<RoutineRow>(ctx, (s) => routinesSql(ctx.serverVersion, s)) : [];
  return rows
    .map((row): Routine => ({
      kind: row.kind === 'p' ? 'procedure' : 'function',
      name: row.name,
      identityArguments: row.identity_arguments,
      arguments: row.arguments,
      returns: row.returns,
      language: row.language,
      body: row.sql_body ?? row.source,
      definition: unqualifyRoutineDefinition(row.definition, row.head, row.qualifier),
      comment: row.comment,
      dependsOn: deps.merged([deps.keys('routine', row.oid)]).filter((key) => key !== `routine:${row.name}(${row.identity_arguments})`),
    }))
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.identityArguments, b.identityArguments));
}
