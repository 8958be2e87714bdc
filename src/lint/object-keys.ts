import { objectKey, type ObjectKey } from '../schema/model.js';

/**
 * The model keys a finding's object may stand for, most specific first. Findings name objects the
 * way people do (`orders`, `orders.total`, `f(integer)`), so one name can be a table, a view, an
 * index or a type; `t.x` can be a column, a constraint, a trigger or a policy of `t`.
 */
export function candidateKeys(object: string): ObjectKey[] {
  const call = /^([^(]+)\((.*)\)$/.exec(object);
  if (call) return [objectKey.routine(call[1] ?? '', call[2] ?? '')];
  const dot = object.indexOf('.');
  if (dot > 0) {
    const table = object.slice(0, dot);
    const name = object.slice(dot + 1);
    return [objectKey.column(table, name), objectKey.constraint(table, name), objectKey.trigger(table, name), objectKey.policy(table, name)];
  }
  return [
    objectKey.table(object),
    objectKey.view(object),
    objectKey.materializedView(object),
    objectKey.index(object),
    objectKey.type(object),
    objectKey.sequence(object),
    objectKey.extension(object),
    objectKey.collation(object),
  ];
}

/** The table part of `table.column`-style names (for the location fallback and object-scoped ignores). */
export function tablePart(object: string): string | null {
  if (object.includes('(')) return null;
  const dot = object.indexOf('.');
  return dot > 0 ? object.slice(0, dot) : null;
}
