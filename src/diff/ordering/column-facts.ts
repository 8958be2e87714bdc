import type { Column, ObjectKey } from '../../schema/model.js';
import { graphKey } from '../object-keys.js';
import { type FamilyFacts, minus } from './facts.js';
import { partitionSettingsNeeds, collationKeys } from './column-keys.js';

// Ordering facts (see ordering-facts.ts) of the changes to columns.

export const columnFacts: FamilyFacts<'add-column' | 'drop-column' | 'alter-column' | 'set-not-null'> = {
  'add-column': (f, change, ctx) => {
    f.needs.push(...collationKeys(ctx, [change.column]));
    f.creates.push(graphKey.column(change.table, change.column.name), graphKey.columnSettings(change.table, change.column.name));
    if (change.column.notNull) f.creates.push(graphKey.notNull(change.table, change.column.name));
    f.needs.push(...columnDeps(change.table, change.column));
  },
  'drop-column': (f, change) => {
    f.drops.push(graphKey.column(change.table, change.column.name));
    f.releases.push(...change.column.dependsOn);
  },
  'alter-column': (f, change, ctx) => {
    const { table, from, to } = change;
    const key = graphKey.column(table, to.name);
    f.creates.push(graphKey.columnSettings(table, to.name));
    f.needs.push(...columnDeps(table, to), ...partitionSettingsNeeds(ctx, table, to.name));
    f.releases.push(...minus(from.dependsOn, to.dependsOn));
    if (from.type !== to.type || from.collation !== to.collation || from.generated !== to.generated) {
      f.creates.push(key);
      f.drops.push(key);
    }
    if (to.identity !== null && from.identity === null && !from.notNull) f.needs.push(graphKey.notNull(table, to.name));
    if (from.notNull && !to.notNull) {
      // DROP NOT NULL is refused while a primary key covers the column.
      const old = ctx.currentTables.get(table)?.constraints ?? [];
      for (const c of old) if (c.kind === 'primary key' && c.columns.includes(to.name)) f.awaits.push(graphKey.constraint(table, c.name));
    }
  },
  'set-not-null': (f, change, ctx) => {
    f.creates.push(graphKey.notNull(change.table, change.column), graphKey.columnSettings(change.table, change.column));
    f.needs.push(graphKey.column(change.table, change.column), ...partitionSettingsNeeds(ctx, change.table, change.column));
  },
};

function columnDeps(table: string, column: Column): ObjectKey[] {
  return [graphKey.table(table), ...column.dependsOn];
}
