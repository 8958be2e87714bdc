import type pg from 'pg';
import type { SchemaModel } from '../../schema/model.js';
import { fingerprintModel } from '../../schema/fingerprint-model.js';
import { readCatalogDigest } from '../../schema/introspect/catalog-digest.js';
import { introspectSchema } from '../../schema/introspect/introspect-schema.js';
import { readWithTimeouts, type ReadLiveSchemaOptions } from '../../apply/read-live-schema.js';
import type { StartingStates } from './starting-states.js';

export interface StartingState {
  readonly model: SchemaModel;
  readonly fingerprint: string;
  /** True when the model was taken on the tenant's catalog digest instead of a full read. */
  readonly fromDigest: boolean;
}

/**
 * A tenant's live state before its plan: its catalog digest first, and the full read only when the
 * digest is not covered, not yet trusted, or due for a sample (starting-states.ts). Both reads get
 * the rollout's lock and statement timeouts.
 */
export async function readStartingState(client: pg.ClientBase, schema: string, options: ReadLiveSchemaOptions, states?: StartingStates): Promise<StartingState> {
  const digest = states?.enabled ? await readWithTimeouts(client, options, () => readCatalogDigest(client, schema)) : null;
  const ticket = digest !== null && states ? await states.take(digest) : null;
  if (ticket?.kind === 'known') return { ...ticket.state, fromDigest: true };
  let read: { model: SchemaModel; fingerprint: string } | null = null;
  try {
    const model = await readWithTimeouts(client, options, () => introspectSchema(client, schema));
    read = { model, fingerprint: fingerprintModel(model) };
    return { ...read, fromDigest: false };
  } finally {
    ticket?.done(read);
  }
}
