/**
 * Which rows of the catalogs that grow with a fleet's tenants (pg_class, pg_type, pg_proc,
 * pg_constraint) belong to a schema, found by index lookups instead of a scan of the catalog's
 * namespace column, which has no index: on a database of 500 tenant schemas each such scan cost a
 * family query about 10 ms, and it grows with the number of tenants in the database.
 *
 * Everything that lives in a schema has a pg_depend row pointing at the namespace (it is what
 * DROP SCHEMA … CASCADE follows), found through pg_depend's index on the referenced object, except
 * what depends on another object of the schema instead: indexes (on their relation), a composite
 * type's relation (on its type), relations' row types (on the relation), array types (on their
 * element type), and constraints (on their relation or domain). Those are reached from the
 * direct members through their own indexed columns.
 *
 * These are sets of candidates: every user still filters on the namespace column too, so an object
 * of another schema never gets in. test/schema/introspect/batch-digest.test.ts checks the sets
 * equal what the namespace columns give, for every kind of object and after SET SCHEMA.
 * The batch digest (batch-digest.ts) and the family queries (CatalogScope.in) both use these rules.
 */

/** The catalogs whose rows can depend on a namespace directly and that the sets below start from. */
type MemberCatalog = 'pg_class' | 'pg_type' | 'pg_proc';

/** A query of one column: the oids of the rows of `catalog` that depend on the schema(s) directly. */
export type DirectMembers = (catalog: MemberCatalog) => string;

/** Direct members read from pg_depend, for the schema(s) whose oid satisfies `refobjid` (`= $1`, `= ANY (…)`, `= n.oid`). */
export function dependingOn(refobjid: string): DirectMembers {
  return (catalog) => `SELECT d.objid FROM pg_catalog.pg_depend d
     WHERE d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.refobjid ${refobjid}
       AND d.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass`;
}

/**
 * Relations but indexes: the direct ones and composite types' rows. (No family query reads indexes
 * by their namespace, they go through their tables; a set without them costs half the lookups.)
 */
export function memberRelations(direct: DirectMembers): string {
  return `SELECT m.oid FROM (${direct('pg_class')}) AS m(oid)
     UNION ALL SELECT t.typrelid FROM (${direct('pg_type')}) AS m(oid) JOIN pg_catalog.pg_type t ON t.oid = m.oid WHERE t.typrelid <> 0`;
}

/** Indexes: every index of the direct relations. */
export function memberIndexes(direct: DirectMembers): string {
  return `SELECT x.indexrelid FROM (${direct('pg_class')}) AS m(oid) JOIN pg_catalog.pg_index x ON x.indrelid = m.oid`;
}

/** Types that are not arrays: the direct ones (multiranges among them) and relations' row types. */
export function memberBaseTypes(direct: DirectMembers): string {
  return `SELECT m.oid FROM (${direct('pg_type')}) AS m(oid)
     UNION SELECT c.reltype FROM (${direct('pg_class')}) AS m(oid) JOIN pg_catalog.pg_class c ON c.oid = m.oid WHERE c.reltype <> 0`;
}

/** Every type, from the query of the base types (memberBaseTypes, or a CTE holding it): those and their arrays. */
export function memberTypes(baseTypes: string): string {
  return `SELECT b.oid FROM (${baseTypes}) AS b(oid)
     UNION ALL SELECT a.typarray FROM (${baseTypes}) AS b(oid) JOIN pg_catalog.pg_type a ON a.oid = b.oid WHERE a.typarray <> 0`;
}

/** Routines all depend on their schema (a range type's constructors too, besides their type). */
export function memberRoutines(direct: DirectMembers): string {
  return direct('pg_proc');
}

/**
 * Constraints of the direct relations (partitions are direct too) and of the base types (domains),
 * as rows (oid, connamespace) of pg_constraint itself: filtered on connamespace after the union,
 * not as `oid IN (…)` of pg_constraint, which the batch digest's generic plan made a scan of the
 * whole catalog.
 */
export function memberConstraintRows(direct: DirectMembers, baseTypes: string): string {
  return `SELECT con.oid, con.connamespace FROM (${direct('pg_class')}) AS m(oid) JOIN pg_catalog.pg_constraint con ON con.conrelid = m.oid
     UNION SELECT con.oid, con.connamespace FROM (${baseTypes}) AS b(oid) JOIN pg_catalog.pg_constraint con ON con.contypid = b.oid`;
}
