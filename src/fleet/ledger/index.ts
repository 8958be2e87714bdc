export { openLedger, DEFAULT_STALE_AFTER_MS, type Ledger } from './ledger.js';
export { tryLockTenant, unlockTenant, tenantLockKeys } from './tenant-lock.js';
export { newWorkerId } from './tenant-claims.js';
export { newRolloutId } from './rollout-store.js';
export { RolloutConflictError, LedgerVersionError } from './ledger-errors.js';
export { LEDGER_VERSION } from './ledger-schema.js';
export * from './ledger-types.js';
