import type { Column, Domain, EnumType, MaterializedView, Routine, Table, View } from '../schema/model.js';

/** ALTER COLUMN … TYPE is needed (type or collation differs); views reading the column must go first. */
export function columnRetyped(from: Column, to: Column): boolean {
  return from.type !== to.type || from.collation !== to.collation;
}

/**
 * Turning a plain column into a generated one (or changing the expression before PG 17) means
 * dropping and adding the column again.
 */
export function columnRegenerated(from: Column, to: Column): boolean {
  return from.generated !== to.generated && to.generated !== null;
}

/** ADD VALUE can only insert: any removed or reordered value forces a new type. */
export function enumNeedsRecreate(from: EnumType, to: EnumType): boolean {
  let i = 0;
  for (const value of to.values) if (value === from.values[i]) i++;
  return i < from.values.length;
}

/** CREATE OR REPLACE FUNCTION cannot change the kind, argument names/defaults or the result type. */
export function routineNeedsDrop(from: Routine, to: Routine): boolean {
  return from.kind !== to.kind || from.arguments !== to.arguments || from.returns !== to.returns;
}

/** CREATE OR REPLACE VIEW may only append columns, and never retype one; anything else is drop + create. */
export function viewNeedsDrop(from: View, to: View): boolean {
  if (from.definition === to.definition) return false;
  if (to.columns.length < from.columns.length) return true;
  if (from.columns.some((c, i) => to.columns[i] !== c)) return true;
  return (from.columnTypes ?? []).some((type, i) => to.columnTypes !== undefined && to.columnTypes[i] !== type);
}

export function materializedViewChanged(from: MaterializedView, to: MaterializedView): boolean {
  return from.definition !== to.definition || from.options.join(',') !== to.options.join(',');
}

export function domainNeedsRecreate(from: Domain, to: Domain): boolean {
  return from.baseType !== to.baseType || from.collation !== to.collation;
}

/** A table can't switch between plain and partitioned, or change its partition key, in place. */
export function tableNeedsRecreate(from: Table, to: Table): boolean {
  return from.kind !== to.kind || from.partitionKey !== to.partitionKey;
}

/** Integer widths compare with each other (integer_ops), and so do text and varchar (text_ops). */
const COMPARISON_FAMILIES: readonly (readonly string[])[] = [
  ['smallint', 'integer', 'bigint'],
  ['text', 'character varying'],
];

function comparisonFamily(type: string): string {
  // A length or precision limit does not change which operators compare the values.
  const base = type.replace(/\([\d, ]+\)/, '');
  return COMPARISON_FAMILIES.find((family) => family.includes(base))?.[0] ?? base;
}

/**
 * Whether a foreign key can stay while one of its columns (its own or a referenced one) is
 * retyped: ALTER COLUMN … TYPE re-adds the foreign key as it is, and PostgreSQL refuses it when
 * the two sides no longer compare ("Key columns … are of incompatible types"). The sides are
 * retyped one statement at a time, so in between the new type meets the other side's old one.
 */
export function foreignKeySurvivesRetype(from: Column, to: Column): boolean {
  return comparisonFamily(from.type) === comparisonFamily(to.type);
}
