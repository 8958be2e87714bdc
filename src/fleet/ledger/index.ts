export { openLedger, DEFAULT_STALE_AFTER_MS, type Ledger } from './ledger.js';
export { tryLockTenant, tryLockTenants } from './tenant-lock.js';
export { newWorkerId } from './tenant-claims.js';
export * from './ledger-types.js';
