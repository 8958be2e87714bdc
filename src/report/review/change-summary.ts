/**
 * The object-level diff of a review, grouped by object kind: "table — added: orders; removed: x".
 * Built on the diff's one-line-per-change summary so both front doors name changes the same way.
 */
import { renderChangesText } from '../../diff/change-lines.js';
import type { SchemaChange } from '../../diff/schema-change.js';
import type { ObjectKindChanges } from './review-view.js';

type ChangeAction = 'added' | 'changed' | 'removed';

export type { ObjectKindChanges };

const ACTIONS: Record<string, ChangeAction> = { '+': 'added', '~': 'changed', '-': 'removed' };

/** Kinds people look for first; the rest follow in the order they first appear. */
const KIND_ORDER = ['extension', 'enum', 'domain', 'composite type', 'sequence', 'table', 'column', 'index', 'constraint', 'view', 'materialized view', 'function', 'procedure', 'trigger', 'policy'];

export function summarizeChanges(changes: readonly SchemaChange[]): ObjectKindChanges[] {
  const byKind = new Map<string, { added: string[]; changed: string[]; removed: string[] }>();
  for (const change of changes) {
    const line = renderChangesText([change]).trimEnd();
    const sign = line.slice(0, 1);
    const rest = line.slice(2);
    // The name is the last word; kinds may have several (`materialized view`, `comment on column`).
    const cut = rest.lastIndexOf(' ');
    const kind = cut > 0 ? rest.slice(0, cut) : rest;
    const name = cut > 0 ? rest.slice(cut + 1) : change.id;
    const entry = byKind.get(kind) ?? { added: [], changed: [], removed: [] };
    byKind.set(kind, entry);
    const list = entry[ACTIONS[sign] ?? 'changed'];
    // A replaced object shows up as dropped and added; one name per list is enough.
    if (!list.includes(name)) list.push(name);
  }
  const rank = (kind: string): number => {
    const index = KIND_ORDER.indexOf(kind);
    return index === -1 ? KIND_ORDER.length : index;
  };
  return [...byKind.entries()]
    .map(([kind, lists], order) => ({ kind, order, ...lists }))
    .sort((a, b) => rank(a.kind) - rank(b.kind) || a.order - b.order)
    .map(({ kind, added, changed, removed }) => ({ kind, added, changed, removed }));
}
