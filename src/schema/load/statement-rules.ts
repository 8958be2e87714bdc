import { checkSessionSetting, searchPathFromSetConfig, searchPathRefusal } from './session-settings.js';
import { notModelled, reasons } from './refusal-reasons.js';
import { alterTableSubtypes, described, describes, functionLanguage, grantReason, option, sessionRoleIn, several, type Node, type RuleContext } from './statement-checks.js';

/**
 * A declarative table: the rule of each statement a schema file may contain, by parser node type,
 * with the lists it reads (extensions, languages, object kinds). It holds data and the rules' own
 * short checks; checkStatement (allowed-statements.ts) applies it, and what the checks call lives
 * in statement-checks.ts. Exempt from the 350-line limit for files under src/ (issue 21).
 */

/** Extensions that ship with PostgreSQL's contrib and only add types, functions and operators. @internal test/schema/load/allowed-statements.test.ts checks no risky extension is in it. */
export const ALLOWED_EXTENSIONS: readonly string[] = [
  // Functions only (index and heap checks); the admin creates it, the scratch role cannot run them.
  'amcheck',
  'btree_gin',
  'btree_gist',
  'citext',
  'cube',
  'dict_int',
  'earthdistance',
  'fuzzystrmatch',
  'hstore',
  'intarray',
  'isn',
  'lo',
  'ltree',
  'pg_trgm',
  'pgcrypto',
  'seg',
  'tablefunc',
  'tcn',
  'tsm_system_rows',
  'tsm_system_time',
  'unaccent',
  'uuid-ossp',
];

const ALLOWED_LANGUAGES: readonly string[] = ['sql', 'plpgsql'];

/** How an allowed statement reaches the scratch database. */
export type StatementAction =
  /** Run as the unprivileged scratch role. */
  | 'apply'
  /** Run as the dev server's admin: some allowed extensions need a superuser to be created. */
  | 'apply-as-admin'
  /** Nothing to run: schemafleet creates the target schema itself. */
  | 'skip';

export type Label = string | ((node: Node) => string);
type Action = StatementAction | ((node: Node, context: RuleContext) => StatementAction);

type StatementRule =
  | {
      readonly allowed: true;
      readonly label: Label;
      readonly action?: Action;
      /** A reason to refuse this particular statement, or undefined when it passes. */
      readonly check?: (node: Node, context: RuleContext) => string | undefined;
    }
  | { readonly allowed: false; readonly label: Label; readonly reason: string | ((node: Node) => string) };

const alterTableRefused: Record<string, string> = {
  AT_SetTableSpace: reasons.tablespace,
  AT_DropColumn: reasons.drop,
  AT_DropConstraint: reasons.drop,
  // Settings the model does not hold: accepted, they would be left out of every plan without a word.
  AT_ClusterOn: notModelled('CLUSTER ON'),
  AT_DropCluster: notModelled('SET WITHOUT CLUSTER'),
  AT_SetAccessMethod: notModelled('SET ACCESS METHOD'),
  AT_AddOf: notModelled('OF type'),
  AT_DropOf: notModelled('NOT OF'),
  // Turns off the internal triggers of foreign keys too, which no trigger in the model stands for.
  AT_DisableTrigAll: notModelled('DISABLE TRIGGER ALL'),
  AT_EnableTrigAll: notModelled('ENABLE TRIGGER ALL'),
};

/** Objects of a schema whose ALTER … OWNER TO is accepted and skipped. */
const ownableSchemaObjects = new Set([
  'OBJECT_TYPE',
  'OBJECT_DOMAIN',
  'OBJECT_FUNCTION',
  'OBJECT_PROCEDURE',
  'OBJECT_ROUTINE',
  'OBJECT_AGGREGATE',
  'OBJECT_OPERATOR',
  'OBJECT_COLLATION',
  'OBJECT_CONVERSION',
  'OBJECT_SCHEMA',
  'OBJECT_STATISTIC_EXT',
  'OBJECT_TSCONFIGURATION',
  'OBJECT_TSDICTIONARY',
]);

const commentableObjects = new Set([
  'OBJECT_TABLE',
  'OBJECT_COLUMN',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_SEQUENCE',
  'OBJECT_INDEX',
  'OBJECT_TYPE',
  'OBJECT_DOMAIN',
  'OBJECT_DOMCONSTRAINT',
  'OBJECT_TABCONSTRAINT',
  'OBJECT_TRIGGER',
  'OBJECT_POLICY',
  'OBJECT_RULE',
  'OBJECT_FUNCTION',
  'OBJECT_PROCEDURE',
  'OBJECT_ROUTINE',
  'OBJECT_AGGREGATE',
  'OBJECT_EXTENSION',
  'OBJECT_SCHEMA',
  'OBJECT_STATISTIC_EXT',
  'OBJECT_COLLATION',
  'OBJECT_OPERATOR',
]);

const definableKinds = new Set(['OBJECT_AGGREGATE', 'OBJECT_OPERATOR', 'OBJECT_COLLATION', 'OBJECT_TSCONFIGURATION', 'OBJECT_TSDICTIONARY']);

const transactionWords: Record<string, string> = {
  TRANS_STMT_BEGIN: 'BEGIN',
  TRANS_STMT_START: 'START TRANSACTION',
  TRANS_STMT_COMMIT: 'COMMIT',
  TRANS_STMT_ROLLBACK: 'ROLLBACK',
  TRANS_STMT_SAVEPOINT: 'SAVEPOINT',
  TRANS_STMT_RELEASE: 'RELEASE',
  TRANS_STMT_ROLLBACK_TO: 'ROLLBACK TO',
  TRANS_STMT_PREPARE: 'PREPARE TRANSACTION',
  TRANS_STMT_COMMIT_PREPARED: 'COMMIT PREPARED',
  TRANS_STMT_ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
};

const refuse = (label: Label, reason: string | ((node: Node) => string)): StatementRule => ({ allowed: false, label, reason });

export const STATEMENT_RULES: Readonly<Record<string, StatementRule>> = {
  // Tables and their parts.
  CreateStmt: {
    allowed: true,
    label: 'CREATE TABLE',
    check: (node) => {
      if ((node.relation as { relpersistence?: string } | undefined)?.relpersistence === 't') return reasons.temporary;
      if (node.tablespacename) return reasons.tablespace;
      if (typeof node.accessMethod === 'string' && node.accessMethod !== 'heap') return notModelled(`USING ${node.accessMethod}`);
      return undefined;
    },
  },
  AlterTableStmt: {
    allowed: true,
    label: (node) =>
      `ALTER ${String(node.objtype ?? 'OBJECT_TABLE')
        .replace(/^OBJECT_/, '')
        .replace('MATVIEW', 'MATERIALIZED VIEW')
        .replace('_', ' ')}`,
    // pg_dump writes ALTER TABLE … OWNER TO after every relation: ownership is not modelled (see
    // docs/schema-files.md), so a statement that only changes the owner declares nothing.
    action: (node) => (alterTableSubtypes(node).every((s) => s === 'AT_ChangeOwner') ? 'skip' : 'apply'),
    check: (node) => {
      if (node.objtype === 'OBJECT_FOREIGN_TABLE') return reasons.foreign;
      const subtypes = alterTableSubtypes(node);
      if (subtypes.includes('AT_ChangeOwner') && subtypes.some((s) => s !== 'AT_ChangeOwner')) {
        return `OWNER TO must be a statement of its own: ${reasons.ownership}, and the OWNER TO statement is skipped`;
      }
      for (const item of (node.cmds as Node[] | undefined) ?? []) {
        const subtype = (item.AlterTableCmd as { subtype?: string } | undefined)?.subtype ?? '';
        const refused = alterTableRefused[subtype];
        if (refused) return refused;
        // An index's own statistics target (on an expression column): the model holds only tables'.
        if (node.objtype === 'OBJECT_INDEX' && subtype === 'AT_SetStatistics') return notModelled('ALTER INDEX … SET STATISTICS');
      }
      return undefined;
    },
  },
  IndexStmt: { allowed: true, label: 'CREATE INDEX', check: (node) => (node.tableSpace ? reasons.tablespace : undefined) },
  CreateSeqStmt: {
    allowed: true,
    label: 'CREATE SEQUENCE',
    check: (node) => ((node.sequence as { relpersistence?: string } | undefined)?.relpersistence === 't' ? reasons.temporary : undefined),
  },
  AlterSeqStmt: { allowed: true, label: 'ALTER SEQUENCE' },
  ViewStmt: {
    allowed: true,
    label: 'CREATE VIEW',
    check: (node) => ((node.view as { relpersistence?: string } | undefined)?.relpersistence === 't' ? reasons.temporary : undefined),
  },
  CreateTableAsStmt: {
    allowed: true,
    label: (node) => (node.objtype === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS'),
    check: (node) => (node.objtype === 'OBJECT_MATVIEW' ? undefined : 'CREATE TABLE … AS copies data; declare the table with CREATE TABLE and its columns'),
  },
  CreateTrigStmt: { allowed: true, label: 'CREATE TRIGGER' },
  CreatePolicyStmt: { allowed: true, label: 'CREATE POLICY', check: (node) => sessionRoleIn(node.roles) },
  AlterPolicyStmt: { allowed: true, label: 'ALTER POLICY', check: (node) => sessionRoleIn(node.roles) },
  RuleStmt: { allowed: true, label: 'CREATE RULE' },
  CreateStatsStmt: { allowed: true, label: 'CREATE STATISTICS' },
  AlterStatsStmt: { allowed: true, label: 'ALTER STATISTICS' },

  // Types.
  CreateEnumStmt: { allowed: true, label: 'CREATE TYPE' },
  AlterEnumStmt: { allowed: true, label: 'ALTER TYPE' },
  CompositeTypeStmt: { allowed: true, label: 'CREATE TYPE' },
  CreateRangeStmt: { allowed: true, label: 'CREATE TYPE' },
  AlterTypeStmt: { allowed: true, label: 'ALTER TYPE' },
  CreateDomainStmt: { allowed: true, label: 'CREATE DOMAIN' },
  AlterDomainStmt: { allowed: true, label: 'ALTER DOMAIN' },
  DefineStmt: {
    allowed: true,
    label: (node) => `CREATE ${String(node.kind ?? '').replace(/^OBJECT_/, '')}`,
    check: (node) =>
      definableKinds.has(String(node.kind)) ? undefined : node.kind === 'OBJECT_TYPE' ? 'base types need functions written in C; use a domain, enum or composite type' : reasons.unsupported,
  },

  // Routines.
  CreateFunctionStmt: {
    allowed: true,
    label: (node) => `${node.is_procedure ? 'CREATE PROCEDURE' : 'CREATE FUNCTION'}${functionLanguage(node) ? ` in LANGUAGE ${functionLanguage(node)}` : ''}`,
    check: (node) => {
      const language = functionLanguage(node);
      if (language === undefined || ALLOWED_LANGUAGES.includes(language)) return undefined;
      const only = `routines may only be written in ${ALLOWED_LANGUAGES.join(' or ')}`;
      if (language === 'c' || language === 'internal') return `${language} routines run code inside the server; ${only}`;
      return `${language} is an untrusted language or not one schemafleet allows; ${only}`;
    },
  },
  AlterFunctionStmt: { allowed: true, label: 'ALTER FUNCTION' },

  // Comments, schema, extensions.
  CommentStmt: {
    allowed: true,
    label: (node) => `COMMENT ON ${String(node.objtype ?? '').replace(/^OBJECT_/, '')}`,
    // Only the extension's owner, the admin that created it, may comment on it; a comment runs no code.
    action: (node) => (node.objtype === 'OBJECT_EXTENSION' ? 'apply-as-admin' : 'apply'),
    check: (node) => (commentableObjects.has(String(node.objtype)) ? undefined : 'only objects of the schema can be commented on in a schema file'),
  },
  CreateSchemaStmt: {
    allowed: true,
    label: 'CREATE SCHEMA',
    action: 'skip',
    check: (node, context) => {
      if (typeof node.schemaname !== 'string' || !describes(context, node.schemaname)) {
        if (several(context)) {
          return `schema ${String(node.schemaname ?? '(unnamed)')} is not one of the schemas the file describes (${described(context)}); add it to the schemas (--schema-name, or \`schemas\` in the config) to manage it`;
        }
        return `a schema file describes one schema (${context.schema}); schema ${String(node.schemaname ?? '(unnamed)')} cannot be declared in it`;
      }
      if (Array.isArray(node.schemaElts) && node.schemaElts.length > 0) return 'write the objects of the schema as separate statements';
      return undefined;
    },
  },
  CreateExtensionStmt: {
    allowed: true,
    label: 'CREATE EXTENSION',
    action: 'apply-as-admin',
    check: (node, context) => {
      const name = String(node.extname ?? '');
      if (!ALLOWED_EXTENSIONS.includes(name)) {
        return `extension ${name} is not on schemafleet's list of allowed extensions (${ALLOWED_EXTENSIONS.join(', ')})`;
      }
      const schema = (option(node, 'schema') as { String?: { sval?: string } } | undefined)?.String?.sval;
      if (schema !== undefined && schema !== context.schema) {
        return `extension ${name} would be installed in schema ${schema}, but the schema file describes schema ${context.schema}`;
      }
      return undefined;
    },
  },

  // Refused: removing objects, data, code, identity, server-wide state.
  DropStmt: refuse(
    (node) =>
      `DROP ${String(node.removeType ?? '')
        .replace(/^OBJECT_/, '')
        .replace('_', ' ')}`,
    reasons.drop,
  ),
  InsertStmt: refuse('INSERT', reasons.data),
  UpdateStmt: refuse('UPDATE', reasons.data),
  DeleteStmt: refuse('DELETE', reasons.data),
  MergeStmt: refuse('MERGE', reasons.data),
  TruncateStmt: refuse('TRUNCATE', reasons.data),
  CopyStmt: refuse(
    (node) => (node.is_program ? 'COPY … PROGRAM' : 'COPY'),
    (node) => (node.is_program ? 'it runs a command on the database server' : reasons.data),
  ),
  SelectStmt: {
    allowed: true,
    label: (node) => (node.intoClause ? 'SELECT INTO' : 'SELECT'),
    check: (node, context) => {
      const searchPath = searchPathFromSetConfig(node);
      if (searchPath) return searchPathRefusal(searchPath, context.schema, context.others, context.anySchema);
      return node.intoClause ? reasons.data : "a query declares nothing and can call functions with side effects (only pg_dump's set_config('search_path', …) is accepted)";
    },
  },
  DoStmt: refuse('DO', reasons.runsCode),
  CallStmt: refuse('CALL', reasons.runsCode),
  ExecuteStmt: refuse('EXECUTE', reasons.runsCode),
  PrepareStmt: refuse('PREPARE', reasons.runsCode),
  DeallocateStmt: refuse('DEALLOCATE', reasons.runsCode),
  ExplainStmt: refuse('EXPLAIN', reasons.runsCode),
  RefreshMatViewStmt: refuse('REFRESH MATERIALIZED VIEW', reasons.data),
  GrantStmt: {
    allowed: true,
    label: (node) => (node.is_grant ? 'GRANT' : 'REVOKE'),
    check: (node, context) => grantReason(node, context),
  },
  AlterDefaultPrivilegesStmt: refuse('ALTER DEFAULT PRIVILEGES', reasons.privileges),
  GrantRoleStmt: refuse((node) => (node.is_grant ? 'GRANT' : 'REVOKE'), reasons.roles),
  CreateRoleStmt: refuse((node) => (node.stmt_type === 'ROLESTMT_USER' ? 'CREATE USER' : 'CREATE ROLE'), reasons.roles),
  AlterRoleStmt: refuse('ALTER ROLE', reasons.roles),
  AlterRoleSetStmt: refuse('ALTER ROLE', reasons.roles),
  DropRoleStmt: refuse('DROP ROLE', reasons.roles),
  ReassignOwnedStmt: refuse('REASSIGN OWNED', reasons.ownership),
  DropOwnedStmt: refuse('DROP OWNED', reasons.drop),
  AlterOwnerStmt: {
    allowed: true,
    label: (node) =>
      `ALTER ${String(node.objectType ?? '')
        .replace(/^OBJECT_/, '')
        .replace('_', ' ')} … OWNER TO`,
    action: 'skip',
    check: (node) => (ownableSchemaObjects.has(String(node.objectType)) ? undefined : reasons.ownerOfServerObject),
  },
  RenameStmt: refuse('ALTER … RENAME', 'a rename is a migration step, not a desired state; write the object under its new name'),
  AlterObjectSchemaStmt: refuse('ALTER … SET SCHEMA', 'it moves an object out of the schema the file describes'),
  VariableSetStmt: {
    allowed: true,
    label: (node) =>
      node.name === 'role'
        ? 'SET ROLE'
        : node.name === 'session_authorization'
          ? 'SET SESSION AUTHORIZATION'
          : node.kind === 'VAR_RESET' || node.kind === 'VAR_RESET_ALL'
            ? 'RESET'
            : `SET ${String(node.name ?? '')}`.trim(),
    action: (node, context) => checkSessionSetting(node, context.schema, context.others, context.anySchema).action,
    check: (node, context) => (node.name === 'role' || node.name === 'session_authorization' ? reasons.identity : checkSessionSetting(node, context.schema, context.others, context.anySchema).refusal),
  },
  VariableShowStmt: refuse('SHOW', 'it declares nothing'),
  DiscardStmt: refuse('DISCARD', 'it declares nothing'),
  AlterSystemStmt: refuse('ALTER SYSTEM', 'it changes the configuration of the whole server'),
  LoadStmt: refuse('LOAD', 'it loads a shared library into the server'),
  CreatePLangStmt: refuse('CREATE LANGUAGE', `languages are installed by the server's administrator; routines may use ${ALLOWED_LANGUAGES.join(' or ')}`),
  TransactionStmt: refuse((node) => transactionWords[String(node.kind)] ?? 'transaction control', reasons.transaction),
  VacuumStmt: refuse((node) => (node.is_vacuumcmd === false ? 'ANALYZE' : 'VACUUM'), reasons.maintenance),
  CheckPointStmt: refuse('CHECKPOINT', reasons.maintenance),
  ClusterStmt: refuse('CLUSTER', reasons.maintenance),
  ReindexStmt: refuse('REINDEX', reasons.maintenance),
  LockStmt: refuse('LOCK', reasons.maintenance),
  NotifyStmt: refuse('NOTIFY', 'it declares nothing'),
  ListenStmt: refuse('LISTEN', 'it declares nothing'),
  UnlistenStmt: refuse('UNLISTEN', 'it declares nothing'),
  CreatedbStmt: refuse('CREATE DATABASE', reasons.database),
  AlterDatabaseStmt: refuse('ALTER DATABASE', reasons.database),
  AlterDatabaseSetStmt: refuse('ALTER DATABASE', reasons.database),
  DropdbStmt: refuse('DROP DATABASE', reasons.database),
  CreateTableSpaceStmt: refuse('CREATE TABLESPACE', reasons.tablespace),
  AlterTableSpaceOptionsStmt: refuse('ALTER TABLESPACE', reasons.tablespace),
  AlterTableMoveAllStmt: refuse('ALTER … SET TABLESPACE', reasons.tablespace),
  DropTableSpaceStmt: refuse('DROP TABLESPACE', reasons.tablespace),
  CreateFdwStmt: refuse('CREATE FOREIGN DATA WRAPPER', reasons.foreign),
  CreateForeignServerStmt: refuse('CREATE SERVER', reasons.foreign),
  CreateUserMappingStmt: refuse('CREATE USER MAPPING', reasons.foreign),
  CreateForeignTableStmt: refuse('CREATE FOREIGN TABLE', reasons.foreign),
  ImportForeignSchemaStmt: refuse('IMPORT FOREIGN SCHEMA', reasons.foreign),
  CreatePublicationStmt: refuse('CREATE PUBLICATION', reasons.replication),
  AlterPublicationStmt: refuse('ALTER PUBLICATION', reasons.replication),
  CreateSubscriptionStmt: refuse('CREATE SUBSCRIPTION', reasons.replication),
  AlterSubscriptionStmt: refuse('ALTER SUBSCRIPTION', reasons.replication),
  CreateEventTrigStmt: refuse('CREATE EVENT TRIGGER', 'event triggers act on the whole database and need a superuser'),
  AlterExtensionStmt: refuse('ALTER EXTENSION', 'extension versions are decided by the server the schema is applied to'),
  AlterExtensionContentsStmt: refuse('ALTER EXTENSION', 'the contents of an extension are defined by the extension'),
  CreateCastStmt: refuse('CREATE CAST', 'casts belong to the whole database, not to a schema'),
  CreateTransformStmt: refuse('CREATE TRANSFORM', 'transforms belong to the whole database, not to a schema'),
  CreateAmStmt: refuse('CREATE ACCESS METHOD', 'access methods need a superuser and C code'),
  CreateOpClassStmt: refuse('CREATE OPERATOR CLASS', 'operator classes need a superuser'),
  CreateOpFamilyStmt: refuse('CREATE OPERATOR FAMILY', 'operator families need a superuser'),
  SecLabelStmt: refuse('SECURITY LABEL', 'security labels depend on a label provider loaded into the server'),
};
