import type { Policy } from '../model.js';
import { commentOf, compareText, queryCatalog, type CatalogContext, type CatalogScope } from './catalog.js';

const COMMANDS: Record<string, string> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };

/** Row level security policies; role 0 in polroles is PUBLIC. */
const POLICIES_SQL = (s: CatalogScope): string => `
SELECT ${s.key('c.relnamespace')}pol.polrelid AS relid, pol.polname::text AS name, c.relname::text AS table,
       pol.polpermissive AS permissive, pol.polcmd::text AS command,
       ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r.oid)::text END
               FROM pg_catalog.unnest(pol.polroles) AS r(oid)) AS roles,
       ${s.seen('pg_catalog.pg_get_expr(pol.polqual, pol.polrelid)', 'c.relnamespace')} AS using,
       ${s.seen('pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid)', 'c.relnamespace')} AS with_check,
       ${commentOf('pg_policy', 'pol.oid')} AS comment
  FROM pg_catalog.pg_policy pol
  JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
 WHERE ${s.in('c.relnamespace', { relation: 'c.oid' })}
`;

interface PolicyRow {
  relid: number;
  name: string;
  table: string;
  permissive: boolean;
  command: string;
  roles: string[];
  using: string | null;
  with_check: string | null;
  comment: string | null;
}

/** Policies keyed by the oid of their table. */
export async function readPolicies(ctx: CatalogContext): Promise<Map<number, Policy[]>> {
  const rows = await queryCatalog<PolicyRow>(ctx, POLICIES_SQL);
  const byTable = new Map<number, Policy[]>();
  for (const row of rows) {
    const policy: Policy = {
      name: row.name,
      table: row.table,
      permissive: row.permissive,
      command: COMMANDS[row.command] ?? row.command,
      roles: [...row.roles].sort(compareText),
      using: row.using,
      withCheck: row.with_check,
      comment: row.comment,
    };
    const list = byTable.get(row.relid);
    if (list) list.push(policy);
    else byTable.set(row.relid, [policy]);
  }
  return byTable;
}
