import type { Index, Table } from '../../schema/model.js';
import type { LintRule, RuleViolation } from '../rule.js';

interface KeyedIndex {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

/** Comparable btree indexes of a table: plain keys only (no INCLUDE, no partial), plus PK / UNIQUE constraints. */
function comparable(table: Table): KeyedIndex[] {
  const plain = (i: Index) => i.method === 'btree' && i.predicate === null && i.valid && !i.inherited && !/\) INCLUDE \(/.test(i.definition);
  return [
    ...table.indexes.filter(plain).map((i) => ({ name: i.name, columns: i.columns, unique: i.unique })),
    ...table.constraints
      .filter((c) => (c.kind === 'primary key' || c.kind === 'unique') && !c.inherited && !/ INCLUDE \(/.test(c.definition))
      .map((c) => ({ name: c.name, columns: c.columns, unique: true })),
  ];
}

const isPrefix = (a: readonly string[], b: readonly string[]) => a.length <= b.length && a.every((x, i) => b[i] === x);

/**
 * A new btree index whose key columns are a leading prefix of another index on the same table adds
 * write cost and space for nothing: the longer index answers the same lookups.
 */
export const duplicateIndex: LintRule = {
  id: 'duplicate-index',
  category: 'performance',
  defaultSeverity: 'warning',
  why: "An index whose columns are a leading prefix of another index on the same table is redundant: every write maintains it, queries get nothing the other one doesn't give.",
  fix: 'Drop the new index from the schema and rely on the existing one, unless it is UNIQUE, partial or uses another operator class on purpose.',
  check(context) {
    const out: RuleViolation[] = [];
    const added = new Set(context.changes.flatMap((c) => (c.kind === 'add-index' ? [c.index.name] : c.kind === 'rebuild-index' ? [c.to.name] : [])));
    for (const change of context.changes) {
      if (change.kind !== 'add-index' && change.kind !== 'rebuild-index') continue;
      const idx = change.kind === 'add-index' ? change.index : change.to;
      const table = context.desired.tables.find((t) => t.name === idx.table);
      if (!table) continue;
      const all = comparable(table);
      const self = all.find((i) => i.name === idx.name);
      if (!self || self.unique) continue;
      const cover = all.find((o) => o.name !== self.name && isPrefix(self.columns, o.columns) && (o.columns.length > self.columns.length || o.unique || !added.has(o.name) || o.name < self.name));
      // Two identical new indexes: only the second (by name) is reported.
      if (!cover) continue;
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      out.push({
        object: idx.name,
        message: `New index ${idx.name} on ${idx.table} (${self.columns.join(', ')}) duplicates ${cover.name} (${cover.columns.join(', ')}), whose leading columns are the same: it costs write time and space without serving any query ${cover.name} can't.`,
        ...(step >= 0 ? { step } : {}),
      });
    }
    return out;
  },
};
