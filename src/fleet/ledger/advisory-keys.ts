import { createHash } from 'node:crypto';

/**
 * Two int4 keys from the first 8 bytes of sha256(text). The two-key form of the advisory lock
 * functions lives in a separate key space from the single-bigint form most applications use.
 */
export function advisoryKeys(text: string): [number, number] {
  const digest = createHash('sha256').update(text, 'utf8').digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}
