import type { ObjectKey, SchemaModel } from '../schema/model.js';
import { orderedSchemas, type SchemaSet } from '../schema/schema-set.js';
import { emptySchemaModel } from '../schema/empty-model.js';
import type { DiffContext } from './diff-context.js';
import { unorderedChanges } from './diff-schemas.js';
import { orderByFacts } from './order-changes.js';
import { orderingFacts, type OrderingFacts } from './ordering-facts.js';
import type { CarriedForeignKey, SchemaChange } from './schema-change.js';

/** One schema of a set diff: its two models and its changes with their one-schema ids (what lint reads). */
export interface SchemaSetPart {
  readonly schema: string;
  readonly current: SchemaModel;
  readonly desired: SchemaModel;
  readonly changes: readonly SchemaChange[];
}

/** A part as diffSchemaSet works on it: with the diff's context, which orders its changes and stays inside this file. */
interface DiffedPart extends SchemaSetPart {
  readonly ctx: DiffContext;
}

export interface SchemaSetDiff {
  /** Every schema's changes (and add-schema / drop-schema) in one order that can run; each carries its schema, ids qualified by it. */
  readonly changes: readonly SchemaChange[];
  readonly parts: readonly SchemaSetPart[];
}

/**
 * current × desired for several schemas of one database. Each schema is diffed as it always is
 * (the unit stays the one-schema model), and all changes are ordered together by the same graph:
 * every ordering key is qualified by the schema it belongs to, and a key naming another schema of
 * the set (`table:audit.plans`, how introspection and references.table spell it) by that one, so a
 * foreign key from `app` to `audit.plans` is created after the table and dropped before it.
 * A schema created by the plan comes before everything made in it; one dropped, after its objects.
 */
export function diffSchemaSet(current: SchemaSet, desired: SchemaSet): SchemaSetDiff {
  const schemas = orderedSchemas([...current.scope, ...desired.scope], desired.primary);
  const serverVersion = anyModel(desired)?.serverVersion ?? anyModel(current)?.serverVersion ?? 0;
  const sides: { schema: string; current: SchemaModel; desired: SchemaModel }[] = [];
  for (const schema of schemas) {
    const cur = current.models.get(schema);
    const des = desired.models.get(schema);
    if (!cur && !des) continue;
    const currentModel = cur ?? withExtensions(emptySchemaModel(schema, serverVersion), schema === desired.primary ? anyModel(current) : undefined);
    sides.push({ schema, current: currentModel, desired: des ?? emptySchemaModel(schema, serverVersion) });
  }
  const { parts, external } = diffParts(sides);
  const names = new Map(parts.map((p) => [p.schema, objectNames(p.current, p.desired)]));
  const changes: SchemaChange[] = [];
  const facts: OrderingFacts[] = [];
  const schemaSet = new Set(parts.map((p) => p.schema));
  const edges: [number, number][] = [];
  /** The keys each change drops, by its index, spelled as other schemas name them (`column:app.orders.total`). */
  const ownDrops = new Map<number, readonly string[]>();
  const made = new Map<string, number>();
  const dropped = new Map<string, number>();
  for (const part of parts) {
    const { schema } = part;
    if (!current.models.has(schema)) {
      made.set(schema, changes.length);
      changes.push({ id: `add-schema:${schema}`, kind: 'add-schema', schema });
      facts.push(noFacts);
    }
    if (!desired.models.has(schema)) {
      dropped.set(schema, changes.length);
      changes.push({ id: `drop-schema:${schema}`, kind: 'drop-schema', schema });
      facts.push(noFacts);
    }
  }
  for (const part of parts) {
    const qualify = qualifier(part.schema, schemaSet, names);
    for (const change of part.changes) {
      const i = changes.length;
      changes.push(inSchema(change, part.schema, external.get(part.schema)));
      const f = orderingFacts(part.ctx, change);
      ownDrops.set(
        i,
        f.drops.map((key) => qualifiedId(part.schema, key)),
      );
      facts.push({ creates: f.creates.map(qualify), drops: f.drops.map(qualify), needs: f.needs.map(qualify), releases: f.releases.map(qualify), awaits: f.awaits.map(qualify) });
      const make = made.get(part.schema);
      if (make !== undefined) edges.push([make, i]);
      const drop = dropped.get(part.schema);
      if (drop !== undefined) edges.push([i, drop]);
    }
  }
  return { changes: orderByFacts(joinClusters(changes, ownDrops), facts, edges), parts: parts.map(publicPart) };
}

function publicPart(part: DiffedPart): SchemaSetPart {
  return { schema: part.schema, current: part.current, desired: part.desired, changes: part.changes };
}

/**
 * A change of one schema whose cluster grew around another schema's object (a view re-created
 * around a column `app` retypes has the cluster `column:app.orders.total`) commits with the change
 * of that schema that drops the object: their clusters are joined, so the steps share a transaction.
 */
function joinClusters(changes: readonly SchemaChange[], ownDrops: ReadonlyMap<number, readonly string[]>): SchemaChange[] {
  const used = new Set(changes.flatMap((c) => (c.cluster === undefined ? [] : [c.cluster])));
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let k = id;
    for (let p = parent.get(k); p !== undefined && p !== k; p = parent.get(k)) k = p;
    return k;
  };
  const union = (a: string, b: string): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const clusterOf = changes.map((c, i) => {
    const hit = (ownDrops.get(i) ?? []).find((key) => used.has(key) && key !== c.cluster);
    if (hit === undefined) return c.cluster;
    if (c.cluster !== undefined) union(c.cluster, hit);
    return hit;
  });
  return changes.map((c, i) => {
    const cluster = clusterOf[i];
    return cluster === undefined || find(cluster) === c.cluster ? c : { ...c, cluster: find(cluster) };
  });
}

/**
 * Each schema diffed on its own, told what the others drop or re-create: a view in `audit` over a
 * column `app` retypes is dropped and created again around it, as within one schema. Repeated
 * until nothing new goes (a view over that view in a third schema), at most once per schema.
 */
function diffParts(sides: readonly { schema: string; current: SchemaModel; desired: SchemaModel }[]): { parts: DiffedPart[]; external: ReadonlyMap<string, ReadonlySet<ObjectKey>> } {
  let external = new Map<string, ReadonlySet<ObjectKey>>();
  let parts: DiffedPart[] = [];
  for (let pass = 0; pass <= sides.length; pass++) {
    parts = sides.map((side) => {
      const { ctx, changes } = unorderedChanges(side.current, side.desired, external.get(side.schema));
      return { ...side, ctx, changes };
    });
    const next = new Map<string, ReadonlySet<ObjectKey>>();
    for (const part of parts) {
      const keys = new Set<ObjectKey>();
      for (const other of parts) {
        if (other.schema === part.schema) continue;
        const passedIn = external.get(other.schema) ?? new Set<ObjectKey>();
        for (const key of other.ctx.gone) if (!passedIn.has(key)) keys.add(qualifiedId(other.schema, key));
      }
      next.set(part.schema, keys);
    }
    const same = parts.every((p) => (next.get(p.schema)?.size ?? 0) === (external.get(p.schema)?.size ?? 0));
    if (same) break;
    external = next;
  }
  return { parts, external };
}

const noFacts: OrderingFacts = { creates: [], drops: [], needs: [], releases: [], awaits: [] };

function anyModel(set: SchemaSet): SchemaModel | undefined {
  return set.models.get(set.primary) ?? [...set.models.values()][0];
}

/** Extensions are the primary schema's (schema-set.ts); a database whose primary schema is missing still has them. */
function withExtensions(model: SchemaModel, from: SchemaModel | undefined): SchemaModel {
  return from ? { ...model, extensions: from.extensions } : model;
}

/** `kind:schema.rest`: how an id, cluster or key names an object of another schema of the set. */
function qualifiedId(schema: string, id: string): string {
  const colon = id.indexOf(':');
  return colon < 0 ? `${schema}.${id}` : `${id.slice(0, colon + 1)}${schema}.${id.slice(colon + 1)}`;
}

/** The one-schema id of a change or step of a set (`add-table:audit.log` → `add-table:log`). */
export function unqualifiedId(schema: string, id: string): string {
  const colon = id.indexOf(':');
  const prefix = `${schema}.`;
  return colon >= 0 && id.startsWith(prefix, colon + 1) ? `${id.slice(0, colon + 1)}${id.slice(colon + 1 + prefix.length)}` : id;
}

/** The change as part of a set: tagged with its schema, its ids (and the ids it points at) qualified by it. */
function inSchema(change: SchemaChange, schema: string, external: ReadonlySet<ObjectKey> = new Set()): SchemaChange {
  const id = (value: string): string => qualifiedId(schema, value);
  const carried = (list: readonly CarriedForeignKey[] | undefined) => list?.map((c) => ({ ...c, changeId: c.changeId === null ? null : id(c.changeId) }));
  const out: Record<string, unknown> = { ...change, id: id(change.id), schema };
  // A cluster grown around another schema's object is named by it already (joinClusters).
  if (change.cluster !== undefined) out.cluster = external.has(change.cluster) ? change.cluster : id(change.cluster);
  if ('carries' in change && change.carries) out.carries = carried(change.carries);
  if ('carriedBy' in change && change.carriedBy !== undefined) out.carriedBy = id(change.carriedBy);
  return out as unknown as SchemaChange;
}

/** Names of the schema's relations, types and routines on either side: what an unqualified key may name. */
function objectNames(current: SchemaModel, desired: SchemaModel): ReadonlySet<string> {
  const names = new Set<string>();
  for (const m of [current, desired]) {
    for (const list of [m.tables, m.views, m.materializedViews, m.sequences, m.enums, m.domains, m.compositeTypes, m.collations]) for (const o of list) names.add(o.name);
    for (const t of m.tables) for (const i of t.indexes) names.add(i.name);
    for (const r of m.routines) names.add(r.name);
  }
  return names;
}

/**
 * Graph keys of a change in `schema` made global: `kind:rest` becomes `schema␟kind:rest`, unless
 * `rest` starts with `other.` for another schema of the set and does not name an object of this
 * schema, in which case the key belongs to that schema (`table:audit.plans` → `audit␟table:plans`).
 */
function qualifier(schema: string, schemas: ReadonlySet<string>, names: ReadonlyMap<string, ReadonlySet<string>>): (key: ObjectKey) => ObjectKey {
  const own = names.get(schema) ?? new Set<string>();
  return (key) => {
    const colon = key.indexOf(':');
    const kind = key.slice(0, colon);
    const rest = key.slice(colon + 1);
    const head = rest.split(/[.(]/, 1)[0] ?? '';
    if (colon >= 0 && !own.has(rest) && !own.has(head) && !ownPrefix(own, rest)) {
      for (const other of schemas) {
        if (other !== schema && rest.startsWith(`${other}.`)) return `${other}\u001f${kind}:${rest.slice(other.length + 1)}`;
      }
    }
    return `${schema}\u001f${key}`;
  };
}

/** Whether `rest` starts with a name of this schema followed by `.` or `(` (a column, constraint or routine of it). */
function ownPrefix(own: ReadonlySet<string>, rest: string): boolean {
  for (let i = rest.indexOf('.'); i >= 0; i = rest.indexOf('.', i + 1)) if (own.has(rest.slice(0, i))) return true;
  return false;
}
