import type { ObjectKey } from '../../schema/model.js';
import type { DiffContext } from '../diff-context.js';
import { graphKey } from '../object-keys.js';
import type { SchemaChange } from '../schema-change.js';
import type { FamilyFacts } from './facts.js';

// Ordering facts (see ordering-facts.ts) of the changes to comments.

export const commentFacts: FamilyFacts<'set-comment'> = {
  'set-comment': (f, change, ctx) => {
    f.needs.push(...commentTargetKeys(ctx, change.target));
  },
};

function commentTargetKeys(ctx: DiffContext, target: SchemaChange & { kind: 'set-comment' } extends { target: infer T } ? T : never): ObjectKey[] {
  const table = target.table ?? '';
  switch (target.kind) {
    case 'schema':
      return [];
    case 'extension':
      return [graphKey.extension(target.name)];
    case 'collation':
      return [graphKey.collation(target.name)];
    case 'type':
    case 'domain':
      return [graphKey.type(target.name)];
    case 'sequence':
      return [graphKey.sequence(target.name)];
    case 'table':
      return [graphKey.table(target.name)];
    case 'column':
      // A view's, materialized view's or composite type's column too: no two of them share a name.
      return [graphKey.column(table, target.name), graphKey.view(table), graphKey.materializedView(table), graphKey.type(table)];
    case 'domain constraint':
      return [graphKey.type(table)];
    case 'constraint':
      return [graphKey.constraint(table, target.name)];
    case 'index':
      return [graphKey.index(target.name)];
    case 'trigger':
      return [graphKey.trigger(table, target.name)];
    case 'policy':
      return [graphKey.policy(table, target.name)];
    case 'view':
      return [graphKey.view(target.name)];
    case 'materialized view':
      return [graphKey.materializedView(target.name)];
    case 'function':
    case 'procedure':
      void ctx;
      return [graphKey.routine(target.name, target.arguments ?? '')];
  }
}
