import { redactSecrets, redactUrl } from '../../errors.js';
import { passwordOf } from '../../db/connect-target.js';
import type { RolloutEvent } from '../rollout-events.js';
import { locationOf, type Tenant } from '../tenant.js';
import { errorOf } from './tenant-error.js';
import type { LedgerTenantResult, TenantLocker } from './rollout-ledger-port.js';
import type { RolloutSettings } from './rollout-settings.js';
import { createSharedSchemaReader, type SharedSchemaReader } from './shared-schema-reader.js';
import type { StartingStates } from './starting-states.js';

/** A tenant whose steps ran, waiting for its batch's verification read. */
export interface Unverified {
  readonly tenant: Tenant;
  readonly result: LedgerTenantResult;
  readonly canary: boolean;
  readonly proofKey: string;
  /** Its apply went straight through: a plan's proof may vouch for it (proof-first.ts). */
  readonly clean: boolean;
}

/**
 * Everything one batch's tenants share, passed to each tenant's run (it used to live on the run
 * and be reset by hand between batches): a reader per database holding several of its tenants
 * (schema-per-tenant), the tenants whose advisory lock a reader took for them (held until the
 * batch is verified), the tenants waiting for the batch's verification, and the ids of tenants
 * that turned out busy elsewhere.
 */
export interface BatchScope {
  readonly batch: number;
  /** The batch's tenants are canaries: one failure stops the rollout. */
  readonly canary: boolean;
  readonly readers: ReadonlyMap<string, SharedSchemaReader>;
  readonly prelocked: ReadonlyMap<string, SharedSchemaReader>;
  readonly unverified: Unverified[];
  readonly busy: string[];
}

export interface OpenBatchOptions {
  readonly batch: number;
  readonly canary: boolean;
  readonly settings: Pick<RolloutSettings, 'lockTimeoutMs' | 'statementTimeoutMs' | 'retries'>;
  /** null in a dry run: nothing is locked. */
  readonly lock: TenantLocker | null;
  readonly isStopped: () => boolean;
  /** Where a failed shared read is reported (batch-read-failed). */
  readonly emit: (event: RolloutEvent) => void;
  /** Databases seen holding several tenants: their connections are kept warm between tenants. */
  readonly sharedUrls: Set<string>;
  /** The rollout's trusted starting states: a batch's schemas are planned from them on its digest (batch-starting-states.ts). */
  readonly startingStates?: StartingStates;
}

/**
 * Schema-per-tenant: the batch's tenants of one database are locked on one connection and their
 * schemas read with one introspectSchemas call (each catalog scan of a many-schema database paid
 * once per batch, not per tenant); once they have run their steps they are verified together the
 * same way (verify-batch.ts). A database with one tenant in the batch reads and verifies its own.
 */
export async function openBatchScope(tenants: readonly Tenant[], options: OpenBatchOptions): Promise<BatchScope> {
  const perUrl = new Map<string, number>();
  for (const tenant of tenants) perUrl.set(tenant.url, (perUrl.get(tenant.url) ?? 0) + 1);
  for (const [url, count] of perUrl) if (count > 1) options.sharedUrls.add(url);
  const readers = new Map<string, SharedSchemaReader>();
  const prelocked = new Map<string, SharedSchemaReader>();
  const { lockTimeoutMs, statementTimeoutMs, retries } = options.settings;
  for (const [url, count] of perUrl) {
    if (count < 2 || options.isStopped()) continue;
    const reader = createSharedSchemaReader(url, { lockTimeoutMs, statementTimeoutMs, maxAttempts: retries, ...(options.startingStates ? { startingStates: options.startingStates } : {}) });
    readers.set(url, reader);
    // Locked here, on the reader's connection, and read in one go; the tenants then skip their own lock.
    const here = tenants.filter((tenant) => tenant.url === url);
    let locked = new Set<string>();
    try {
      const result = await reader.lockAndRead(here, options.lock);
      locked = result.locked;
      if (result.readFailure) reportReadFailure(options, url, locked.size, result.readFailure.error);
    } catch (error) {
      // Nothing locked here: each tenant takes its own lock, and reads its own schema.
      reportReadFailure(options, url, here.length, error);
    }
    for (const id of locked) prelocked.set(id, reader);
  }
  return { batch: options.batch, canary: options.canary, readers, prelocked, unverified: [], busy: [] };
}

/**
 * The fallback (tenants read one by one) loses nothing, so a failed shared read used to be silent:
 * a rollout whose every shared read failed (a lock or statement timeout, a permission, a server
 * error) ran several times slower with no reason given. A failure while the
 * rollout stops is the stop's doing, and not reported.
 */
function reportReadFailure(options: Pick<OpenBatchOptions, 'batch' | 'isStopped' | 'emit'>, url: string, tenants: number, error: unknown): void {
  if (options.isStopped()) return;
  const { message, sqlstate } = errorOf(error);
  const text = redactSecrets(sqlstate ? `${message} (SQLSTATE ${sqlstate})` : message, passwordOf(url));
  options.emit({ type: 'batch-read-failed', batch: options.batch, database: locationOf(url) ?? redactUrl(url), tenants, message: text, at: Date.now() });
}

export async function closeBatchScope(scope: Pick<BatchScope, 'readers'>): Promise<void> {
  await Promise.all([...scope.readers.values()].map((reader) => reader.close()));
}
