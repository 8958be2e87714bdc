/**
 * app.yml registers the app with exactly the events it handles and the permissions its calls need,
 * so an app created from the manifest neither misses a webhook nor asks for more than it uses.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Probot } from 'probot';
import { schemafleetApp } from '../../src/github/app.js';

const manifest = parse(readFileSync(new URL('../../app.yml', import.meta.url), 'utf8')) as { default_events: string[]; default_permissions: Record<string, string> };

function handledEvents(): string[] {
  const names: string[] = [];
  const recorder = { on: (events: string | string[]) => names.push(...[events].flat()) } as unknown as Probot;
  void schemafleetApp({ botLogin: 'schemafleet[bot]' })(recorder, { cwd: process.cwd(), addHandler: () => undefined });
  return [...new Set(names.map((name) => name.split('.')[0]!))].sort();
}

describe('app.yml', () => {
  it('subscribes to every event the app handles, and to no other', () => {
    expect([...manifest.default_events].sort()).toEqual(handledEvents());
  });

  it('asks for the permissions the review and the buttons use', () => {
    expect(manifest.default_permissions).toEqual({ contents: 'read', pull_requests: 'write', checks: 'write', metadata: 'read' });
  });
});
