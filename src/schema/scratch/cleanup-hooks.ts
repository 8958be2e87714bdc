/**
 * Cleanups of scratch resources (embedded servers, scratch databases on a dev server) that must run
 * even when the process is interrupted, or a data dir, a postmaster or a database outlives us.
 *
 * A front door that handles SIGINT/SIGTERM itself (a rollout's grace period, the Action's stop
 * story) owns the signal: these hooks then stay out of its way and its own shutdown runs the
 * cleanups (servers are closed by their owners, and `runScratchCleanups` is there for the rest).
 * Only when nobody else listens do these hooks clean up and re-raise the signal, so a plain
 * command still ends with the conventional exit code.
 */
const cleanups = new Set<() => Promise<void>>();
let hooksInstalled = false;

/** Registers a cleanup; the returned function unregisters it (call it once the resource is gone). */
export function registerScratchCleanup(cleanup: () => Promise<void>): () => void {
  cleanups.add(cleanup);
  installSignalHooks();
  return () => void cleanups.delete(cleanup);
}

/** Runs every registered cleanup once, in parallel; failures are ignored (best effort at exit). */
export async function runScratchCleanups(): Promise<void> {
  const pending = [...cleanups];
  cleanups.clear();
  await Promise.allSettled(pending.map((cleanup) => cleanup()));
}

function installSignalHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const hook = (): void => {
      // Another listener (a front door's shutdown story) owns this signal: it decides when to end.
      if (process.listenerCount(signal) > 1) return;
      process.removeListener(signal, hook);
      void runScratchCleanups().then(() => process.kill(process.pid, signal));
    };
    process.on(signal, hook);
  }
}
