// Compile-time proof that the ordering-facts table covers every change kind (tsc checks this file):
// a table that leaves a family out, or a family that leaves a kind out, is a type error.
import type { FamilyFacts, OrderingFactsTable } from '../../src/diff/ordering/facts.js';
import { extensionFacts } from '../../src/diff/ordering/extension-facts.js';

// @ts-expect-error every family but one: the kinds of the others are missing
export const onlyExtensions: OrderingFactsTable = { ...extensionFacts };

// @ts-expect-error drop-view is claimed by the family but has no facts
export const viewsWithoutDrop: FamilyFacts<'add-view' | 'drop-view'> = { 'add-view': () => undefined };
