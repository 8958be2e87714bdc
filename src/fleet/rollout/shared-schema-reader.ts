import type pg from 'pg';
import type { SchemaModel } from '../../schema/model.js';
import { introspectSchemas } from '../../schema/introspect/introspect-schemas.js';
import { connectTarget, isConnectionError } from '../../db/connect-target.js';
import { isConnectionLoss } from '../../apply/connection-loss.js';
import { introspectWithTimeouts, type ReadLiveSchemaOptions } from '../../apply/read-live-schema.js';
import { msLiteral } from '../../apply/sql-text.js';
import type { Tenant } from '../tenant.js';
import type { TenantLocker } from './rollout-ledger-port.js';
import type { StartingStates } from './starting-states.js';
import { FULL_READ_CHUNK, readBatchStartingModels } from './batch-starting-states.js';

/** Reads tenant schemas of one database; many reads asked for at once share their catalog queries. */
export interface SharedSchemaReader {
  read(schema: string): Promise<SchemaModel>;
  /** The model lockAndRead read for `schema`, once (undefined when there is none or it was taken). */
  take(schema: string): SchemaModel | undefined;
  /**
   * Takes the advisory locks of `tenants` on the reader's own connection (none when `lock` is null:
   * a dry run), then reads every locked tenant's schema with one introspectSchemas call; each
   * tenant's next read() gets that model. The locks are held until close(). Rejects only when the
   * locks could not be taken (nothing is then locked here).
   */
  lockAndRead(tenants: readonly Tenant[], lock: TenantLocker | null): Promise<LockAndRead>;
  /** False once the connection holding the locks is gone: tenants not yet started must not start. */
  holdsLocks(): boolean;
  close(): Promise<void>;
}

interface LockAndRead {
  /** The ids of the tenants now locked; the others are busy elsewhere. */
  readonly locked: Set<string>;
  /**
   * Why the locked tenants' shared read failed, null when it did not. Their locks hold and nothing
   * is primed, so each reads its own schema when it runs: slower, which the caller reports.
   */
  readonly readFailure: { readonly error: unknown } | null;
}

interface Request {
  readonly schema: string;
  readonly resolve: (model: SchemaModel) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * For schema-per-tenant fleets: tenants of one database that are in flight together ask this
 * reader for their schema (after taking their advisory lock, and again to verify), and whatever
 * was asked for while the previous read ran is read next with one introspectSchemas call, on one
 * connection of its own. In a database holding thousands of tenant schemas every catalog query
 * scans catalogs the size of the whole fleet, so reading eight schemas costs about what one does.
 *
 * A read always starts after it was asked for, so it sees everything the asking tenant committed.
 * A failed batch (a lock timeout on one tenant's table, say) is not retried as a whole: each of its
 * schemas is then read alone, with the same timeouts and retries as before, so one tenant's trouble
 * stays that tenant's.
 */
/**
 * `startingStates`: the rollout's trusted starting states; lockAndRead then reads the batch's
 * catalog digests first and reads in full only the schemas whose model it cannot take on trust
 * (batch-starting-states.ts). Verification reads (read()) are always full.
 */
export function createSharedSchemaReader(
  url: string,
  options: ReadLiveSchemaOptions & { readonly maxBatch?: number; readonly onBatch?: (schemas: readonly string[]) => void; readonly startingStates?: StartingStates } = {},
): SharedSchemaReader {
  // Each batch is a transaction of its own: a short one keeps concurrent index builds from waiting on it (FULL_READ_CHUNK).
  const maxBatch = options.maxBatch ?? FULL_READ_CHUNK;
  let queue: Request[] = [];
  let running = false;
  let closed = false;
  let client: pg.Client | undefined;
  /** Models read under lock, each handed to the first read() of its schema. */
  const primed = new Map<string, SchemaModel>();
  /** The connection holding lockAndRead's locks; its loss releases them. */
  let lockHolder: pg.Client | undefined;
  let locksLost = false;

  const connection = async (): Promise<pg.Client> => {
    if (!client) {
      const fresh = await connectTarget(url, 'schemafleet introspect');
      await fresh.query(`SET lock_timeout = ${msLiteral(options.lockTimeoutMs ?? 2_000)}; SET statement_timeout = ${msLiteral(options.statementTimeoutMs ?? 120_000)}`);
      client = fresh;
    }
    return client;
  };

  const readAlone = async (request: Request): Promise<void> => {
    try {
      request.resolve(await introspectWithTimeouts(await connection(), request.schema, options));
    } catch (error) {
      if (isConnectionError(error) || isConnectionLoss(error)) await drop();
      request.reject(error);
    }
  };

  const drop = async (): Promise<void> => {
    const old = client;
    client = undefined;
    if (old && old === lockHolder) locksLost = true;
    await old?.end().catch(() => undefined);
  };

  const runBatch = async (batch: Request[]): Promise<void> => {
    if (batch.length === 1) {
      await readAlone(batch[0]!);
      return;
    }
    let models: Map<string, SchemaModel> | null = null;
    options.onBatch?.(batch.map((request) => request.schema));
    try {
      models = await introspectSchemas(
        await connection(),
        batch.map((request) => request.schema),
      );
    } catch (error) {
      // introspectSchemas rolled its transaction back, so the connection (and the locks it holds)
      // stays; a lost one is replaced by the reads below.
      if (isConnectionError(error) || isConnectionLoss(error)) await drop();
    }
    for (const request of batch) {
      const model = models?.get(request.schema);
      // A schema missing from the batch is read alone, which reports it the usual way.
      if (model) request.resolve(model);
      else await readAlone(request);
    }
  };

  const pump = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      // Let the reads asked for in the same tick join the first batch.
      await new Promise((resolve) => setImmediate(resolve));
      while (queue.length > 0) {
        const batch = queue.slice(0, maxBatch);
        queue = queue.slice(batch.length);
        await runBatch(batch);
      }
    } finally {
      running = false;
    }
  };

  return {
    read(schema) {
      if (closed) return Promise.reject(new Error('the shared schema reader is closed'));
      const model = primed.get(schema);
      if (model) {
        primed.delete(schema);
        return Promise.resolve(model);
      }
      return new Promise<SchemaModel>((resolve, reject) => {
        queue.push({ schema, resolve, reject });
        void pump();
      });
    },
    take(schema) {
      const model = primed.get(schema);
      primed.delete(schema);
      return model;
    },
    async lockAndRead(tenants, lock) {
      const locked = new Set<string>();
      const db = await connection();
      lockHolder = db;
      db.once('end', () => {
        if (lockHolder === db) locksLost = true;
      });
      const schemas: string[] = [];
      const taken = !lock ? tenants.map(() => true) : lock.many ? await lock.many(db, tenants) : await lockOneByOne(db, tenants, lock);
      for (const [i, tenant] of tenants.entries()) {
        if (!taken[i]) continue;
        locked.add(tenant.id);
        schemas.push(tenant.schema);
      }
      try {
        const models = await readBatchStartingModels(db, schemas, options.startingStates);
        for (const [schema, model] of models) primed.set(schema, model);
      } catch (error) {
        // Nothing primed: each tenant reads its schema when it runs (and reports what went wrong then).
        if (isConnectionError(error) || isConnectionLoss(error)) await drop();
        return { locked, readFailure: { error } };
      }
      return { locked, readFailure: null };
    },
    holdsLocks() {
      return lockHolder !== undefined && !locksLost && client === lockHolder;
    },
    async close() {
      closed = true;
      primed.clear();
      for (const request of queue) request.reject(new Error('the shared schema reader is closed'));
      queue = [];
      await drop();
    },
  };
}

async function lockOneByOne(client: pg.ClientBase, tenants: readonly Tenant[], lock: TenantLocker): Promise<boolean[]> {
  const taken: boolean[] = [];
  for (const tenant of tenants) taken.push(await lock(client, tenant));
  return taken;
}
