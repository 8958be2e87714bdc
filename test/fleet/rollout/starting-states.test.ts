import { describe, expect, it } from 'vitest';
import { createStartingStates, READS_NEEDED, SAMPLE_EVERY, type StartingStateTicket, type StartingStates } from '../../../src/fleet/rollout/starting-states.js';
import { emptySchemaModel } from '../../../src/schema/empty-model.js';
import type { SchemaModel } from '../../../src/schema/model.js';

const model = (schema: string): SchemaModel => ({ ...emptySchemaModel(schema, 180000), privileges: [] });

/** A full read that gave `fingerprint`. */
async function readIn(states: StartingStates, digest: string, fingerprint: string): Promise<void> {
  const ticket = await states.take(digest);
  expect(ticket.kind).toBe('read');
  if (ticket.kind === 'read') ticket.done({ model: model('public'), fingerprint });
}

describe('starting states by digest', () => {
  it('trusts a digest once READS_NEEDED full reads agreed, then samples one in SAMPLE_EVERY', async () => {
    const states = createStartingStates('proven');
    for (let i = 0; i < READS_NEEDED; i++) await readIn(states, 'd', 'fp');
    const tickets: StartingStateTicket[] = [];
    for (let i = 0; i < SAMPLE_EVERY * 2; i++) {
      const ticket = await states.take('d');
      tickets.push(ticket);
      if (ticket.kind === 'read') ticket.done({ model: model('public'), fingerprint: 'fp' });
    }
    expect(tickets.filter((t) => t.kind === 'read')).toHaveLength(2);
    expect(tickets[SAMPLE_EVERY - 1]?.kind).toBe('read');
    expect(tickets[0]).toEqual({ kind: 'known', state: { model: model('public'), fingerprint: 'fp' } });
    expect(states.taken).toBe(SAMPLE_EVERY * 2 - 2);
  });

  it('never trusts a digest again once two full reads of it disagreed', async () => {
    const states = createStartingStates('proven');
    await readIn(states, 'd', 'fp1');
    await readIn(states, 'd', 'fp2');
    for (let i = 0; i < 5; i++) await readIn(states, 'd', 'fp1');
  });

  it('while the reads that would prove a digest run, further tenants with it wait for them instead of reading', async () => {
    const states = createStartingStates('proven');
    const readers = await Promise.all(Array.from({ length: READS_NEEDED }, () => states.take('d')));
    expect(readers.map((t) => t.kind)).toEqual(Array(READS_NEEDED).fill('read'));
    let waiterGot: StartingStateTicket | undefined;
    const waiter = states.take('d').then((t) => (waiterGot = t));
    await new Promise((r) => setTimeout(r, 10));
    expect(waiterGot).toBeUndefined();
    for (const reader of readers) if (reader.kind === 'read') reader.done({ model: model('public'), fingerprint: 'fp' });
    await waiter;
    expect(waiterGot?.kind).toBe('known');
  });

  it('a read in flight that fails hands its place to a waiting tenant', async () => {
    const states = createStartingStates('proven');
    const readers = await Promise.all(Array.from({ length: READS_NEEDED }, () => states.take('d')));
    const waiter = states.take('d');
    const first = readers[0]!;
    if (first.kind === 'read') first.done(null);
    expect((await waiter).kind).toBe('read');
  });

  it('every: is off', async () => {
    const states = createStartingStates('every');
    expect(states.enabled).toBe(false);
    for (let i = 0; i < 5; i++) await readIn(states, 'd', 'fp');
  });

  it('forgets the oldest digest past its bound', async () => {
    const states = createStartingStates('proven', 2);
    for (const d of ['a', 'b', 'c']) for (let i = 0; i < READS_NEEDED; i++) await readIn(states, d, d);
    expect((await states.take('a')).kind).toBe('read');
    expect((await states.take('c')).kind).toBe('known');
  });
});
