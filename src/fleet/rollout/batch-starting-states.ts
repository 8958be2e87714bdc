import type pg from 'pg';
import type { SchemaModel } from '../../schema/model.js';
import { fingerprintModel, withSchema } from '../../schema/fingerprint-model.js';
import { readBatchDigests } from '../../schema/introspect/batch-digest.js';
import { introspectSchemas } from '../../schema/introspect/introspect-schemas.js';
import type { StartingStates, StartingStateTicket } from './starting-states.js';
import { chunked } from '../../util/chunked.js';

/** Read tickets handed out for schemas that are then read in full. */
type ReadTicket = Extract<StartingStateTicket, { kind: 'read' }>;

/**
 * Schemas per digest query, and per full read. Each query runs in a short transaction of its own,
 * because every `CREATE INDEX CONCURRENTLY` a tenant of the same database runs meanwhile waits for
 * every transaction older than its snapshot to end (WaitForOlderSnapshots), whatever that
 * transaction reads: one snapshot held across a 50-schema batch read (a second or more on a busy
 * server) held up each concurrent build of the release that long (docs/benchmarks.md, "A release
 * of a SaaS schema"; seen in pg_locks: the builds waited on the reader's virtual transaction).
 * @internal bench/bench-release.ts times the digest alone in these chunks.
 */
export const DIGEST_CHUNK = 5;
export const FULL_READ_CHUNK = 5;

/**
 * The starting models of a batch of schema tenants of one database, each as introspectSchemas
 * would read it, with digest queries for the batch (schema/introspect/batch-digest.ts) and full
 * reads only where the digest is not trusted yet, is due for its sample, or does not cover the
 * schema: the same rules as a database tenant's digest (starting-states.ts), with the batch's full
 * reads made together.
 *
 * A batch asks for all its tenants at once, so the first batch of a release finds its digest
 * untrusted: two of its schemas are read in full first, and if they agree the rest of the batch
 * takes their model (one more read, not fifty). Reads run in chunks, each in a snapshot of its own
 * (DIGEST_CHUNK); a schema read in full has its digest read again in the snapshot of that read,
 * and only a read whose digest still matches the one its ticket was handed out for tells the
 * ticket what that digest's model is (a schema changed between the two reads is still planned from
 * what the full read gave). Schemas that do not exist are absent from the map, as with
 * introspectSchemas.
 */
export async function readBatchStartingModels(client: pg.ClientBase, schemas: readonly string[], states: StartingStates | undefined): Promise<Map<string, SchemaModel>> {
  const models = new Map<string, SchemaModel>();
  if (!states?.enabled || schemas.length === 0) {
    for (const chunk of chunked(schemas, FULL_READ_CHUNK)) for (const [schema, model] of await introspectSchemas(client, chunk)) models.set(schema, model);
    return models;
  }
  const open: ReadTicket[] = [];
  try {
    const digests = new Map<string, string | null>();
    for (const chunk of chunked(schemas, DIGEST_CHUNK)) for (const [schema, digest] of await readBatchDigests(client, chunk)) digests.set(schema, digest);
    /** Reads in full, and reports what each read gave to the ticket it was made for. */
    const readInFull = async (wanted: readonly { schema: string; ticket: ReadTicket | null; digest: string | null }[]): Promise<void> => {
      for (const chunk of chunked(wanted, FULL_READ_CHUNK)) {
        const { read, digestsThen } = await readWithDigests(
          client,
          chunk.map((w) => w.schema),
          chunk.some((w) => w.ticket),
        );
        for (const { schema, ticket, digest } of chunk) {
          const model = read.get(schema);
          if (model) models.set(schema, model);
          if (ticket) {
            open.splice(open.indexOf(ticket), 1);
            ticket.done(model && digestsThen.get(schema) === digest ? { model, fingerprint: fingerprintModel(model) } : null);
          }
        }
      }
    };
    /** Takes each schema's model on its digest, or says it must be read (or, with `waitable`, asked again after this pass's reads). */
    const pass = (batch: readonly string[], waitable: boolean): { full: { schema: string; ticket: ReadTicket | null; digest: string | null }[]; later: string[] } => {
      const full: { schema: string; ticket: ReadTicket | null; digest: string | null }[] = [];
      const later: string[] = [];
      for (const schema of batch) {
        const digest = digests.get(schema);
        // No digest (not covered) or no schema: read in full, which also reports a missing one.
        if (digest === undefined || digest === null) {
          full.push({ schema, ticket: null, digest: null });
          continue;
        }
        const ticket = states.tryTake(digest);
        if (ticket?.kind === 'known') models.set(schema, withSchema(ticket.state.model, schema));
        else if (ticket) {
          open.push(ticket);
          full.push({ schema, ticket, digest });
        } else if (waitable) later.push(schema);
        // Still waiting after this batch's own reads: another batch's reads are running; read it.
        else full.push({ schema, ticket: null, digest: null });
      }
      return { full, later };
    };
    const first = pass(schemas, true);
    await readInFull(first.full);
    const second = pass(first.later, false);
    await readInFull(second.full);
    return models;
  } finally {
    // A read that failed gave nothing: its digest's waiters go on (and read for themselves).
    for (const ticket of open.splice(0)) ticket.done(null);
  }
}

/** Full reads of `schemas` and, when a ticket waits on them, their digests, in one snapshot. */
async function readWithDigests(client: pg.ClientBase, schemas: readonly string[], withDigests: boolean): Promise<{ read: Map<string, SchemaModel>; digestsThen: Map<string, string | null> }> {
  if (!withDigests) return { read: await introspectSchemas(client, schemas), digestsThen: new Map() };
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const digestsThen = await readBatchDigests(client, schemas);
    return { read: await introspectSchemas(client, schemas), digestsThen };
  } finally {
    await client.query('ROLLBACK');
  }
}
