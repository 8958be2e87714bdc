import type { VerifyMode } from '../config/sections/rollout-config.js';
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
 *
 * While the reads that would make a digest trusted are running, further tenants with that digest
 * wait for them instead of reading too: at the start of a rollout every worker slot holds a tenant
 * with the same, not yet trusted, digest, and each full read costs far more than the wait.
 * @internal Tests count the full reads before a digest is trusted.
 */
export const READS_NEEDED = 2;
/** @internal test/fleet/rollout/starting-states.test.ts counts the sampled reads. */
export const SAMPLE_EVERY = 50;
/** Digests remembered; past this the oldest is forgotten (its tenants are read in full again). */
const MAX_STATES_REMEMBERED = 10_000;

export interface KnownStartingState {
  readonly model: SchemaModel;
  readonly fingerprint: string;
}

/** What `take` hands out: a model to use, or the job of reading the tenant in full and reporting what it gave. */
export type StartingStateTicket =
  | { readonly kind: 'known'; readonly state: KnownStartingState }
  /** Read in full, then `done(what the read gave)`, or `done(null)` when the read failed. */
  | { readonly kind: 'read'; readonly done: (read: KnownStartingState | null) => void };

export interface StartingStates {
  /** Whether digests are used at all (not in `every` mode). */
  readonly enabled: boolean;
  take(digest: string): Promise<StartingStateTicket>;
  /**
   * take() without the wait: null while the reads that would make the digest trusted are running
   * (a batch asks for all its tenants at once, and waits for its own reads by asking again after them).
   */
  tryTake(digest: string): StartingStateTicket | null;
  /** Tenants whose model was taken on their digest so far. */
  readonly taken: number;
}

interface DigestState {
  first: KnownStartingState | null;
  reads: number;
  disagreed: boolean;
  sinceSample: number;
  /** Full reads running that count towards READS_NEEDED. */
  reading: number;
  /** Tenants waiting for those reads. */
  waiting: (() => void)[];
}

export function createStartingStates(mode: VerifyMode, maxStates = MAX_STATES_REMEMBERED): StartingStates {
  const states = new Map<string, DigestState>();
  let taken = 0;
  const stateOf = (digest: string): DigestState => {
    let state = states.get(digest);
    if (!state) {
      state = { first: null, reads: 0, disagreed: false, sinceSample: 0, reading: 0, waiting: [] };
      states.set(digest, state);
      if (states.size > maxStates) {
        const oldest = states.keys().next().value!;
        // Waiters of a forgotten digest are released to read for themselves.
        for (const wake of states.get(oldest)?.waiting ?? []) wake();
        states.delete(oldest);
      }
    }
    return state;
  };
  const readTicket = (state: DigestState, counted: boolean): StartingStateTicket => {
    let reported = false;
    return {
      kind: 'read',
      done(read) {
        if (reported) return;
        reported = true;
        if (counted) state.reading -= 1;
        if (read) {
          if (!state.first) state.first = read;
          if (state.first.fingerprint === read.fingerprint) state.reads += 1;
          else state.disagreed = true;
        }
        for (const wake of state.waiting.splice(0)) wake();
      },
    };
  };
  const tryTake = (digest: string): StartingStateTicket | null => {
    const state = stateOf(digest);
    if (mode === 'every' || state.disagreed) return readTicket(state, false);
    if (state.first && state.reads >= READS_NEEDED) {
      state.sinceSample += 1;
      if (state.sinceSample >= SAMPLE_EVERY) {
        state.sinceSample = 0;
        return readTicket(state, false);
      }
      taken += 1;
      return { kind: 'known', state: state.first };
    }
    if (state.reads + state.reading < READS_NEEDED) {
      state.reading += 1;
      return readTicket(state, true);
    }
    return null;
  };
  return {
    enabled: mode !== 'every',
    get taken() {
      return taken;
    },
    tryTake,
    async take(digest) {
      for (;;) {
        const ticket = tryTake(digest);
        if (ticket) return ticket;
        await new Promise<void>((resolve) => stateOf(digest).waiting.push(resolve));
      }
    },
  };
}
