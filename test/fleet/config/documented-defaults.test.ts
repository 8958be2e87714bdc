import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fleetConfigFileSchema } from '../../../src/fleet/config/config-schema.js';
import { PRESET_DEFAULT_PAUSE_ABOVE } from '../../../src/fleet/config/health-presets.js';
import { ADAPTIVE_DEFAULTS } from '../../../src/fleet/config/sections/rollout-config.js';

// docs/configuration.md is what users read; these tests hold its Default columns to what the code
// fills in, so changing a default without the docs (or adding a key without a row) fails here.

const docsPath = new URL('../../../docs/configuration.md', import.meta.url);

/** The `| Key | Type | Default | Meaning |` rows under a `### \`section\`` heading: key → Default cell. */
function documentedDefaults(markdown: string, section: string): Map<string, string> {
  const start = markdown.indexOf(`### \`${section}\``);
  expect(start, `docs/configuration.md has no ### \`${section}\` heading`).toBeGreaterThanOrEqual(0);
  // The section's first table: from its header row to the first line that is not a row.
  const lines = markdown.slice(start).split('\n');
  const header = lines.findIndex((line) => line.startsWith('| Key | Type | Default |'));
  const rows = new Map<string, string>();
  for (const line of lines.slice(header)) {
    if (!line.startsWith('|')) break;
    const cells = /^\| `(\w+)` \| [^|]* \| ([^|]*) \|/.exec(line);
    if (cells?.[1] && cells[2]) rows.set(cells[1], cells[2].trim());
  }
  return rows;
}

/** A default as the docs write it: durations in their largest whole unit, budgets as "N%". */
function asDocumented(key: string, value: unknown): string {
  if (key.endsWith('Ms') && typeof value === 'number') {
    const unit = (
      [
        [3_600_000, 'h'],
        [60_000, 'm'],
        [1_000, 's'],
      ] as const
    ).find(([ms]) => value % ms === 0);
    return `\`${unit ? `${value / unit[0]}${unit[1]}` : `${value}ms`}\``;
  }
  if (value === null) return '`false`';
  if (Array.isArray(value)) return `\`${JSON.stringify(value)}\``;
  if (typeof value === 'object') {
    const tagged = value as { kind: string; count?: number; percent?: number };
    return tagged.kind === 'percent' ? `\`"${tagged.percent}%"\`` : `\`${tagged.count}\``;
  }
  return `\`${String(value)}\``;
}

/** What the file schema fills in for a config that sets nothing optional. */
function codeDefaults() {
  return fleetConfigFileSchema({}).parse({ schema: 'schema.sql', tenants: { schemas: { url: 'postgres://db/app', match: 'tenant_%' } } });
}

describe('docs/configuration.md states the defaults the code uses', () => {
  it('rollout: every key has a row, and its Default is the code default', async () => {
    const rows = documentedDefaults(await readFile(docsPath, 'utf8'), 'rollout');
    const { rollout } = codeDefaults();
    const expected = new Map<string, string>();
    for (const [key, value] of Object.entries(rollout)) {
      // perClusterConcurrency has no number of its own: it follows concurrency.
      expected.set(key.replace(/Ms$/, ''), key === 'perClusterConcurrency' ? '`concurrency`' : asDocumented(key, value));
    }
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(expected));
  });

  it('rollout.adaptiveConcurrency: the defaults of `every` and `maxSlowdown` in its description', async () => {
    const markdown = await readFile(docsPath, 'utf8');
    const row = markdown.split('\n').find((line) => line.startsWith('| `adaptiveConcurrency` |')) ?? '';
    expect(row).toContain(`\`every\` (default ${asDocumented('everyMs', ADAPTIVE_DEFAULTS.everyMs)})`);
    expect(row).toContain(`\`maxSlowdown\` (default \`${ADAPTIVE_DEFAULTS.maxSlowdown}\``);
  });

  it('health: every key has a row, and its Default is the code default', async () => {
    const rows = documentedDefaults(await readFile(docsPath, 'utf8'), 'health');
    const { health } = codeDefaults();
    const expected = new Map<string, string>();
    for (const [key, value] of Object.entries(health)) expected.set(key.replace(/Ms$/, ''), asDocumented(key, value));
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(expected));
  });

  it("health presets: each preset's default pauseAbove", async () => {
    const markdown = await readFile(docsPath, 'utf8');
    for (const [preset, pauseAbove] of Object.entries(PRESET_DEFAULT_PAUSE_ABOVE)) {
      const row = markdown.split('\n').find((line) => line.startsWith(`| \`${preset}\` |`));
      expect(row?.split('|').at(-2)?.trim(), preset).toBe(String(pauseAbove));
    }
  });
});
