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
  const known = digest !== null ? states?.take(digest) : undefined;
  if (known) return { model: known.model, fingerprint: known.fingerprint, fromDigest: true };
  const model = await readWithTimeouts(client, options, () => introspectSchema(client, schema));
  const fingerprint = fingerprintModel(model);
  if (digest !== null) states?.record(digest, model, fingerprint);
  return { model, fingerprint, fromDigest: false };
}
