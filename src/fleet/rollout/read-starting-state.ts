import type pg from 'pg';
import { fingerprintModel } from '../../schema/fingerprint-model.js';
import { readCatalogDigest } from '../../schema/introspect/catalog-digest.js';
import { introspectSchema } from '../../schema/introspect/introspect-schema.js';
import { retryRead, setReadTimeouts, type ReadLiveSchemaOptions } from '../../apply/read-live-schema.js';
import type { KnownStartingState, StartingStates } from './starting-states.js';

/**
 * A tenant's live state before its plan: its catalog digest first, and the full read only when the
 * digest is not covered, not yet trusted, or due for a sample (starting-states.ts). Both reads get
 * the rollout's lock and statement timeouts, set once for both.
 */
export async function readStartingState(client: pg.ClientBase, schema: string, options: ReadLiveSchemaOptions, states?: StartingStates): Promise<KnownStartingState> {
  await setReadTimeouts(client, options);
  const digest = states?.enabled ? await retryRead(client, options, () => readCatalogDigest(client, schema)) : null;
  const ticket = digest !== null && states ? await states.take(digest) : null;
  if (ticket?.kind === 'known') return ticket.state;
  let read: KnownStartingState | null = null;
  try {
    const model = await retryRead(client, options, () => introspectSchema(client, schema));
    read = { model, fingerprint: fingerprintModel(model) };
    return read;
  } finally {
    ticket?.done(read);
  }
}
