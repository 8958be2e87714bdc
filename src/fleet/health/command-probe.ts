import { spawn } from 'node:child_process';
import { toProbeNumber } from './probe-spec.js';
import { formatDuration } from '../../util/duration.js';

const MAX_OUTPUT = 64 * 1024;

/**
 * `sh -c command`, stdout trimmed is the value. spawn rather than execFile because on timeout the
 * whole process group must die: killing only `sh` leaves its children holding stdout open, and the
 * reading would hang past its timeout.
 */
export function readCommandProbe(command: string, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const killGroup = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      finish(() => reject(new Error(`timed out after ${formatDuration(timeoutMs)}`)));
    }, timeoutMs);
    timer.unref();
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += chunk;
    });
    child.on('error', (error) => finish(() => reject(new Error(`could not run sh: ${error.message}`))));
    child.on('close', (code, signal) => {
      finish(() => {
        if (code !== 0) {
          const detail = stderr.trim().split('\n')[0]?.slice(0, 200);
          reject(new Error(`exited with ${signal ?? `code ${code}`}${detail ? `: ${detail}` : ''}`));
          return;
        }
        try {
          resolve(toProbeNumber(stdout.trim()));
        } catch (error) {
          reject(error);
        }
      });
    });
  });
}
