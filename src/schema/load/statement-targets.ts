import { objectKey, type ObjectKey } from '../model.js';

/**
 * The objects a statement creates or alters, read from its parse tree. The allow-list uses the
 * schema each one is qualified with; `defines` turns them into object keys for lint findings.
 */
export interface StatementTarget {
  readonly kind:
    'table' | 'column' | 'constraint' | 'index' | 'sequence' | 'view' | 'materialized view' | 'type' | 'routine' | 'trigger' | 'policy' | 'extension' | 'collation' | 'schema' | 'relation' | 'other';
  /** Schema the name is qualified with, when it is. */
  readonly schema?: string;
  readonly name: string;
  /** The table a column, constraint, trigger or policy belongs to. */
  readonly table?: string;
  /** For routines: the argument types as written, to be resolved to identity arguments. */
  readonly argTypes?: readonly TypeNameNode[];
  /** Byte offset in the file where a column or constraint is written inside its statement (findings point at its line). */
  readonly location?: number;
}

export interface TypeNameNode {
  names?: { String?: { sval?: string } }[];
  arrayBounds?: unknown[];
  pct_type?: boolean;
}

type Node = Record<string, unknown>;

interface RangeVar {
  schemaname?: string;
  relname?: string;
}

function strings(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => (item as { String?: { sval?: string } }).String?.sval ?? '');
}

/** `[schema, name]` or `[name]` from a qualified-name list. */
function qualified(list: unknown): { schema?: string; name: string } {
  const parts = strings(list);
  const name = parts[parts.length - 1] ?? '';
  return parts.length >= 2 ? { schema: parts[parts.length - 2], name } : { name };
}

function fromRangeVar(rv: unknown): { schema?: string; name: string } {
  const r = (rv ?? {}) as RangeVar;
  return r.schemaname ? { schema: r.schemaname, name: r.relname ?? '' } : { name: r.relname ?? '' };
}

const relationKindByObjtype: Record<string, StatementTarget['kind']> = {
  OBJECT_TABLE: 'table',
  OBJECT_INDEX: 'index',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'materialized view',
  OBJECT_TYPE: 'type',
  OBJECT_FOREIGN_TABLE: 'relation',
};

/** The parser's offset of a node, when it gave one (-1 means unknown). */
function at(location: number | undefined): { location?: number } {
  return typeof location === 'number' && location >= 0 ? { location } : {};
}

function tableParts(node: Node, table: string): StatementTarget[] {
  const out: StatementTarget[] = [];
  for (const element of (node.tableElts as Node[] | undefined) ?? []) {
    const column = element.ColumnDef as { colname?: string; constraints?: Node[]; location?: number } | undefined;
    if (column?.colname) {
      out.push({ kind: 'column', table, name: column.colname, ...at(column.location) });
      for (const c of column.constraints ?? []) {
        const inline = c.Constraint as { conname?: string; location?: number } | undefined;
        if (inline?.conname) out.push({ kind: 'constraint', table, name: inline.conname, ...at(inline.location) });
      }
    }
    const constraint = element.Constraint as { conname?: string; location?: number } | undefined;
    if (constraint?.conname) out.push({ kind: 'constraint', table, name: constraint.conname, ...at(constraint.location) });
  }
  return out;
}

function alterTableParts(node: Node, table: string): StatementTarget[] {
  const out: StatementTarget[] = [];
  for (const item of (node.cmds as Node[] | undefined) ?? []) {
    const cmd = (item.AlterTableCmd ?? {}) as { subtype?: string; name?: string; def?: Node };
    const column = cmd.def?.ColumnDef as { colname?: string; location?: number } | undefined;
    const constraint = cmd.def?.Constraint as { conname?: string; location?: number } | undefined;
    if (cmd.subtype === 'AT_AddColumn' && column?.colname) out.push({ kind: 'column', table, name: column.colname, ...at(column.location) });
    else if (cmd.subtype?.startsWith('AT_') && cmd.name && /Column|Default|NotNull|Identity|Statistics|Storage|Compression|Expression|Options/.test(cmd.subtype)) {
      out.push({ kind: 'column', table, name: cmd.name });
    }
    if (constraint?.conname) out.push({ kind: 'constraint', table, name: constraint.conname, ...at(constraint.location) });
    if ((cmd.subtype === 'AT_ValidateConstraint' || cmd.subtype === 'AT_AlterConstraint') && cmd.name) {
      out.push({ kind: 'constraint', table, name: cmd.name });
    }
  }
  return out;
}

function commentTargets(node: Node): StatementTarget[] {
  const objtype = node.objtype as string | undefined;
  const object = (node.object ?? {}) as Node;
  const list = strings((object.List as { items?: unknown } | undefined)?.items);
  const last = list[list.length - 1] ?? '';
  const tail = (n: number): { schema?: string } => (list.length > n ? { schema: list[list.length - n - 1] } : {});
  switch (objtype) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_SEQUENCE':
    case 'OBJECT_INDEX':
      return [{ kind: relationKindByObjtype[objtype] ?? 'relation', name: last, ...tail(1) }];
    case 'OBJECT_COLUMN':
      return [{ kind: 'column', table: list[list.length - 2] ?? '', name: last, ...tail(2) }];
    case 'OBJECT_TABCONSTRAINT':
      return [{ kind: 'constraint', table: list[list.length - 2] ?? '', name: last, ...tail(2) }];
    case 'OBJECT_TRIGGER':
      return [{ kind: 'trigger', table: list[list.length - 2] ?? '', name: last, ...tail(2) }];
    case 'OBJECT_POLICY':
      return [{ kind: 'policy', table: list[list.length - 2] ?? '', name: last, ...tail(2) }];
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN':
      return [{ kind: 'type', ...qualified((object.TypeName as TypeNameNode | undefined)?.names) }];
    case 'OBJECT_FUNCTION':
    case 'OBJECT_PROCEDURE':
    case 'OBJECT_ROUTINE': {
      const func = (object.ObjectWithArgs ?? {}) as { objname?: unknown; objargs?: TypeNameNode[] };
      return [{ kind: 'routine', ...qualified(func.objname), argTypes: func.objargs ?? [] }];
    }
    case 'OBJECT_EXTENSION':
      return [{ kind: 'extension', name: (object.String as { sval?: string } | undefined)?.sval ?? '' }];
    case 'OBJECT_SCHEMA':
      return [{ kind: 'schema', name: (object.String as { sval?: string } | undefined)?.sval ?? '' }];
    default:
      return [];
  }
}

export function statementTargets(nodeType: string, node: Node): StatementTarget[] {
  switch (nodeType) {
    case 'CreateStmt': {
      const table = fromRangeVar(node.relation);
      return [{ kind: 'table', ...table }, ...tableParts(node, table.name)];
    }
    case 'AlterTableStmt': {
      const rel = fromRangeVar(node.relation);
      const kind = relationKindByObjtype[node.objtype as string] ?? 'relation';
      return [{ kind, ...rel }, ...(kind === 'table' ? alterTableParts(node, rel.name) : [])];
    }
    case 'IndexStmt': {
      const table = fromRangeVar(node.relation);
      const idxname = node.idxname as string | undefined;
      // An unnamed index gets its name from PostgreSQL; point at its table instead.
      return idxname ? [{ kind: 'index', schema: table.schema, name: idxname, table: table.name }] : [{ kind: 'table', ...table }];
    }
    case 'CreateSeqStmt':
    case 'AlterSeqStmt':
      return [{ kind: 'sequence', ...fromRangeVar(node.sequence) }];
    case 'ViewStmt':
      return [{ kind: 'view', ...fromRangeVar(node.view) }];
    case 'CreateTableAsStmt':
      return [
        {
          kind: node.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table',
          ...fromRangeVar((node.into as Node | undefined)?.rel),
        },
      ];
    case 'CompositeTypeStmt':
      return [{ kind: 'type', ...fromRangeVar(node.typevar) }];
    case 'CreateEnumStmt':
    case 'AlterEnumStmt':
    case 'AlterDomainStmt':
    case 'CreateRangeStmt':
    case 'AlterTypeStmt':
      return [{ kind: 'type', ...qualified(node.typeName) }];
    case 'CreateDomainStmt':
      return [{ kind: 'type', ...qualified(node.domainname) }];
    case 'CreateFunctionStmt': {
      const params = (node.parameters as { FunctionParameter?: { argType?: TypeNameNode; mode?: string } }[] | undefined) ?? [];
      // Identity arguments leave out OUT and TABLE columns, as pg_get_function_identity_arguments does.
      const argTypes = params
        .map((p) => p.FunctionParameter ?? {})
        .filter((p) => p.mode !== 'FUNC_PARAM_OUT' && p.mode !== 'FUNC_PARAM_TABLE')
        .map((p) => p.argType ?? {});
      return [{ kind: 'routine', ...qualified(node.funcname), argTypes }];
    }
    case 'AlterFunctionStmt': {
      const func = (node.func ?? {}) as { objname?: unknown; objargs?: TypeNameNode[] };
      return [{ kind: 'routine', ...qualified(func.objname), argTypes: func.objargs ?? [] }];
    }
    case 'CreateTrigStmt': {
      const table = fromRangeVar(node.relation);
      return [{ kind: 'trigger', schema: table.schema, table: table.name, name: (node.trigname as string | undefined) ?? '' }];
    }
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt': {
      const table = fromRangeVar(node.table);
      return [{ kind: 'policy', schema: table.schema, table: table.name, name: (node.policy_name as string | undefined) ?? '' }];
    }
    case 'CommentStmt':
      return commentTargets(node);
    case 'GrantStmt': {
      if (node.targtype !== 'ACL_TARGET_OBJECT') return [];
      return ((node.objects as Node[] | undefined) ?? []).flatMap((o): StatementTarget[] => {
        if (o.RangeVar) return [{ kind: node.objtype === 'OBJECT_SEQUENCE' ? 'sequence' : 'relation', ...fromRangeVar(o.RangeVar) }];
        const func = o.ObjectWithArgs as { objname?: unknown; objargs?: TypeNameNode[] } | undefined;
        return func ? [{ kind: 'routine', ...qualified(func.objname), argTypes: func.objargs ?? [] }] : [];
      });
    }
    case 'CreateExtensionStmt':
      return [{ kind: 'extension', name: (node.extname as string | undefined) ?? '' }];
    case 'CreateSchemaStmt':
      return [{ kind: 'schema', name: (node.schemaname as string | undefined) ?? '' }];
    case 'DefineStmt':
      return [{ kind: node.kind === 'OBJECT_COLLATION' ? 'collation' : 'other', ...qualified(node.defnames) }];
    case 'CreateStatsStmt':
    case 'AlterStatsStmt':
      return [{ kind: 'other', ...qualified(node.defnames) }];
    case 'RuleStmt':
      return [{ kind: 'relation', ...fromRangeVar(node.relation) }];
    default:
      return [];
  }
}

/**
 * Object keys for the targets. Routines need their canonical identity arguments, which only the
 * server can spell (`int` is `integer`); `resolveRoutine` supplies them after the statement ran.
 */
export function targetKeys(targets: readonly StatementTarget[], resolvedRoutines: ReadonlyMap<StatementTarget, string> = new Map()): ObjectKey[] {
  const keys: ObjectKey[] = [];
  for (const t of targets) {
    switch (t.kind) {
      case 'table':
        keys.push(objectKey.table(t.name));
        break;
      case 'column':
        keys.push(objectKey.column(t.table ?? '', t.name));
        break;
      case 'constraint':
        keys.push(objectKey.constraint(t.table ?? '', t.name));
        break;
      case 'index':
        keys.push(objectKey.index(t.name));
        break;
      case 'sequence':
        keys.push(objectKey.sequence(t.name));
        break;
      case 'view':
        keys.push(objectKey.view(t.name));
        break;
      case 'materialized view':
        keys.push(objectKey.materializedView(t.name));
        break;
      case 'type':
        keys.push(objectKey.type(t.name));
        break;
      case 'routine': {
        const args = resolvedRoutines.get(t);
        if (args !== undefined) keys.push(objectKey.routine(t.name, args));
        break;
      }
      case 'trigger':
        keys.push(objectKey.trigger(t.table ?? '', t.name));
        break;
      case 'policy':
        keys.push(objectKey.policy(t.table ?? '', t.name));
        break;
      case 'extension':
        keys.push(objectKey.extension(t.name));
        break;
      case 'collation':
        keys.push(objectKey.collation(t.name));
        break;
      default:
        break;
    }
  }
  return [...new Set(keys)];
}

/** `f(pg_catalog.int4, text[])`, the regprocedure spelling of a routine written in a statement. */
export function regprocedureText(target: StatementTarget, schema: string): string {
  const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const args = (target.argTypes ?? []).map((t) => {
    const names = (t.names ?? []).map((n) => quote(n.String?.sval ?? ''));
    return names.join('.') + '[]'.repeat(t.arrayBounds?.length ?? 0);
  });
  return `${quote(target.schema ?? schema)}.${quote(target.name)}(${args.join(', ')})`;
}
