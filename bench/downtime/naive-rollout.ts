import pg from 'pg';
import PQueue from 'p-queue';
import { quoteIdent } from '../../src/util/quote-ident.js';
import { NAIVE_STATEMENTS } from './fleet-schema.js';
import type { RolloutResult } from './rollout-result.js';

export interface NaiveRolloutOptions {
  readonly url: string;
  readonly schemas: readonly string[];
  readonly concurrency: number;
  /** The bench's bound on the whole run: past it the remaining statements are cancelled. */
  readonly deadlineMs: number;
}

/**
 * The comparison: a hand-written migration per tenant, same concurrency, the plain statements one
 * after another (each its own transaction), no lock_timeout, no statement_timeout. Each statement
 * queues for its lock as long as it takes, and everything behind it queues too.
 */
export async function runNaiveRollout(options: NaiveRolloutOptions): Promise<RolloutResult> {
  const started = performance.now();
  const deadline = Date.now() + options.deadlineMs;
  const queue = new PQueue({ concurrency: options.concurrency });
  const failures: string[] = [];
  let migrated = 0;
  await Promise.all(
    options.schemas.map((schema) =>
      queue.add(async () => {
        const client = new pg.Client({ connectionString: options.url, application_name: 'sf-bench-naive' });
        try {
          await client.connect();
          const left = Math.max(1, deadline - Date.now());
          // No lock_timeout, as a naive migration has none; the statement_timeout is only the bench's own deadline.
          await client.query(`SET search_path TO ${quoteIdent(schema)}; SET lock_timeout = 0; SET statement_timeout = ${left}`);
          for (const sql of NAIVE_STATEMENTS) await client.query(sql);
          migrated++;
        } catch (error) {
          failures.push(`${schema}: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          await client.end().catch(() => undefined);
        }
      }),
    ),
  );
  return { label: 'naive', durationMs: Math.round(performance.now() - started), migrated, failed: options.schemas.length - migrated, retries: 0, failures };
}
