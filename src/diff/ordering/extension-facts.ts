import { graphKey } from '../object-keys.js';
import type { ChangeOf, FactsFor, FamilyFacts } from './facts.js';

// Ordering facts (see ordering-facts.ts) of the changes to extensions, collations and privileges.

/** ALTER EXTENSION … UPDATE leaves the extension in place, as its new version: made, like an added one. */
const extensionMadeFacts: FactsFor<ChangeOf<'add-extension' | 'alter-extension'>> = (f, change) => {
  f.creates.push(graphKey.extension(change.kind === 'add-extension' ? change.extension.name : change.to.name));
};

/** A grant or a revoke follows the object it is on. */
const privilegeFacts: FactsFor<ChangeOf<'grant-privileges' | 'revoke-privileges'>> = (f, change) => {
  // A revoke on an object the plan makes (EXECUTE from PUBLIC) follows it too.
  const o = change.object;
  // A table, view or materialized view (ON TABLE takes them all), sequence or routine, made first.
  if (o.kind === 'table') f.needs.push(graphKey.table(o.name), graphKey.view(o.name), graphKey.materializedView(o.name));
  else if (o.kind === 'sequence') f.needs.push(graphKey.sequence(o.name));
  else f.needs.push(graphKey.routine(o.name, o.arguments ?? ''));
};

export const extensionFacts: FamilyFacts<'add-extension' | 'alter-extension' | 'drop-extension' | 'add-collation' | 'drop-collation' | 'grant-privileges' | 'revoke-privileges'> = {
  'add-extension': extensionMadeFacts,
  'alter-extension': extensionMadeFacts,
  'drop-extension': (f, change) => {
    f.drops.push(graphKey.extension(change.extension.name));
  },
  'add-collation': (f, change) => {
    f.creates.push(graphKey.collation(change.collation.name));
  },
  'drop-collation': (f, change) => {
    f.drops.push(graphKey.collation(change.collation.name));
  },
  'grant-privileges': privilegeFacts,
  'revoke-privileges': privilegeFacts,
};
