import type { LintRule, RuleViolation } from '../rule.js';
import { likelyTableRenames } from './table-renamed.js';
import { plural } from '../../util/plural.js';

/** Dropping a table loses its rows on every tenant (a rename-looking drop is table-renamed's). */
export const dropTable: LintRule = {
  id: 'drop-table',
  category: 'data-loss',
  defaultSeverity: 'error',
  why: 'Dropping a table deletes all its rows on every tenant, and code still using it fails.',
  fix: 'Stop all reads and writes first, back the data up (or check every tenant holds no rows you need), and drop the table in its own release; ignore this finding with the reason once that is done.',
  check(context) {
    const renamed = new Set(likelyTableRenames(context).map((r) => r.from.name));
    const out: RuleViolation[] = [];
    const dropped = new Set(context.changes.flatMap((c) => (c.kind === 'drop-table' && !c.replaced ? [c.table.name] : [])));
    for (const change of context.changes) {
      if (change.kind !== 'drop-table' || renamed.has(change.table.name)) continue;
      const t = change.table;
      // Partitions dropped with their parent are told in the parent's finding.
      if (t.partitionOf && dropped.has(t.partitionOf.parent) && !change.replaced) continue;
      const partitions = context.current.tables.filter((p) => p.partitionOf?.parent === t.name && dropped.has(p.name)).map((p) => p.name);
      const withPartitions = partitions.length > 0 ? ` and its partition${partitions.length === 1 ? '' : 's'} ${partitions.join(', ')}` : '';
      const step = context.plan.steps.findIndex((s) => s.changeId === change.id);
      let message: string;
      if (change.replaced) {
        message = `${t.name} is dropped and created again because its partitioning changes (${t.partitionKey ?? 'not partitioned'} → ${context.desired.tables.find((d) => d.name === t.name)?.partitionKey ?? 'not partitioned'}): the rows are not copied, so every tenant's ${t.name} ends up empty.`;
      } else if (t.partitionOf) {
        message = `Drops partition ${t.name} of ${t.partitionOf.parent} (${t.partitionOf.bound}) with all its rows: they disappear from ${t.partitionOf.parent} on every tenant.`;
      } else {
        message = `Drops table ${t.name}${withPartitions} (${plural(t.columns.length, 'column')}) with all ${partitions.length > 0 ? 'their' : 'its'} rows on every tenant; queries still using ${t.name} fail.`;
      }
      out.push({ object: t.name, message, step: step >= 0 ? step : undefined });
    }
    return out;
  },
};
