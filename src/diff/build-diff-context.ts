import type { Constraint, ObjectKey, SchemaModel } from '../schema/model.js';
import { constraintBody } from './diff-constraints.js';
import { byName, Clusters, compareText, comparedColumns, ownColumns, type DiffContext } from './diff-context.js';
import { graphKey } from './object-keys.js';
import { quoteIdent } from '../util/quote-ident.js';
import {
  columnRegenerated,
  columnRetyped,
  domainNeedsRecreate,
  enumNeedsRecreate,
  foreignKeySurvivesRetype,
  materializedViewChanged,
  routineNeedsDrop,
  tableNeedsRecreate,
  viewNeedsDrop,
} from './replacement-rules.js';

const routineKey = (r: { name: string; identityArguments: string }) => graphKey.routine(r.name, r.identityArguments);

/**
 * Finds what must be dropped and created again, and what must move with it: PostgreSQL refuses to
 * retype or drop a column a view reads, to drop a function a trigger calls, and so on, so every
 * dependant of a replaced or removed object is replaced too (transitively), and joins its cluster.
 */
export function buildDiffContext(current: SchemaModel, desired: SchemaModel, externalGone: ReadonlySet<ObjectKey> = new Set()): DiffContext {
  const currentTables = byName(current.tables, (t) => t.name);
  const desiredTables = byName(desired.tables, (t) => t.name);
  const clusters = new Clusters();
  const replaced = new Set<ObjectKey>();
  /** Keys whose old object goes away (dropped, or dropped and created again). */
  const gone = new Set<ObjectKey>();

  const recreatedTables = new Set<string>();
  const createdTables = new Set<string>();
  for (const [name, to] of desiredTables) {
    const from = currentTables.get(name);
    if (!from) createdTables.add(name);
    else if (tableNeedsRecreate(from, to)) {
      recreatedTables.add(name);
      createdTables.add(name);
    }
  }

  // A foreign key into a re-created table would block its DROP TABLE: it goes before and comes back
  // after (NOT VALID, then validated), when it is still wanted and its own table stays.
  for (const [name, from] of currentTables) {
    const to = desiredTables.get(name);
    if (!to || recreatedTables.has(name)) continue;
    for (const c of from.constraints) {
      if (c.kind !== 'foreign key' || c.inherited || !c.references || !recreatedTables.has(c.references.table)) continue;
      if (to.constraints.some((wanted) => wanted.name === c.name && !wanted.inherited)) replaced.add(graphKey.constraint(name, c.name));
    }
  }

  for (const [name, from] of currentTables) {
    const to = desiredTables.get(name);
    if (!to || recreatedTables.has(name)) {
      gone.add(graphKey.table(name));
      for (const c of from.columns) {
        gone.add(graphKey.column(name, c.name));
        clusters.union(graphKey.table(name), graphKey.column(name, c.name));
      }
      continue;
    }
    const compared = comparedColumns(from, to);
    const desiredColumns = byName(compared.to, (c) => c.name);
    for (const c of compared.from) {
      const next = desiredColumns.get(c.name);
      if (!next || columnRetyped(c, next) || columnRegenerated(c, next)) gone.add(graphKey.column(name, c.name));
    }
  }

  const desiredEnums = byName(desired.enums, (e) => e.name);
  for (const e of current.enums) {
    const to = desiredEnums.get(e.name);
    if (!to) gone.add(graphKey.type(e.name));
    else if (enumNeedsRecreate(e, to)) {
      gone.add(graphKey.type(e.name));
      clusters.add(graphKey.type(e.name));
      for (const t of current.tables) {
        for (const c of ownColumns(t)) {
          if (!columnUsesType(c, e.name)) continue;
          gone.add(graphKey.column(t.name, c.name));
          clusters.union(graphKey.type(e.name), graphKey.column(t.name, c.name));
        }
      }
    }
  }
  const desiredDomains = byName(desired.domains, (d) => d.name);
  for (const d of current.domains) {
    const to = desiredDomains.get(d.name);
    if (!to) gone.add(graphKey.type(d.name));
    else if (domainNeedsRecreate(d, to)) {
      gone.add(graphKey.type(d.name));
      replaced.add(graphKey.type(d.name));
    }
  }
  const desiredComposites = byName(desired.compositeTypes, (t) => t.name);
  for (const t of current.compositeTypes) if (!desiredComposites.has(t.name)) gone.add(graphKey.type(t.name));
  const desiredRoutines = byName(desired.routines, routineKey);
  for (const r of current.routines) {
    const key = routineKey(r);
    const to = desiredRoutines.get(key);
    if (!to) gone.add(key);
    else if (routineNeedsDrop(r, to)) {
      gone.add(key);
      replaced.add(key);
      clusters.add(key);
    }
  }
  const desiredViews = byName(desired.views, (v) => v.name);
  for (const v of current.views) {
    const key = graphKey.view(v.name);
    const to = desiredViews.get(v.name);
    if (!to) gone.add(key);
    else if (viewNeedsDrop(v, to)) {
      gone.add(key);
      replaced.add(key);
      clusters.add(key);
    }
  }
  const desiredMatviews = byName(desired.materializedViews, (v) => v.name);
  for (const v of current.materializedViews) {
    const key = graphKey.materializedView(v.name);
    const to = desiredMatviews.get(v.name);
    if (!to) gone.add(key);
    else if (materializedViewChanged(v, to)) {
      gone.add(key);
      replaced.add(key);
      clusters.add(key);
    }
  }

  /** Keys of a foreign key's columns (its own and the referenced ones) whose retype it cannot stay through (foreignKeySurvivesRetype). */
  const foreignKeyRetypedColumns = (table: string, fk: Constraint, redefined: boolean): ObjectKey[] => {
    const sides: [string, readonly string[]][] = [[table, fk.columns]];
    if (fk.references) sides.push([fk.references.table, fk.references.columns]);
    const keys: ObjectKey[] = [];
    for (const [name, columns] of sides) {
      const from = currentTables.get(name);
      const to = desiredTables.get(name);
      if (!from || !to || recreatedTables.has(name)) continue;
      for (const column of columns) {
        const before = from.columns.find((x) => x.name === column);
        const after = to.columns.find((x) => x.name === column);
        if (before && after && columnRetyped(before, after) && (redefined || !foreignKeySurvivesRetype(before, after))) keys.push(graphKey.column(name, column));
      }
    }
    return keys;
  };

  // What other schemas of a set drop or re-create (`column:app.orders.total`, diff-schema-set.ts):
  // this schema's dependants of it are replaced too, as they would be within one schema.
  for (const key of externalGone) gone.add(key);

  // Dependants, to a fixed point (view on view on view …). Sorted walks keep clusters stable.
  const dependants: { key: ObjectKey; deps: readonly ObjectKey[]; stillWanted: boolean; follows: (dep: ObjectKey) => boolean }[] = [];
  const anyDep = () => true;
  const notColumn = (dep: ObjectKey) => !dep.startsWith('column:') && !dep.startsWith('table:');
  for (const v of current.views) dependants.push({ key: graphKey.view(v.name), deps: v.dependsOn, stillWanted: desiredViews.has(v.name), follows: anyDep });
  for (const v of current.materializedViews) {
    dependants.push({ key: graphKey.materializedView(v.name), deps: v.dependsOn, stillWanted: desiredMatviews.has(v.name), follows: anyDep });
  }
  for (const t of current.tables) {
    const target = desiredTables.get(t.name);
    if (!target || recreatedTables.has(t.name)) continue;
    const wantedTriggers = new Set(target.triggers.map((x) => x.name));
    for (const tr of t.triggers) {
      if (tr.inherited) continue;
      dependants.push({ key: graphKey.trigger(t.name, tr.name), deps: tr.dependsOn, stillWanted: wantedTriggers.has(tr.name), follows: anyDep });
    }
    const wantedConstraints = new Map(target.constraints.map((x) => [x.name, x]));
    for (const c of t.constraints) {
      if (c.inherited) continue;
      const next = wantedConstraints.get(c.name);
      // PostgreSQL re-checks constraints itself when a column is retyped; functions and types it can't.
      // A CHECK that is redefined too is the exception: ALTER COLUMN TYPE would re-check its OLD text
      // against the new type (`c >= 0` on a column becoming text fails), so it goes before the column
      // changes and comes back, redefined, after.
      const redefinedCheck = c.kind === 'check' && next !== undefined && constraintBody(next) !== constraintBody(c);
      // A foreign key is re-added as it is too: one whose columns no longer compare to the other
      // side's, or that is redefined, goes before its retyped columns and comes back after.
      const retypedKeyColumns = c.kind === 'foreign key' && next !== undefined ? foreignKeyRetypedColumns(t.name, c, constraintBody(next) !== constraintBody(c)) : [];
      const deps = redefinedCheck ? [...c.dependsOn, ...c.columns.map((column) => graphKey.column(t.name, column))] : [...c.dependsOn, ...retypedKeyColumns];
      const follows = redefinedCheck || retypedKeyColumns.length > 0 ? anyDep : notColumn;
      dependants.push({ key: graphKey.constraint(t.name, c.name), deps, stillWanted: next !== undefined, follows });
    }
    const wantedPolicies = new Set(target.policies.map((x) => x.name));
    for (const p of t.policies) {
      // Policies carry no dependsOn: a retyped column is found by name in their expressions.
      const text = `${p.using ?? ''} ${p.withCheck ?? ''}`;
      const deps = t.columns.filter((c) => mentionsIdentifier(text, c.name)).map((c) => graphKey.column(t.name, c.name));
      dependants.push({ key: graphKey.policy(t.name, p.name), deps, stillWanted: wantedPolicies.has(p.name), follows: anyDep });
    }
  }
  dependants.sort((a, b) => compareText(a.key, b.key));
  for (let changed = true; changed;) {
    changed = false;
    for (const d of dependants) {
      const hit = [...d.deps].sort(compareText).find((dep) => gone.has(dep) && d.follows(dep));
      if (hit === undefined) continue;
      if (!gone.has(d.key)) {
        gone.add(d.key);
        changed = true;
      }
      if (d.stillWanted && !replaced.has(d.key)) {
        replaced.add(d.key);
        changed = true;
      }
      if (clusters.find(d.key) !== clusters.find(hit)) {
        clusters.union(hit, d.key);
        changed = true;
      }
    }
  }

  const pendingDetach = new Map<string, string>();
  for (const t of current.tables) if (t.partitionOf?.detachPending) pendingDetach.set(t.name, t.partitionOf.parent);
  return { current, desired, currentTables, desiredTables, createdTables, recreatedTables, replaced, clusters, pendingDetach, gone };
}

/** format_type spelling of a column of this enum/domain (or an array of it). */
export function columnUsesType(column: { type: string; dependsOn: readonly ObjectKey[] }, typeName: string): boolean {
  if (column.dependsOn.includes(graphKey.type(typeName))) return true;
  const quoted = quoteIdent(typeName);
  return column.type === quoted || column.type === `${quoted}[]`;
}

function mentionsIdentifier(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-zA-Z0-9_$"])("?)${escaped}\\2($|[^a-zA-Z0-9_$"])`).test(text);
}
