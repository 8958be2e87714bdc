import { graphKey } from '../object-keys.js';
import { type FamilyFacts, minus } from './facts.js';

// Ordering facts (see ordering-facts.ts) of the changes to enums, domains, composite types and
// sequences.

export const typeFacts: FamilyFacts<
  | 'add-enum'
  | 'drop-enum'
  | 'add-enum-values'
  | 'recreate-enum'
  | 'add-domain'
  | 'drop-domain'
  | 'alter-domain'
  | 'add-composite-type'
  | 'drop-composite-type'
  | 'alter-composite-type'
  | 'add-sequence'
  | 'drop-sequence'
  | 'alter-sequence'
> = {
  'add-enum': (f, change) => {
    f.creates.push(graphKey.type(change.enum.name));
  },
  'drop-enum': (f, change) => {
    f.drops.push(graphKey.type(change.enum.name));
  },
  'add-enum-values': (f, change) => {
    f.creates.push(graphKey.type(change.enum));
  },
  'recreate-enum': (f, change) => {
    const keys = [graphKey.type(change.to.name), ...change.columns.map((c) => graphKey.column(c.table, c.column))];
    f.creates.push(...keys);
    f.drops.push(...keys);
  },
  'add-domain': (f, change) => {
    f.creates.push(graphKey.type(change.domain.name));
    f.needs.push(...change.domain.dependsOn);
  },
  'drop-domain': (f, change) => {
    f.drops.push(graphKey.type(change.domain.name));
    f.releases.push(...change.domain.dependsOn);
  },
  'alter-domain': (f, change) => {
    f.creates.push(graphKey.type(change.to.name));
    f.needs.push(...change.to.dependsOn);
    f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
  },
  'add-composite-type': (f, change) => {
    f.creates.push(graphKey.type(change.type.name));
    f.needs.push(...change.type.dependsOn);
  },
  'drop-composite-type': (f, change) => {
    f.drops.push(graphKey.type(change.type.name));
    f.releases.push(...change.type.dependsOn);
  },
  'alter-composite-type': (f, change) => {
    f.creates.push(graphKey.type(change.to.name));
    f.needs.push(...change.to.dependsOn);
    f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
  },
  'add-sequence': (f, change) => {
    f.creates.push(graphKey.sequence(change.sequence.name));
  },
  'drop-sequence': (f, change) => {
    f.drops.push(graphKey.sequence(change.sequence.name));
  },
  'alter-sequence': (f, change) => {
    const { from, to } = change;
    f.needs.push(graphKey.sequence(to.name));
    if (to.ownedBy) f.needs.push(graphKey.column(to.ownedBy.table, to.ownedBy.column));
    if (from?.ownedBy && JSON.stringify(from.ownedBy) !== JSON.stringify(to.ownedBy)) {
      f.releases.push(graphKey.column(from.ownedBy.table, from.ownedBy.column), graphKey.table(from.ownedBy.table));
    }
  },
};
