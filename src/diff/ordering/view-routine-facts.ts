import { graphKey } from '../object-keys.js';
import { type FamilyFacts, minus } from './facts.js';

// Ordering facts (see ordering-facts.ts) of the changes to views, materialized views and routines.

export const viewRoutineFacts: FamilyFacts<'add-view' | 'drop-view' | 'replace-view' | 'add-materialized-view' | 'drop-materialized-view' | 'add-routine' | 'drop-routine' | 'replace-routine'> = {
  'add-view': (f, change) => {
    f.creates.push(graphKey.view(change.view.name));
    f.needs.push(...change.view.dependsOn);
  },
  'drop-view': (f, change) => {
    f.drops.push(graphKey.view(change.view.name));
    f.releases.push(...change.view.dependsOn);
  },
  'replace-view': (f, change) => {
    f.creates.push(graphKey.view(change.to.name));
    f.needs.push(...change.to.dependsOn);
    f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
  },
  'add-materialized-view': (f, change) => {
    f.creates.push(graphKey.materializedView(change.view.name));
    f.needs.push(...change.view.dependsOn);
  },
  'drop-materialized-view': (f, change) => {
    f.drops.push(graphKey.materializedView(change.view.name));
    for (const i of change.view.indexes) f.drops.push(graphKey.index(i.name));
    f.releases.push(...change.view.dependsOn);
  },
  'add-routine': (f, change) => {
    f.creates.push(graphKey.routine(change.routine.name, change.routine.identityArguments));
    f.needs.push(...change.routine.dependsOn);
  },
  'drop-routine': (f, change) => {
    f.drops.push(graphKey.routine(change.routine.name, change.routine.identityArguments));
    f.releases.push(...change.routine.dependsOn);
  },
  'replace-routine': (f, change) => {
    f.creates.push(graphKey.routine(change.to.name, change.to.identityArguments));
    f.needs.push(...change.to.dependsOn);
    f.releases.push(...minus(change.from.dependsOn, change.to.dependsOn));
  },
};
