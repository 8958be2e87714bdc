import type { UnsupportedObject } from '../model.js';
import { compareText, holds, holdsRelations, notExtensionMember as ext, notInternalPart, queryCatalog, type CatalogContext, type CatalogScope } from './catalog.js';

/**
 * Everything in the schema the model cannot express, by kind and name, so a plan can refuse or
 * warn instead of silently ignoring it. Extension members are left out like everywhere else.
 * Array types, multirange types (made with their range type) and table row types are not objects
 * of their own and are not listed.
 *
 * Each branch lists one kind, and runs only when the schema holds objects of the catalog it reads
 * (CatalogContext.contents): most schemas hold none of these kinds, and each catalog a query
 * touches costs a fresh backend a cache load.
 */
const UNSUPPORTED_BRANCHES: readonly { readonly when: (ctx: CatalogContext) => boolean; readonly sql: (s: CatalogScope) => string }[] = [
  {
    when: (ctx) => holds(ctx, 'pg_proc'),
    sql: (s) => `
SELECT ${s.key('p.pronamespace')}'aggregate', p.proname::text || '(' || ${s.seen('pg_catalog.pg_get_function_identity_arguments(p.oid)', 'p.pronamespace')} || ')'
  FROM pg_catalog.pg_proc p WHERE ${s.in('p.pronamespace', { routine: 'p.oid' })} AND p.prokind = 'a' AND ${ext('pg_proc', 'p.oid')}`,
  },
  {
    when: (ctx) => holds(ctx, 'pg_proc'),
    sql: (s) => `
SELECT ${s.key('p.pronamespace')}'window function', p.proname::text || '(' || ${s.seen('pg_catalog.pg_get_function_identity_arguments(p.oid)', 'p.pronamespace')} || ')'
  FROM pg_catalog.pg_proc p WHERE ${s.in('p.pronamespace', { routine: 'p.oid' })} AND p.prokind = 'w' AND ${ext('pg_proc', 'p.oid')}`,
  },
  {
    when: (ctx) => holds(ctx, 'pg_operator'),
    sql: (s) => `
SELECT ${s.key('o.oprnamespace')}'operator', o.oprname::text || '(' || COALESCE(${s.seen('pg_catalog.format_type(NULLIF(o.oprleft, 0), NULL)', 'o.oprnamespace')}, 'NONE')
         || ', ' || COALESCE(${s.seen('pg_catalog.format_type(NULLIF(o.oprright, 0), NULL)', 'o.oprnamespace')}, 'NONE') || ')'
  FROM pg_catalog.pg_operator o WHERE ${s.in('o.oprnamespace')} AND ${ext('pg_operator', 'o.oid')}`,
  },
  {
    when: (ctx) => holds(ctx, 'pg_opclass'),
    sql: (s) => `
SELECT ${s.key('oc.opcnamespace')}'operator class', oc.opcname::text || ' USING ' || am.amname::text
  FROM pg_catalog.pg_opclass oc JOIN pg_catalog.pg_am am ON am.oid = oc.opcmethod
 WHERE ${s.in('oc.opcnamespace')} AND ${ext('pg_opclass', 'oc.oid')}`,
  },
  {
    when: (ctx) => holds(ctx, 'pg_opfamily'),
    sql: (s) => `
SELECT ${s.key('opf.opfnamespace')}'operator family', opf.opfname::text || ' USING ' || am.amname::text
  FROM pg_catalog.pg_opfamily opf JOIN pg_catalog.pg_am am ON am.oid = opf.opfmethod
 WHERE ${s.in('opf.opfnamespace')} AND ${ext('pg_opfamily', 'opf.oid')}`,
  },
  {
    when: (ctx) => holdsRelations(ctx, 'rpf'),
    sql: (s) => `
SELECT ${s.key('c.relnamespace')}CASE c.relkind WHEN 'f' THEN 'foreign table' ELSE 'typed table' END, c.relname::text
  FROM pg_catalog.pg_class c
 WHERE ${s.in('c.relnamespace', { relation: 'c.oid' })} AND ${ext('pg_class', 'c.oid')}
   AND (c.relkind = 'f' OR (c.relkind IN ('r', 'p') AND c.reloftype <> 0))`,
  },
  {
    when: (ctx) => holdsRelations(ctx, 'rpvmf'),
    sql: (s) => `
SELECT ${s.key('c.relnamespace')}'rule', r.rulename::text || ' on ' || c.relname::text
  FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
 WHERE ${s.in('c.relnamespace', { relation: 'c.oid' })} AND r.rulename <> '_RETURN' AND ${ext('pg_class', 'c.oid')}`,
  },
  {
    when: (ctx) => holdsRelations(ctx, 'mf'),
    sql: (s) => `
SELECT ${s.key('c.relnamespace')}'trigger', t.tgname::text || ' on ' || c.relname::text
  FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
 WHERE ${s.in('c.relnamespace', { relation: 'c.oid' })} AND c.relkind NOT IN ('r', 'p', 'v') AND NOT t.tgisinternal AND ${ext('pg_class', 'c.oid')}`,
  },
  {
    when: (ctx) => holds(ctx, 'pg_type'),
    sql: (s) => `
SELECT ${s.key('t.typnamespace')}CASE t.typtype WHEN 'r' THEN 'range type' WHEN 'b' THEN 'base type' ELSE 'shell type' END, t.typname::text
  FROM pg_catalog.pg_type t
 WHERE ${s.in('t.typnamespace', { type: 't.oid' })} AND t.typtype IN ('r', 'b', 'p') AND ${ext('pg_type', 't.oid')}
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type el WHERE el.oid = t.typelem AND el.typarray = t.oid)`,
  },
  {
    when: (ctx) => holds(ctx, 'pg_conversion'),
    sql: (s) => `
SELECT ${s.key('cv.connamespace')}'conversion', cv.conname::text
  FROM pg_catalog.pg_conversion cv WHERE ${s.in('cv.connamespace')} AND ${ext('pg_conversion', 'cv.oid')}`,
  },
  {
    when: (ctx) => holds(ctx, 'pg_statistic_ext'),
    sql: (s) => `
SELECT ${s.key('s.stxnamespace')}'statistics object', s.stxname::text
  FROM pg_catalog.pg_statistic_ext s WHERE ${s.in('s.stxnamespace')} AND ${ext('pg_statistic_ext', 's.oid')}`,
  },
  {
    when: (ctx) => holds(ctx, 'pg_ts_config'),
    sql: (s) => `
SELECT ${s.key('x.cfgnamespace')}'text search configuration', x.cfgname::text
  FROM pg_catalog.pg_ts_config x WHERE ${s.in('x.cfgnamespace')} AND ${ext('pg_ts_config', 'x.oid')}`,
  },
  {
    when: (ctx) => holds(ctx, 'pg_ts_dict'),
    sql: (s) => `
SELECT ${s.key('x.dictnamespace')}'text search dictionary', x.dictname::text
  FROM pg_catalog.pg_ts_dict x WHERE ${s.in('x.dictnamespace')} AND ${ext('pg_ts_dict', 'x.oid')}`,
  },
  {
    when: (ctx) => holds(ctx, 'pg_ts_parser'),
    sql: (s) => `
SELECT ${s.key('x.prsnamespace')}'text search parser', x.prsname::text
  FROM pg_catalog.pg_ts_parser x WHERE ${s.in('x.prsnamespace')} AND ${ext('pg_ts_parser', 'x.oid')}`,
  },
  {
    when: (ctx) => holds(ctx, 'pg_ts_template'),
    sql: (s) => `
SELECT ${s.key('x.tmplnamespace')}'text search template', x.tmplname::text
  FROM pg_catalog.pg_ts_template x WHERE ${s.in('x.tmplnamespace')} AND ${ext('pg_ts_template', 'x.oid')}`,
  },
  // Casts belong to no schema; one is the schema's when its function or one of its types is (so it
  // can belong to several of the schemas read together).
  {
    when: (ctx) => holds(ctx, 'pg_cast'),
    sql: (s) => `
SELECT ${s.key('cs.oid')}'cast', '(' || ${s.seen('pg_catalog.format_type(ca.castsource, NULL)', 'cs.oid')} || ' AS ' || ${s.seen('pg_catalog.format_type(ca.casttarget, NULL)', 'cs.oid')} || ')'
  FROM pg_catalog.pg_cast ca CROSS JOIN ${s.each('cs')}
 WHERE ca.oid >= 16384 AND ${ext('pg_cast', 'ca.oid')} AND ${notInternalPart('pg_cast', 'ca.oid')}
   AND (EXISTS (SELECT 1 FROM pg_catalog.pg_proc p WHERE p.oid = ca.castfunc AND p.pronamespace = cs.oid)
        OR EXISTS (SELECT 1 FROM pg_catalog.pg_type t WHERE t.oid IN (ca.castsource, ca.casttarget) AND t.typnamespace = cs.oid))`,
  },
  // PostgreSQL 18 virtual generated columns: the model's `generated` means STORED.
  {
    when: (ctx) => ctx.serverVersion >= 180_000 && holdsRelations(ctx, 'rp'),
    sql: (s) => `
SELECT ${s.key('c.relnamespace')}'virtual generated column', c.relname::text || '.' || a.attname::text
  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
 WHERE ${s.in('c.relnamespace', { relation: 'c.oid' })} AND c.relkind IN ('r', 'p') AND a.attgenerated = 'v' AND NOT a.attisdropped
   AND ${ext('pg_class', 'c.oid')}`,
  },
];

/** The branches that apply, as one query; the column names come from the wrapper, so any branch can be first. */
const unsupportedSql =
  (branches: typeof UNSUPPORTED_BRANCHES) =>
  (s: CatalogScope): string =>
    `SELECT * FROM (${branches.map((branch) => branch.sql(s)).join('\nUNION ALL\n')}) AS u(${s.key('u') === '' ? '' : 'schema_oid, '}kind, name)`;

export async function readUnsupported(ctx: CatalogContext): Promise<UnsupportedObject[]> {
  const branches = UNSUPPORTED_BRANCHES.filter((branch) => branch.when(ctx));
  if (branches.length === 0) return [];
  const rows = await queryCatalog<UnsupportedObject>(ctx, unsupportedSql(branches));
  return rows.map((row) => ({ kind: row.kind, name: row.name })).sort((a, b) => compareText(a.kind, b.kind) || compareText(a.name, b.name));
}
