import type { FamilyFacts } from './facts.js';

// Ordering facts (see ordering-facts.ts) of a schema set's own changes. A schema holds no keys of
// the graph: its CREATE comes first and its DROP last by the kinds' ranks (order-changes.ts), so
// everything in it is made after and dropped before (diff-schema-set.ts).

export const schemaFacts: FamilyFacts<'add-schema' | 'drop-schema'> = {
  'add-schema': () => undefined,
  'drop-schema': () => undefined,
};
