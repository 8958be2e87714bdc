import type { LintContext } from '../../src/lint/rule.js';
import type { PlanStep } from '../../src/plan/step.js';
import { emptySchemaModel } from '../../src/schema/empty-model.js';
import type { SchemaModel, Table } from '../../src/schema/model.js';

/** A table with just enough shape for engine tests (the engine reads names and indexes). */
export function table(name: string, indexes: string[] = []): Table {
  return {
    name,
    kind: 'table',
    unlogged: false,
    partitionKey: null,
    partitionOf: null,
    columns: [],
    constraints: [],
    indexes: indexes.map((i) => ({ name: i, table: name, unique: false, definition: '', method: 'btree', columns: [], predicate: null, valid: true, inherited: false, comment: null })),
    triggers: [],
    policies: [],
    rowLevelSecurity: false,
    forceRowLevelSecurity: false,
    replicaIdentity: 'default',
    options: [],
    comment: null,
  };
}

function model(tables: Table[]): SchemaModel {
  return { ...emptySchemaModel('public', 180000), tables, privileges: [] };
}

/** Engine tests need no database: rules are inline objects, the context only has to name tables. */
export function fakeContext(options: { existing?: Table[]; created?: Table[]; steps?: Partial<PlanStep>[] } = {}): LintContext {
  const existing = options.existing ?? [];
  const created = options.created ?? [];
  const steps = (options.steps ?? []).map((s) => ({ sql: '', transactional: true, lock: null, table: null, hazards: [], group: null, timeoutMs: 1000, changeId: 'x', onNewObject: false, ...s }));
  return {
    current: model(existing),
    desired: model([...existing, ...created]),
    changes: [],
    plan: { schema: 'public', steps, currentFingerprint: 'a', desiredFingerprint: 'b' },
    createdTables: new Set(created.map((t) => t.name)),
    serverVersion: 180000,
  };
}
