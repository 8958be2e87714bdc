import type { ObjectKey } from '../schema/model.js';
import type { ChangeKind, SchemaChange } from './schema-change.js';
import type { DiffContext } from './diff-context.js';
import { orderingFacts, type OrderingFacts } from './ordering-facts.js';
import { topologicalSort } from './topological-sort.js';

/**
 * Where a kind goes when the graph leaves the choice open: the phase order of a hand-written
 * migration (drop dependants, create types and functions, tables, columns, constraints, views,
 * then drop what nothing uses any more). The graph always wins over this.
 */
const PHASE: Record<ChangeKind, number> = {
  'add-schema': 1,
  'drop-schema': 99,
  'add-extension': 10,
  'alter-extension': 11,
  'drop-trigger': 20,
  'drop-policy': 20,
  'drop-view': 21,
  'drop-materialized-view': 21,
  'drop-constraint': 22,
  'rename-constraint': 22,
  'drop-index': 23,
  'detach-partition': 24,
  'revoke-privileges': 2,
  'grant-privileges': 75,
  'add-collation': 31,
  'drop-collation': 94,
  'add-enum': 30,
  'add-enum-values': 30,
  'recreate-enum': 31,
  'add-composite-type': 31,
  'alter-composite-type': 31,
  'add-domain': 32,
  'alter-domain': 32,
  'add-sequence': 33,
  'add-routine': 35,
  'replace-routine': 35,
  'add-table': 40,
  'alter-table': 41,
  'attach-partition': 42,
  'add-column': 45,
  'alter-column': 46,
  'alter-sequence': 47,
  'set-not-null': 48,
  'add-constraint': 50,
  'replace-constraint': 50,
  'validate-constraint': 51,
  'add-index': 52,
  'rebuild-index': 52,
  'add-view': 60,
  'replace-view': 60,
  'add-materialized-view': 61,
  'add-trigger': 65,
  'alter-trigger': 66,
  'add-policy': 65,
  'alter-policy': 65,
  'set-row-level-security': 67,
  'set-replica-identity': 68,
  'set-inheritance': 47,
  'set-comment': 70,
  'drop-column': 80,
  'drop-table': 81,
  'drop-routine': 85,
  'drop-sequence': 86,
  'drop-domain': 87,
  'drop-composite-type': 88,
  'drop-enum': 89,
  'drop-extension': 95,
};

export function orderChanges(ctx: DiffContext, changes: readonly SchemaChange[]): SchemaChange[] {
  return orderByFacts(
    changes,
    changes.map((c) => orderingFacts(ctx, c)),
  );
}

/**
 * Orders changes by their facts (orderingFacts, one per change): a change that needs a key runs
 * after the change creating it, one that releases a key before the change dropping it, and so on.
 * `extraEdges` (from → to, by index) adds orderings the facts do not express.
 */
export function orderByFacts(changes: readonly SchemaChange[], facts: readonly OrderingFacts[], extraEdges: readonly (readonly [number, number])[] = []): SchemaChange[] {
  const index = (pick: (i: number) => readonly ObjectKey[]) => {
    const map = new Map<ObjectKey, number[]>();
    facts.forEach((_, i) => {
      for (const key of pick(i)) {
        const list = map.get(key) ?? [];
        if (!list.includes(i)) list.push(i);
        map.set(key, list);
      }
    });
    return map;
  };
  const creators = index((i) => facts[i]?.creates ?? []);
  const droppers = index((i) => facts[i]?.drops ?? []);
  const edges = new Map<number, Set<number>>();
  const edge = (from: number, to: number) => {
    if (from === to) return;
    const set = edges.get(from) ?? new Set<number>();
    set.add(to);
    edges.set(from, set);
  };
  facts.forEach((f, i) => {
    for (const k of f.needs) for (const c of creators.get(k) ?? []) edge(c, i);
    for (const k of f.releases) for (const d of droppers.get(k) ?? []) edge(i, d);
    for (const k of f.awaits) for (const d of droppers.get(k) ?? []) edge(d, i);
  });
  // Extensions bring types and functions the model can't always name: install first, remove last.
  changes.forEach((c, i) => {
    changes.forEach((other, j) => {
      if (other.kind.endsWith('-extension')) return;
      if (c.kind === 'add-extension' || c.kind === 'alter-extension') edge(i, j);
      if (c.kind === 'drop-extension') edge(j, i);
    });
  });
  for (const [from, to] of extraEdges) edge(from, to);
  const pad = (n: number) => String(n).padStart(3, '0');
  return topologicalSort(
    changes,
    edges,
    (c) => `${pad(PHASE[c.kind])} ${c.id}`,
    (c) => c.cluster,
  );
}
