import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkloadConfig, WorkloadResult } from './app-workload.js';
import type { FromWorkload, ToWorkload } from './workload-protocol.js';

export interface WorkloadProcess {
  phase(name: string): void;
  /** Stops the workload and returns what it measured. */
  finish(): Promise<WorkloadResult>;
  /** Ends the process without waiting for results (on errors). */
  kill(): void;
}

const READY_WITHIN_MS = 60_000;
const RESULT_WITHIN_MS = 60_000;

/** Forks bench/downtime/workload.ts and starts the workload; resolves once it is sending queries. */
export async function startWorkloadProcess(config: WorkloadConfig): Promise<WorkloadProcess> {
  const child = fork(fileURLToPath(new URL('./workload.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const send = (message: ToWorkload): void => {
    if (child.connected) child.send(message);
  };
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  try {
    await nextMessage(child, READY_WITHIN_MS, () => send({ type: 'start', config }), 'ready');
  } catch (error) {
    kill();
    throw error;
  }
  return {
    phase: (name) => send({ type: 'phase', phase: name }),
    kill,
    finish: async () => {
      try {
        const message = await nextMessage(child, config.queryTimeoutMs + RESULT_WITHIN_MS, () => send({ type: 'stop' }), 'result');
        if (message.type !== 'result') throw new Error('the workload process sent no result');
        return message.result;
      } finally {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        if (child.exitCode === null && child.signalCode === null) await Promise.race([exited, sleep(5_000)]);
        kill();
      }
    },
  };
}

function nextMessage(child: ChildProcess, withinMs: number, then: () => void, want: FromWorkload['type']): Promise<FromWorkload> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`the workload process did not answer within ${withinMs / 1000} s`)), withinMs);
    const onMessage = (raw: unknown): void => {
      const message = raw as FromWorkload;
      if (message.type === 'failed') done(new Error(`the workload process failed: ${message.message}`));
      else if (message.type === want) done(null, message);
    };
    const onExit = (code: number | null): void => done(new Error(`the workload process exited (code ${code}) before it said ${want}`));
    function done(error: Error | null, message?: FromWorkload): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error || !message) reject(error ?? new Error('no message'));
      else resolve(message);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
    then();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
