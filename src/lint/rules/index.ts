import type { LintRule } from '../rule.js';
import { checkMayFail } from './check-may-fail.js';
import { collationChangeRebuildsIndexes } from './collation-change-rebuilds-indexes.js';
import { collationRedefinedInUse } from './collation-redefined-in-use.js';
import { columnRenamed } from './column-renamed.js';
import { columnTypeRewritesTable } from './column-type-rewrites-table.js';
import { constraintRenamed } from './constraint-renamed.js';
import { constraintValidatedUnderLock } from './constraint-validated-under-lock.js';
import { domainConstraintMayFail } from './domain-constraint-may-fail.js';
import { domainConstraintScansTables } from './domain-constraint-scans-tables.js';
import { dropColumn } from './drop-column.js';
import { dropMaterializedView } from './drop-materialized-view.js';
import { dropNotNull } from './drop-not-null.js';
import { dropReferencedTable } from './drop-referenced-table.js';
import { dropRoutine } from './drop-routine.js';
import { dropSequence } from './drop-sequence.js';
import { dropTable } from './drop-table.js';
import { dropView } from './drop-view.js';
import { duplicateIndex } from './duplicate-index.js';
import { enumValueRemoved } from './enum-value-removed.js';
import { exclusionConstraintBlocksTable } from './exclusion-constraint-blocks-table.js';
import { exclusionMayFail } from './exclusion-may-fail.js';
import { extensionUpdated } from './extension-updated.js';
import { foreignKeyLocksReferencedTable } from './foreign-key-locks-referenced-table.js';
import { foreignKeyMayFail } from './foreign-key-may-fail.js';
import { foreignKeyWithoutIndex } from './foreign-key-without-index.js';
import { identityAddedToExistingColumn } from './identity-added-to-existing-column.js';
import { identityColumnRewritesTable } from './identity-column-rewrites-table.js';
import { indexBuildBlocksWrites } from './index-build-blocks-writes.js';
import { indexDropped } from './index-dropped.js';
import { indexOnPartitionedTable } from './index-on-partitioned-table.js';
import { inheritanceChangeLocksTables } from './inheritance-change-locks-tables.js';
import { inheritanceChanged } from './inheritance-changed.js';
import { insteadOfTriggerDropped } from './instead-of-trigger-dropped.js';
import { loggedUnloggedSwitchRewrites } from './logged-unlogged-switch-rewrites.js';
import { multipleRewritesOfOneTable } from './multiple-rewrites-of-one-table.js';
import { narrowingTypeChange } from './narrowing-type-change.js';
import { nonTransactionalStep } from './non-transactional-step.js';
import { notNullColumnWithoutDefault } from './not-null-column-without-default.js';
import { partitionAttachScansTable } from './partition-attach-scans-table.js';
import { partitionBoundMayFail } from './partition-bound-may-fail.js';
import { partitionChangeLocksParent } from './partition-change-locks-parent.js';
import { partitionDetached } from './partition-detached.js';
import { primaryKeyChanged } from './primary-key-changed.js';
import { privilegeRevoked } from './privilege-revoked.js';
import { replicaIdentityChanged } from './replica-identity-changed.js';
import { replicaIdentityLocksTable } from './replica-identity-locks-table.js';
import { rlsEnabledWithoutPolicy } from './rls-enabled-without-policy.js';
import { rlsForced } from './rls-forced.js';
import { routineSignatureChanged } from './routine-signature-changed.js';
import { setNotNullMayFail } from './set-not-null-may-fail.js';
import { setNotNullScansUnderLock } from './set-not-null-scans-under-lock.js';
import { storedGeneratedColumnRewritesTable } from './stored-generated-column-rewrites-table.js';
import { tableRenamed } from './table-renamed.js';
import { timestampToTimestamptz } from './timestamp-to-timestamptz.js';
import { transactionHoldsLocksDuringRewrite } from './transaction-holds-locks-during-rewrite.js';
import { typeChangeMayFail } from './type-change-may-fail.js';
import { uniqueMayFail } from './unique-may-fail.js';
import { volatileDefaultRewritesTable } from './volatile-default-rewrites-table.js';

/** Every rule the linter runs, sorted by id. */
export const allRules: readonly LintRule[] = [
  checkMayFail,
  collationChangeRebuildsIndexes,
  collationRedefinedInUse,
  columnRenamed,
  columnTypeRewritesTable,
  constraintRenamed,
  constraintValidatedUnderLock,
  domainConstraintMayFail,
  domainConstraintScansTables,
  dropColumn,
  dropMaterializedView,
  dropNotNull,
  dropReferencedTable,
  dropRoutine,
  dropSequence,
  dropTable,
  dropView,
  duplicateIndex,
  enumValueRemoved,
  exclusionConstraintBlocksTable,
  exclusionMayFail,
  extensionUpdated,
  foreignKeyLocksReferencedTable,
  foreignKeyMayFail,
  foreignKeyWithoutIndex,
  identityAddedToExistingColumn,
  identityColumnRewritesTable,
  indexBuildBlocksWrites,
  indexDropped,
  indexOnPartitionedTable,
  inheritanceChangeLocksTables,
  inheritanceChanged,
  insteadOfTriggerDropped,
  loggedUnloggedSwitchRewrites,
  multipleRewritesOfOneTable,
  narrowingTypeChange,
  nonTransactionalStep,
  notNullColumnWithoutDefault,
  partitionAttachScansTable,
  partitionBoundMayFail,
  partitionChangeLocksParent,
  partitionDetached,
  primaryKeyChanged,
  privilegeRevoked,
  replicaIdentityChanged,
  replicaIdentityLocksTable,
  rlsEnabledWithoutPolicy,
  rlsForced,
  routineSignatureChanged,
  setNotNullMayFail,
  setNotNullScansUnderLock,
  storedGeneratedColumnRewritesTable,
  tableRenamed,
  timestampToTimestamptz,
  transactionHoldsLocksDuringRewrite,
  typeChangeMayFail,
  uniqueMayFail,
  volatileDefaultRewritesTable,
];
