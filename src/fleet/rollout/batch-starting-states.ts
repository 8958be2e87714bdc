import type pg from 'pg';
import type { SchemaModel } from '../../schema/model.js';
import { fingerprintModel, withSchema } from '../../schema/fingerprint-model.js';
import { readBatchDigests } from '../../schema/introspect/batch-digest.js';
import { introspectSchemas } from '../../schema/introspect/introspect-schemas.js';
import type { StartingStates, StartingStateTicket } from './starting-states.js';

/** Read tickets handed out for schemas that are then read in full. */
type ReadTicket = Extract<StartingStateTicket, { kind: 'read' }>;

/**
 * The starting models of a batch of schema tenants of one database, each as introspectSchemas
 * would read it, with one digest query for the batch (schema/introspect/batch-digest.ts) and full
 * reads only where the digest is not trusted yet, is due for its sample, or does not cover the
 * schema: the same rules as a database tenant's digest (starting-states.ts), with the batch's full
 * reads made together.
 *
 * A batch asks for all its tenants at once, so the first batch of a release finds its digest
 * untrusted: two of its schemas are read in full first, and if they agree the rest of the batch
 * takes their model (one more read, not fifty). Everything is read in one REPEATABLE READ snapshot.
 * Schemas that do not exist are absent from the map, as with introspectSchemas.
 */
export async function readBatchStartingModels(client: pg.ClientBase, schemas: readonly string[], states: StartingStates | undefined): Promise<Map<string, SchemaModel>> {
  if (!states?.enabled || schemas.length === 0) return introspectSchemas(client, schemas);
  const models = new Map<string, SchemaModel>();
  const open: ReadTicket[] = [];
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const digests = await readBatchDigests(client, schemas);
    /** Reads in full, and reports what each read gave to the ticket it was made for. */
    const readInFull = async (wanted: readonly { schema: string; ticket: ReadTicket | null }[]): Promise<void> => {
      if (wanted.length === 0) return;
      const read = await introspectSchemas(
        client,
        wanted.map((w) => w.schema),
      );
      for (const { schema, ticket } of wanted) {
        const model = read.get(schema);
        if (model) models.set(schema, model);
        if (ticket) {
          open.splice(open.indexOf(ticket), 1);
          ticket.done(model ? { model, fingerprint: fingerprintModel(model) } : null);
        }
      }
    };
    /** Takes each schema's model on its digest, or says it must be read (or, with `waitable`, asked again after this pass's reads). */
    const pass = (batch: readonly string[], waitable: boolean): { full: { schema: string; ticket: ReadTicket | null }[]; later: string[] } => {
      const full: { schema: string; ticket: ReadTicket | null }[] = [];
      const later: string[] = [];
      for (const schema of batch) {
        const digest = digests.get(schema);
        // No digest (not covered) or no schema: read in full, which also reports a missing one.
        if (digest === undefined || digest === null) {
          full.push({ schema, ticket: null });
          continue;
        }
        const ticket = states.tryTake(digest);
        if (ticket?.kind === 'known') models.set(schema, withSchema(ticket.state.model, schema));
        else if (ticket) {
          open.push(ticket);
          full.push({ schema, ticket });
        } else if (waitable) later.push(schema);
        // Still waiting after this batch's own reads: another batch's reads are running; read it.
        else full.push({ schema, ticket: null });
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
    await client.query('ROLLBACK');
  }
}
