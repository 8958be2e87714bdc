import type { Privilege } from '../model.js';
import { compareText, queryCatalog, type CatalogContext, type CatalogScope } from './catalog.js';

/**
 * Privileges on the schema's relations and routines, one row per grantee and privilege. The
 * owner's own entry is left out: ownership is not modelled (the scratch database's objects belong
 * to its own role), and an owner holds every privilege anyway. A routine without an ACL has the
 * default one (EXECUTE to PUBLIC), which acldefault spells out, so REVOKE … FROM PUBLIC shows.
 */
const PRIVILEGES_SQL = (s: CatalogScope): string => `
SELECT ${s.key('c.relnamespace')}CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END AS kind, c.relname::text AS name, NULL::text AS arguments,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee)::text END AS grantee,
       a.privilege_type::text AS privilege, a.is_grantable AS grantable
  FROM pg_catalog.pg_class c CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a
 WHERE ${s.in('c.relnamespace', { relation: 'c.oid' })} AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relacl IS NOT NULL AND a.grantee <> c.relowner
UNION ALL
SELECT ${s.key('p.pronamespace')}'routine', p.proname::text, ${s.seen('pg_catalog.pg_get_function_identity_arguments(p.oid)', 'p.pronamespace')},
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee)::text END,
       a.privilege_type::text, a.is_grantable
  FROM pg_catalog.pg_proc p CROSS JOIN LATERAL pg_catalog.aclexplode(COALESCE(p.proacl, pg_catalog.acldefault('f', p.proowner))) a
 WHERE ${s.in('p.pronamespace', { routine: 'p.oid' })} AND p.prokind IN ('f', 'p') AND a.grantee <> p.proowner
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e')
`;

const identity = (p: Privilege): string => `${p.kind}:${p.name}(${p.arguments ?? ''}) ${p.grantee} ${p.privilege}`;

function sortPrivileges(privileges: readonly Privilege[]): Privilege[] {
  return [...privileges].sort((a, b) => compareText(identity(a), identity(b)));
}

export async function readPrivileges(ctx: CatalogContext): Promise<Privilege[]> {
  const rows = await queryCatalog<Privilege>(ctx, PRIVILEGES_SQL);
  // Built key by key, so the model serialises the same whichever query (one schema or many) read it.
  return sortPrivileges(rows.map((r) => ({ kind: r.kind, name: r.name, arguments: r.arguments, grantee: r.grantee, privilege: r.privilege, grantable: r.grantable })));
}
