import type { SchemaModel, Table } from '../schema/model.js';
import type { SchemaChange } from '../diff/schema-change.js';
import type { Hazard, LockMode } from './step.js';

export interface TableFacts {
  readonly rows: number;
  readonly bytes: number;
}

export interface PlanOptions {
  /** Live row and byte counts by table name, used to size hazard messages. */
  readonly tableFacts?: ReadonlyMap<string, TableFacts>;
}

/** A step before groups are numbered. */
export interface StepDraft {
  readonly sql: string;
  readonly transactional?: boolean;
  readonly lock?: LockMode | null;
  readonly table?: string | null;
  readonly hazards?: readonly Hazard[];
  readonly timeoutMs?: number;
  readonly onNewObject?: boolean;
  /** Steps sharing a key (and adjacent) commit together. */
  readonly groupKey?: string | null;
  /** Never shares a transaction (ALTER TYPE … ADD VALUE must commit before the value is used). */
  readonly alone?: boolean;
  /** The change the step is counted as, when not the one that planned it (a carried foreign key's own redefinition). */
  readonly changeId?: string;
}

export interface PlanContext {
  readonly current: SchemaModel;
  readonly desired: SchemaModel;
  /** Tables created (or re-created) earlier in this plan: no online forms, no lock hazards. */
  readonly newTables: ReadonlySet<string>;
  /** Views created (or created again) by the plan: their triggers are made on a new object. */
  readonly newViews: ReadonlySet<string>;
  /** Materialized views created (or re-created) in this plan. */
  readonly newMaterializedViews: ReadonlySet<string>;
  readonly tableFacts: ReadonlyMap<string, TableFacts>;
  currentTable(name: string): Table | undefined;
  desiredTable(name: string): Table | undefined;
  /** `orders (~12M rows, 3.4 GB)` when sizes are known, else `orders`. */
  describe(table: string): string;
}

export function buildPlanContext(current: SchemaModel, desired: SchemaModel, changes: readonly SchemaChange[], options: PlanOptions): PlanContext {
  const newTables = new Set<string>();
  const newMaterializedViews = new Set<string>();
  const newViews = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'add-table') newTables.add(c.table.name);
    if (c.kind === 'add-view') newViews.add(c.view.name);
    if (c.kind === 'add-materialized-view') newMaterializedViews.add(c.view.name);
  }
  const currentTables = new Map(current.tables.map((t) => [t.name, t]));
  const desiredTables = new Map(desired.tables.map((t) => [t.name, t]));
  const tableFacts = options.tableFacts ?? new Map<string, TableFacts>();
  return {
    current,
    desired,
    newTables,
    newMaterializedViews,
    newViews,
    tableFacts,
    currentTable: (name) => currentTables.get(name),
    desiredTable: (name) => desiredTables.get(name),
    describe: (table) => {
      const facts = tableFacts.get(table);
      return facts ? `${table} (~${formatCount(facts.rows)} rows, ${formatBytes(facts.bytes)})` : table;
    },
  };
}

function formatCount(n: number): string {
  if (n >= 1e9) return `${trim(n / 1e9)}G`;
  if (n >= 1e6) return `${trim(n / 1e6)}M`;
  if (n >= 1e3) return `${trim(n / 1e3)}k`;
  return String(n);
}

function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${trim(value)} ${units[unit]}`;
}

function trim(n: number): string {
  return n >= 10 || Number.isInteger(n) ? String(Math.round(n)) : n.toFixed(1);
}
