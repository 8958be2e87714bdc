import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAcceptanceCase } from './run-acceptance-case.js';
import { runMultiSchemaCase } from './multi-schema/run-multi-schema-case.js';
import { loadDesiredSchema } from '../../src/schema/load/load-desired-schema.js';
import { introspectSchema } from '../../src/schema/introspect/introspect-schema.js';
import { describeUnsupported } from '../../src/schema/unsupported-objects.js';
import { adminUrl, createTestDatabase, withClient } from '../support/pg.js';

/**
 * migra's public test fixtures (djrobstep/migra tests/FIXTURES/<name>/a.sql → b.sql, Unlicense), kept
 * beside the repository in ../shared/corpora/migra. Every pair within what schemafleet models runs
 * through the acceptance runner like our own cases; every other pair is listed below with the
 * refusal that says why, and must still be refused that way.
 */
const CORPUS = resolve(process.env.SCHEMAFLEET_MIGRA_CORPUS ?? '../shared/corpora/migra');

/**
 * Pairs outside what schemafleet models, and why: the refusal loading b.sql as a schema file gives,
 * or, when b.sql loads, the objects of a.sql that schemafleet names as not managed.
 */
const OUTSIDE: Readonly<Record<string, RegExp>> = {
  inherit2: /ALTER TABLE is not allowed in a schema file/,
};

/**
 * The schemas a pair declares besides public. Such a pair is run as a file of several schemas
 * (public first, then the others): migra diffs whole databases, and so does this scope.
 */
function otherSchemas(name: string): string[] {
  const declared = (sql: string): string[] => [...sql.matchAll(/create\s+schema\s+(?:if\s+not\s+exists\s+)?"?(\w+)"?/gi)].map((m) => m[1]!);
  return [...new Set([...declared(read(name, 'a')), ...declared(read(name, 'b'))])].filter((s) => s !== 'public').sort();
}

/** Why a pair is outside what schemafleet models, in schemafleet's own words; undefined when it is within. */
async function whyOutside(name: string, onFinished: (fn: () => Promise<void>) => void): Promise<string | undefined> {
  try {
    await loadDesiredSchema({ path: join(CORPUS, name, 'b.sql'), devUrl: adminUrl() });
  } catch (error) {
    return (error as Error).message;
  }
  const before = await createTestDatabase('sf_migra_a', { onFinished });
  await before.exec(read(name, 'a'));
  const model = await withClient(before.url, (c) => introspectSchema(c, 'public'));
  return model.unsupported.length > 0 ? `a.sql holds ${describeUnsupported(model.unsupported)}` : undefined;
}

const read = (name: string, side: 'a' | 'b'): string => readFileSync(join(CORPUS, name, `${side}.sql`), 'utf8');
const fixtures = existsSync(CORPUS)
  ? readdirSync(CORPUS, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
  : [];

describe.skipIf(fixtures.length === 0)('acceptance: migra corpus', () => {
  beforeAll(async () => {
    // rls names a role; roles belong to the cluster, so it is made once and left for the next run.
    await withClient(adminUrl(), (c) => c.query('DO $$ BEGIN CREATE ROLE schemainspect_test_role; EXCEPTION WHEN duplicate_object THEN NULL; END $$'));
  });

  for (const name of fixtures) {
    const outside = OUTSIDE[name];
    if (outside) {
      it.concurrent(`${name}: outside what schemafleet models, refused by name`, async ({ onTestFinished }) => {
        expect(await whyOutside(name, onTestFinished)).toMatch(outside);
      });
    } else if (otherSchemas(name).length > 0) {
      // b.sql is migra's text, not a file a team would keep: its GRANTs to the objects' owner mean
      // nothing to a file loaded as another role. pg_dump of the target is loaded as the file instead.
      it.concurrent(
        `${name}: migrates exactly, as several schemas (public, ${otherSchemas(name).join(', ')})`,
        ({ onTestFinished }) => runMultiSchemaCase({ name, schemas: ['public', ...otherSchemas(name)], before: read(name, 'a'), after: read(name, 'b'), afterIsSchemaFile: false }, onTestFinished),
        // Two schema files loaded (pg_dump's and schemafleet dump's): more than a minute on a busy machine.
        180_000,
      );
    } else {
      it.concurrent(`${name}: migrates exactly`, ({ onTestFinished }) => runAcceptanceCase({ name, before: read(name, 'a'), after: read(name, 'b') }, onTestFinished));
    }
  }
});
