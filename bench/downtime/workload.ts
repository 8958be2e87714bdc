/**
 * The workload process: `node --import tsx bench/downtime/workload.ts`, forked by the bench with
 * an IPC channel. A process of its own, so the rollout's work in the bench process never delays
 * the application's queries or their clocks. It exits by itself when the bench goes away, and
 * after the configured maximum duration at the latest.
 */
import { AppWorkload } from './app-workload.js';
import type { FromWorkload, ToWorkload } from './workload-protocol.js';

const START_WITHIN_MS = 60_000;

if (!process.send) {
  process.stderr.write('bench/downtime/workload.ts runs as a child of bench/downtime/run.ts (it needs an IPC channel)\n');
  process.exit(2);
}

let workload: AppWorkload | null = null;
let stopping = false;

function send(message: FromWorkload): void {
  process.send?.(message);
}

async function stopAndExit(reply: boolean): Promise<never> {
  if (!stopping) {
    stopping = true;
    try {
      const result = await workload?.stop();
      if (reply && result) send({ type: 'result', result });
    } catch (error) {
      if (reply) send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }
  process.disconnect?.();
  process.exit(0);
}

const noStart = setTimeout(() => void stopAndExit(false), START_WITHIN_MS);

process.on('message', (raw: unknown) => {
  const message = raw as ToWorkload;
  switch (message.type) {
    case 'start': {
      clearTimeout(noStart);
      const started = new AppWorkload(message.config);
      workload = started;
      // A last resort if the bench never says stop: everything inside has this deadline too.
      setTimeout(() => void stopAndExit(true), message.config.maxDurationMs + 30_000).unref();
      started.start().then(
        () => send({ type: 'ready' }),
        (error: unknown) => {
          send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
          void stopAndExit(false);
        },
      );
      break;
    }
    case 'phase':
      workload?.setPhase(message.phase);
      break;
    case 'stop':
      void stopAndExit(true);
      break;
  }
});

process.on('disconnect', () => void stopAndExit(false));
