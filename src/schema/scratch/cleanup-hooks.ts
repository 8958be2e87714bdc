import { registerExitCleanup } from '../../util/stop-signals.js';

/**
 * Cleanups of scratch resources (embedded servers, scratch databases on a dev server) that must run
 * even when the process is interrupted, or a data dir, a postmaster or a database outlives us.
 *
 * They run inside the one signal story of src/util/stop-signals.ts: a front door that stops
 * gracefully (rollout, demo, Action) owns the first signal and closes its servers itself; a second
 * signal, or a signal to a command without a graceful stop, runs these and then exits.
 */
export function registerScratchCleanup(cleanup: () => Promise<void>): () => void {
  return registerExitCleanup(cleanup);
}
