import type { Column } from '../schema/model.js';
import type { StepDraft } from './plan-context.js';
import { optionNames, qi } from './sql-fragments.js';

/** A column's attributes as a new column has them: its type's storage, and nothing else set. */
function defaultsFor(column: Column): Pick<Column, 'storage' | 'compression' | 'statistics' | 'attributeOptions'> {
  return { storage: column.typeStorage, compression: null, statistics: null, attributeOptions: [] };
}

/**
 * SET STORAGE, SET COMPRESSION, SET STATISTICS and SET/RESET of attribute options: catalog-only
 * changes (no rewrite: values already stored keep the storage and compression they were written
 * with, and the next ANALYZE uses the new target). STORAGE and COMPRESSION take ACCESS EXCLUSIVE
 * for an instant; the others SHARE UPDATE EXCLUSIVE.
 *
 * `from` null: a column created by this plan (its compression is in its definition). `retyped`:
 * the plan changes the column's type or collation first; ALTER COLUMN … TYPE gives it the new
 * type's storage and the default compression (statistics and options stay).
 */
export function columnAttributeSteps(table: string, from: Column | null, to: Column, retyped: boolean, onNewObject: boolean): StepDraft[] {
  const before = from ?? { ...defaultsFor(to), compression: to.compression };
  const alter = `ALTER TABLE ${qi(table)} ALTER COLUMN ${qi(to.name)}`;
  const strong = onNewObject ? { onNewObject: true } : { lock: 'ACCESS EXCLUSIVE' as const, table };
  const weak = onNewObject ? { onNewObject: true } : { lock: 'SHARE UPDATE EXCLUSIVE' as const, table };
  const steps: StepDraft[] = [];
  const storageBefore = retyped ? to.typeStorage : before.storage;
  if (storageBefore !== to.storage) steps.push({ sql: `${alter} SET STORAGE ${to.storage.toUpperCase()}`, ...strong });
  const compressionBefore = retyped ? null : before.compression;
  if (compressionBefore !== to.compression) steps.push({ sql: `${alter} SET COMPRESSION ${to.compression ?? 'DEFAULT'}`, ...strong });
  if (before.statistics !== to.statistics) steps.push({ sql: `${alter} SET STATISTICS ${to.statistics ?? -1}`, ...weak });
  const wantedNames = new Set(optionNames(to.attributeOptions));
  const reset = optionNames(before.attributeOptions).filter((name) => !wantedNames.has(name));
  const set = to.attributeOptions.filter((option) => !before.attributeOptions.includes(option));
  if (reset.length > 0) steps.push({ sql: `${alter} RESET (${reset.join(', ')})`, ...weak });
  if (set.length > 0) steps.push({ sql: `${alter} SET (${set.join(', ')})`, ...weak });
  return steps;
}
