import { evaluateJsonPath } from './json-path.js';
import { toProbeNumber } from './probe-spec.js';
import { redactUrl } from '../../errors.js';
import { formatDuration } from '../../util/duration.js';

/** GET, JSON body, the value at jsonPath (or the body itself). Any non-2xx status is unreadable. */
export async function readHttpProbe(url: string, jsonPath: string | undefined, timeoutMs: number): Promise<number> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new Error(`timed out after ${formatDuration(timeoutMs)}`);
    const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
    throw new Error(`GET ${redactUrl(url)} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    throw new Error(name === 'TimeoutError' || name === 'AbortError' ? `timed out after ${formatDuration(timeoutMs)}` : `reading the body failed`);
  }
  if (!response.ok) throw new Error(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error('the response is not JSON');
  }
  return toProbeNumber(jsonPath ? evaluateJsonPath(body, jsonPath) : body);
}
