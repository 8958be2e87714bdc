import { graphKey } from '../object-keys.js';
import type { FamilyFacts } from './facts.js';
import { desiredColumnKeys, currentColumnKeys } from './column-keys.js';

// Ordering facts (see ordering-facts.ts) of the changes to triggers and policies.

export const triggerPolicyFacts: FamilyFacts<'add-trigger' | 'drop-trigger' | 'alter-trigger' | 'add-policy' | 'drop-policy' | 'alter-policy'> = {
  'add-trigger': (f, change, ctx) => {
    f.creates.push(graphKey.trigger(change.trigger.table, change.trigger.name));
    f.needs.push(graphKey.table(change.trigger.table), graphKey.view(change.trigger.table), ...change.trigger.dependsOn, ...desiredColumnKeys(ctx, change.trigger.table));
  },
  'drop-trigger': (f, change, ctx) => {
    f.drops.push(graphKey.trigger(change.trigger.table, change.trigger.name));
    f.releases.push(...change.trigger.dependsOn, ...currentColumnKeys(ctx, change.trigger.table));
  },
  'alter-trigger': (f, change) => {
    f.needs.push(graphKey.trigger(change.to.table, change.to.name));
  },
  'add-policy': (f, change, ctx) => {
    f.creates.push(graphKey.policy(change.policy.table, change.policy.name));
    f.needs.push(graphKey.table(change.policy.table), ...desiredColumnKeys(ctx, change.policy.table));
  },
  'drop-policy': (f, change, ctx) => {
    f.drops.push(graphKey.policy(change.policy.table, change.policy.name));
    f.releases.push(...currentColumnKeys(ctx, change.policy.table));
  },
  'alter-policy': (f, change, ctx) => {
    f.needs.push(graphKey.policy(change.to.table, change.to.name), ...desiredColumnKeys(ctx, change.to.table));
  },
};
