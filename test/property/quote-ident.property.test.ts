import fc from 'fast-check';
import pg from 'pg';
import { expect, it } from 'vitest';
import { quoteIdent } from '../../src/util/quote-ident.js';
import { createTestDatabase } from '../support/pg.js';

/**
 * quoteIdent against the real server, for arbitrary names PostgreSQL can hold (non-empty, no NUL,
 * at most 63 bytes): either it spells the name as quote_ident does, or it is a quoted form that
 * the server reads back as exactly the same name.
 */
const MAX_BYTES = 63;
const fits = (s: string): boolean => s.length > 0 && !s.includes('\u0000') && Buffer.byteLength(s, 'utf8') <= MAX_BYTES;

const tricky = fc.constantFrom('"', '""', ' ', 'A', 'a', 'z', '_', '$', '0', '9', 'é', 'É', 'ß', 'İ', 'ı', '☕', '🚀', '\n', '\t', "'", '\\', '-', '.', ';', 'ǅ', '\u00a0', '\u200b');
const keyword = fc.constantFrom(
  'select',
  'user',
  'table',
  'order',
  'from',
  'all',
  'name',
  'text',
  'value',
  'type',
  'default',
  'check',
  'current_user',
  'analyse',
  'json',
  'merge_action',
  'system_user',
  'authorization',
  'offset',
  'window',
  'over',
  'freeze',
  'between',
  'int',
  'char',
  'do',
  'end',
  'is',
);

const identifier = fc
  .oneof(
    keyword,
    keyword.map((k) => k.toUpperCase()),
    fc.string({ unit: tricky, minLength: 1, maxLength: 12 }),
    fc.stringMatching(/^[a-z_][a-z0-9_$]{0,20}$/),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
  )
  .filter(fits);

it('quoteIdent round-trips every name through the server', { timeout: 300_000 }, async () => {
  const db = await createTestDatabase('sf_prop_ident');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await fc.assert(
      fc.asyncProperty(identifier, async (name) => {
        const ours = quoteIdent(name);
        const { rows } = await client.query<{ quoted: string }>('SELECT quote_ident($1) AS quoted', [name]);
        if (ours !== rows[0]!.quoted) {
          // Only a spelling difference is allowed (a keyword list of another server version): ours must be quoted.
          expect(ours.startsWith('"') && ours.endsWith('"'), `${JSON.stringify(name)}: ours ${ours}, server ${rows[0]!.quoted}`).toBe(true);
        }
        // Whatever the spelling, the server must read it back as exactly this name.
        await client.query(`CREATE TABLE public.${ours} ()`);
        try {
          const found = await client.query<{ relname: string }>("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'");
          expect(found.rows.map((r) => r.relname)).toEqual([name]);
        } finally {
          await client.query(`DROP TABLE public.${ours}`);
        }
      }),
      { seed: 20260306, numRuns: 400 },
    );
  } finally {
    await client.end();
  }
});
