import type pg from 'pg';

/**
 * ALTER TABLE … DETACH PARTITION … CONCURRENTLY commits in two transactions. If the second one fails
 * (a lock timeout while it waits for queries that still see the partition, a cancel, a lost
 * connection), the partition is left "pending detach", and running the statement again fails with
 * "already pending detach": only `… DETACH PARTITION … FINALIZE` completes it. A retry, or a rerun
 * after a killed rollout, therefore finalizes instead of starting over.
 */
export interface ConcurrentDetach {
  /** As written in the statement (quoted where needed), resolved through search_path. */
  readonly parent: string;
  readonly partition: string;
}

const IDENTIFIER = String.raw`"(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*`;
const DETACH_CONCURRENTLY = new RegExp(String.raw`^\s*ALTER\s+TABLE\s+(${IDENTIFIER})\s+DETACH\s+PARTITION\s+(${IDENTIFIER})\s+CONCURRENTLY\s*;?\s*$`, 'is');

export function concurrentDetach(sql: string): ConcurrentDetach | null {
  const match = DETACH_CONCURRENTLY.exec(sql);
  return match?.[1] && match[2] ? { parent: match[1], partition: match[2] } : null;
}

/** Whether an earlier DETACH … CONCURRENTLY of this partition stopped halfway (pg_inherits.inhdetachpending, PostgreSQL 14+). */
export async function detachPending(client: pg.ClientBase, detach: ConcurrentDetach): Promise<boolean> {
  const { rows } = await client.query<{ pending: boolean }>(
    `SELECT i.inhdetachpending AS pending FROM pg_catalog.pg_inherits i
      WHERE i.inhrelid = pg_catalog.to_regclass($1) AND i.inhparent = pg_catalog.to_regclass($2)`,
    [detach.partition, detach.parent],
  );
  return rows[0]?.pending === true;
}

export function finalizeDetachSql(detach: ConcurrentDetach): string {
  return `ALTER TABLE ${detach.parent} DETACH PARTITION ${detach.partition} FINALIZE`;
}
