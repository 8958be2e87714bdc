import { emptySchemaModel } from '../../src/schema/empty-model.js';
import type { Column, Constraint, EnumType, Index, MaterializedView, Policy, Routine, SchemaModel, Sequence, Table, Trigger, View } from '../../src/schema/model.js';

/** Terse builders for hand-made models: only what a test cares about, the rest defaulted. */
export function model(parts: Partial<SchemaModel> = {}): SchemaModel {
  // Hand-built models say nothing of privileges (emptySchemaModel's null), as a schema file without GRANT or REVOKE.
  return { ...emptySchemaModel('public', 150000), ...parts };
}

export function col(name: string, type = 'integer', extra: Partial<Column> = {}): Column {
  return {
    name,
    type,
    notNull: false,
    default: null,
    identity: null,
    generated: null,
    collation: null,
    inherited: false,
    storage: 'plain',
    typeStorage: 'plain',
    compression: null,
    statistics: null,
    attributeOptions: [],
    comment: null,
    dependsOn: [],
    ...extra,
  };
}

export function table(name: string, columns: readonly Column[], extra: Partial<Table> = {}): Table {
  return {
    name,
    kind: 'table',
    unlogged: false,
    partitionKey: null,
    partitionOf: null,
    columns,
    constraints: [],
    indexes: [],
    triggers: [],
    policies: [],
    rowLevelSecurity: false,
    forceRowLevelSecurity: false,
    replicaIdentity: 'default',
    options: [],
    comment: null,
    ...extra,
  };
}

export function pk(tableName: string, columns: string[], name = `${tableName}_pkey`): Constraint {
  return constraint(name, 'primary key', `PRIMARY KEY (${columns.join(', ')})`, columns);
}

export function unique(name: string, columns: string[]): Constraint {
  return constraint(name, 'unique', `UNIQUE (${columns.join(', ')})`, columns);
}

export function check(name: string, expression: string, columns: string[] = []): Constraint {
  return constraint(name, 'check', `CHECK ((${expression}))`, columns);
}

export function fk(name: string, columns: string[], refTable: string, refColumns: string[] = ['id']): Constraint {
  return {
    ...constraint(name, 'foreign key', `FOREIGN KEY (${columns.join(', ')}) REFERENCES ${refTable}(${refColumns.join(', ')})`, columns),
    references: { table: refTable, columns: refColumns },
    dependsOn: [`table:${refTable}`, ...refColumns.map((c) => `column:${refTable}.${c}`)],
  };
}

function constraint(name: string, kind: Constraint['kind'], definition: string, columns: string[], extra: Partial<Constraint> = {}): Constraint {
  return { name, kind, definition, columns, validated: true, deferrable: false, initiallyDeferred: false, references: null, inherited: false, comment: null, dependsOn: [], ...extra };
}

export function index(name: string, tableName: string, columns: string[], extra: Partial<Index> & { using?: string } = {}): Index {
  const { using, ...rest } = extra;
  const unique = rest.unique ?? false;
  const body = using ?? `USING btree (${columns.join(', ')})`;
  return {
    name,
    table: tableName,
    unique,
    definition: `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${name} ON ${tableName} ${body}${rest.predicate ? ` WHERE ${rest.predicate}` : ''}`,
    method: 'btree',
    columns,
    predicate: null,
    valid: true,
    inherited: false,
    comment: null,
    ...rest,
  };
}

export function enumType(name: string, values: string[]): EnumType {
  return { name, values, comment: null };
}

export function sequence(name: string, extra: Partial<Sequence> = {}): Sequence {
  return { name, dataType: 'bigint', start: '1', increment: '1', min: '1', max: '9223372036854775807', cache: '1', cycle: false, unlogged: false, ownedBy: null, comment: null, ...extra };
}

/** A view reading the given columns of one table (`t.a`, `t.b`). */
export function view(name: string, definition: string, reads: string[], columns: string[], extra: Partial<View> = {}): View {
  const deps = reads.flatMap((r) => {
    const [t, c] = r.split('.');
    return c === undefined ? [`table:${t}`] : [`table:${t}`, `column:${t}.${c}`];
  });
  return { name, definition, options: [], columns, comment: null, dependsOn: [...new Set(deps)].sort(), ...extra };
}

export function matview(name: string, definition: string, reads: string[], columns: string[], extra: Partial<MaterializedView> = {}): MaterializedView {
  const v = view(name, definition, reads, columns);
  return { name, definition, options: [], columns, indexes: [], comment: null, dependsOn: v.dependsOn, ...extra };
}

export function fn(name: string, body: string, extra: Partial<Routine> = {}): Routine {
  const returns = extra.returns ?? 'integer';
  const args = extra.identityArguments ?? '';
  return {
    kind: 'function',
    name,
    identityArguments: args,
    arguments: extra.arguments ?? args,
    returns,
    language: 'sql',
    body,
    definition: `CREATE OR REPLACE FUNCTION public.${name}(${args})\n RETURNS ${returns}\n LANGUAGE sql\nAS $function$${body}$function$\n`,
    comment: null,
    dependsOn: [],
    ...extra,
  };
}

export function trigger(name: string, tableName: string, functionName: string, extra: Partial<Trigger> = {}): Trigger {
  return {
    name,
    table: tableName,
    definition: `CREATE TRIGGER ${name} BEFORE INSERT ON ${tableName} FOR EACH ROW EXECUTE FUNCTION ${functionName}()`,
    enabled: 'O',
    inherited: false,
    comment: null,
    dependsOn: [`routine:${functionName}()`],
    ...extra,
  };
}

export function policy(name: string, tableName: string, using: string, extra: Partial<Policy> = {}): Policy {
  return { name, table: tableName, permissive: true, command: 'ALL', roles: ['public'], using, withCheck: null, comment: null, ...extra };
}
