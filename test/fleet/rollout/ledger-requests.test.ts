import { describe, expect, it } from 'vitest';
import { decideOnStatus } from '../../../src/fleet/rollout/ledger-requests.js';

describe('decideOnStatus (what a worker does with the rollout row)', () => {
  it('an abort request, or an aborted rollout, stops the worker and names who asked', () => {
    expect(decideOnStatus({ state: 'running', request: 'abort', requestedBy: 'ana' }, false)).toEqual({ kind: 'abort', reason: 'abort requested by ana' });
    expect(decideOnStatus({ state: 'aborted', request: null }, true)).toEqual({ kind: 'abort', reason: 'abort requested' });
  });

  it.each(['failed', 'cancelled', 'succeeded'] as const)('a rollout another worker marked %s ends this one too', (state) => {
    expect(decideOnStatus({ state, request: 'pause' }, false)).toEqual({ kind: 'ended-elsewhere', reason: `the rollout was marked ${state} by another worker` });
  });

  it('a new pause request pauses the worker and marks a running rollout paused', () => {
    expect(decideOnStatus({ state: 'running', request: 'pause', requestedBy: 'bo' }, false)).toEqual({ kind: 'carry-on', pause: 'start', reason: 'pause requested by bo', setState: 'paused' });
    // Another worker already marked it paused: nothing to write.
    expect(decideOnStatus({ state: 'paused', request: 'pause' }, false)).toEqual({ kind: 'carry-on', pause: 'start', reason: 'pause requested', setState: null });
  });

  it('a pause already in force changes nothing', () => {
    expect(decideOnStatus({ state: 'paused', request: 'pause' }, true)).toEqual({ kind: 'carry-on', pause: null, reason: null, setState: null });
  });

  it('a resume lifts the pause; whoever sees the rollout still paused marks it running', () => {
    expect(decideOnStatus({ state: 'paused', request: 'resume' }, true)).toEqual({ kind: 'carry-on', pause: 'end', reason: null, setState: 'running' });
    // This worker joined after the resume: never paused itself, yet a paused rollout hands out no claims.
    expect(decideOnStatus({ state: 'paused', request: 'resume' }, false)).toEqual({ kind: 'carry-on', pause: null, reason: null, setState: 'running' });
    expect(decideOnStatus({ state: 'running', request: 'resume' }, true)).toEqual({ kind: 'carry-on', pause: 'end', reason: null, setState: null });
  });

  it('a running rollout without a request: carry on', () => {
    expect(decideOnStatus({ state: 'running', request: null }, false)).toEqual({ kind: 'carry-on', pause: null, reason: null, setState: null });
  });
});
