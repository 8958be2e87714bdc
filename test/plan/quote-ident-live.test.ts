import { expect, it } from 'vitest';
import { createTestDatabase } from '../support/pg.js';
import { quoteIdent } from '../../src/util/quote-ident.js';

it('quoteIdent agrees with the server for every keyword and a few odd names', async () => {
  const db = await createTestDatabase();
  const rows = await db.query<{ word: string; quoted: string }>(
    `SELECT word, quote_ident(word) AS quoted FROM pg_get_keywords()
     UNION ALL SELECT w, quote_ident(w) FROM unnest(ARRAY['Orders', 'a b', 'we"ird', 'x$1', '1abc', 'ÿ']) AS w`,
  );
  const mismatches = rows.filter((r) => quoteIdent(r.word) !== r.quoted);
  expect(mismatches).toEqual([]);
});
