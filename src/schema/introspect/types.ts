import type { CompositeType, Domain, DomainConstraint, EnumType } from '../model.js';
import { byName, commentOf, holds, notExtensionMember, queryCatalog, sortedUnique, type CatalogContext, type CatalogScope } from './catalog.js';
import type { ColumnRow } from './columns.js';
import type { DependencyIndex } from './dependencies.js';

/**
 * Enums, domains and composite types in one query. Domain constraints ride along as JSON: there
 * are few of them and it saves a query. Only CHECK constraints are listed: from PostgreSQL 17 a
 * domain's NOT NULL is a constraint row too, and the model carries it as `notNull`.
 */
const TYPES_SQL = (s: CatalogScope): string => `
SELECT ${s.key('t.typnamespace')}t.oid, t.typname::text AS name, t.typtype::text AS kind, t.typrelid AS relid,
       CASE WHEN t.typtype = 'e' THEN
         ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
       END AS values,
       CASE WHEN t.typtype = 'd' THEN ${s.seen('pg_catalog.format_type(t.typbasetype, t.typtypmod)', 't.typnamespace')} END AS base_type,
       t.typnotnull AS not_null,
       CASE WHEN t.typtype = 'd' THEN ${s.seen('pg_catalog.pg_get_expr(t.typdefaultbin, 0)', 't.typnamespace')} END AS "default",
       CASE WHEN t.typtype = 'd' AND t.typcollation <> bt.typcollation AND co.oid IS NOT NULL THEN
         CASE WHEN co.collnamespace IN ('pg_catalog'::pg_catalog.regnamespace, ${s.own('t.typnamespace')}) THEN co.collname::text
              ELSE cn.nspname::text || '.' || co.collname::text END
       END AS collation,
       CASE WHEN t.typtype = 'd' THEN
         (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
                   'oid', con.oid, 'name', con.conname, 'definition', ${s.seen('pg_catalog.pg_get_constraintdef(con.oid)', 't.typnamespace')},
                   'validated', con.convalidated, 'comment', ${commentOf('pg_constraint', 'con.oid')}))
            FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c')
       END AS constraints,
       ${commentOf('pg_type', 't.oid')} AS comment
  FROM pg_catalog.pg_type t
  LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
  LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation
  LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
  LEFT JOIN pg_catalog.pg_class rel ON rel.oid = t.typrelid
 WHERE ${s.in('t.typnamespace', { type: 't.oid' })}
   AND (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND rel.relkind = 'c'))
   AND ${notExtensionMember('pg_type', 't.oid')}
`;

interface TypeRow {
  oid: number;
  name: string;
  kind: 'e' | 'd' | 'c';
  relid: number;
  values: string[] | null;
  base_type: string | null;
  not_null: boolean;
  default: string | null;
  collation: string | null;
  constraints: (DomainConstraint & { oid: number })[] | null;
  comment: string | null;
}

export interface Types {
  readonly enums: EnumType[];
  readonly domains: Domain[];
  readonly compositeTypes: CompositeType[];
}

export async function readTypes(ctx: CatalogContext, columns: Map<number, ColumnRow[]>, deps: DependencyIndex): Promise<Types> {
  const rows = holds(ctx, 'pg_type') ? await queryCatalog<TypeRow>(ctx, TYPES_SQL) : [];
  const enums: EnumType[] = [];
  const domains: Domain[] = [];
  const compositeTypes: CompositeType[] = [];
  for (const row of rows) {
    if (row.kind === 'e') {
      enums.push({ name: row.name, values: row.values ?? [], comment: row.comment });
    } else if (row.kind === 'd') {
      const constraints = byName(row.constraints ?? []);
      domains.push({
        name: row.name,
        baseType: row.base_type ?? '',
        notNull: row.not_null,
        default: row.default,
        collation: row.collation,
        constraints: constraints.map(({ name, definition, validated, comment }) => ({ name, definition, validated, comment })),
        comment: row.comment,
        dependsOn: sortedUnique([...deps.keys('type', row.oid), ...constraints.flatMap((c) => deps.keys('constraint', c.oid))]).filter((key) => key !== `type:${row.name}`),
      });
    } else {
      const attributes = columns.get(row.relid) ?? [];
      compositeTypes.push({
        name: row.name,
        attributes: attributes.map((a) => ({ name: a.name, type: a.type, collation: a.collation })),
        attributeComments: attributes.map((a) => a.comment),
        comment: row.comment,
        dependsOn: sortedUnique(attributes.flatMap((a) => deps.keys('relation', row.relid, a.attnum, [row.relid]))).filter((key) => key !== `type:${row.name}`),
      });
    }
  }
  return { enums: byName(enums), domains: byName(domains), compositeTypes: byName(compositeTypes) };
}
