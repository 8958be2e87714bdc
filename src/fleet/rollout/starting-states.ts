import type { VerifyMode } from '../config/config-schema.js';
import type { SchemaModel } from '../../schema/model.js';

/**
 * Starting states known by their catalog digest (schema/introspect/catalog-digest.ts), so a tenant
 * whose digest was seen before need not be read in full: on a database tenant the full read on a new
 * connection costs more than the migration's own statements.
 *
 * The digest is built to differ whenever the models could, but a model taken on a digest is only as
 * good as that construction, so it is taken on trust the way plans are (plan-proofs.ts): a digest
 * is trusted once READS_NEEDED tenants with it were read in full and gave the same model; one tenant
 * in SAMPLE_EVERY of a trusted digest is still read in full and compared; and a digest whose full
 * reads ever disagree is never trusted again in this rollout. `every` mode reads every tenant in full.
 */
export const READS_NEEDED = 2;
export const SAMPLE_EVERY = 50;
/** Digests remembered; past this the oldest is forgotten (its tenants are read in full again). */
export const MAX_STATES_REMEMBERED = 10_000;

export interface StartingStates {
  /** Whether digests are used at all (not in `every` mode). */
  readonly enabled: boolean;
  /** The model (and its fingerprint) for a trusted digest, or undefined: read the tenant in full (and record what it gave). */
  take(digest: string): { readonly model: SchemaModel; readonly fingerprint: string } | undefined;
  /** What a full read of a tenant with `digest` gave. */
  record(digest: string, model: SchemaModel, fingerprint: string): void;
  /** Tenants whose model was taken on their digest so far. */
  readonly taken: number;
}

interface KnownState {
  readonly model: SchemaModel;
  readonly fingerprint: string;
  reads: number;
  disagreed: boolean;
  sinceSample: number;
}

export function createStartingStates(mode: VerifyMode, maxStates = MAX_STATES_REMEMBERED): StartingStates {
  const states = new Map<string, KnownState>();
  let taken = 0;
  return {
    enabled: mode !== 'every',
    get taken() {
      return taken;
    },
    take(digest) {
      const state = states.get(digest);
      if (mode === 'every' || !state || state.disagreed || state.reads < READS_NEEDED) return undefined;
      state.sinceSample += 1;
      if (state.sinceSample < SAMPLE_EVERY) {
        taken += 1;
        return state;
      }
      state.sinceSample = 0;
      return undefined;
    },
    record(digest, model, fingerprint) {
      if (mode === 'every') return;
      const state = states.get(digest);
      if (!state) {
        states.set(digest, { model, fingerprint, reads: 1, disagreed: false, sinceSample: 0 });
        if (states.size > maxStates) states.delete(states.keys().next().value!);
      } else if (state.fingerprint === fingerprint) {
        state.reads += 1;
      } else {
        state.disagreed = true;
      }
    },
  };
}
