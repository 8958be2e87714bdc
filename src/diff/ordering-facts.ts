import type { SchemaChange } from './schema-change.js';
import { graphKey, isUniqueKey } from './object-keys.js';
import type { DiffContext } from './diff-context.js';
import type { ObjectKey } from '../schema/model.js';
import type { ChangeKind, Facts, FactsOf, OrderingFacts, OrderingFactsTable } from './ordering/facts.js';
import { extensionFacts } from './ordering/extension-facts.js';
import { typeFacts } from './ordering/type-facts.js';
import { tableFacts } from './ordering/table-facts.js';
import { columnFacts } from './ordering/column-facts.js';
import { constraintFacts } from './ordering/constraint-facts.js';
import { indexFacts } from './ordering/index-facts.js';
import { triggerPolicyFacts } from './ordering/trigger-policy-facts.js';
import { viewRoutineFacts } from './ordering/view-routine-facts.js';
import { commentFacts } from './ordering/comment-facts.js';
import { schemaFacts } from './ordering/schema-facts.js';

export type { OrderingFacts } from './ordering/facts.js';

/**
 * Every change kind's facts, one family file each under ./ordering. Typed over every kind, so a
 * kind added to SchemaChange without its facts does not compile.
 */
const FACTS: OrderingFactsTable = {
  ...extensionFacts,
  ...typeFacts,
  ...tableFacts,
  ...columnFacts,
  ...constraintFacts,
  ...indexFacts,
  ...triggerPolicyFacts,
  ...viewRoutineFacts,
  ...commentFacts,
  ...schemaFacts,
};

export function orderingFacts(ctx: DiffContext, change: SchemaChange): OrderingFacts {
  const f: Facts = { creates: [], drops: [], needs: [], releases: [], awaits: [] };
  // FACTS[change.kind] takes that kind of change; TypeScript cannot follow the pairing through the index.
  (FACTS[change.kind] as FactsOf<ChangeKind>)(f, change as never, ctx);
  if (!(change.kind === 'detach-partition' && change.pending)) f.needs.push(...pendingDetachKeys(ctx, tablesTouched(change)));
  // Re-creating a name waits for the old object with that name to be gone. A unique key is not a
  // name: two keys on the same columns can coexist, and one that carries foreign keys over from the
  // other must exist first.
  f.awaits.push(...f.creates.filter((key) => !isUniqueKey(key)));
  return f;
}

/** The tables a change alters, for pendingDetachKeys. */
function tablesTouched(change: SchemaChange): string[] {
  switch (change.kind) {
    case 'add-table':
      return [change.table.name, ...(change.table.partitionOf ? [change.table.partitionOf.parent] : [])];
    case 'alter-table':
      return [change.to.name];
    case 'add-index':
    case 'drop-index':
      return [change.index.table];
    case 'rebuild-index':
      return [change.to.table];
    case 'add-trigger':
    case 'drop-trigger':
      return [change.trigger.table];
    case 'alter-trigger':
      return [change.to.table];
    case 'add-policy':
    case 'drop-policy':
      return [change.policy.table];
    case 'alter-policy':
      return [change.to.table];
    case 'attach-partition':
    case 'detach-partition':
      return [change.table, change.parent];
    default:
      return 'table' in change && typeof change.table === 'string' ? [change.table] : [];
  }
}

/**
 * A partition left pending detach refuses every ALTER ("cannot alter partition … with an incomplete
 * detach"), and its parent's range still holds it: whatever touches either waits for the FINALIZE.
 */
function pendingDetachKeys(ctx: DiffContext, tables: readonly string[]): ObjectKey[] {
  const keys: ObjectKey[] = [];
  for (const [partition, parent] of ctx.pendingDetach) if (tables.includes(partition) || tables.includes(parent)) keys.push(graphKey.detachFinalized(partition));
  return keys;
}
