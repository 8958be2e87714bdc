import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAcceptanceCase } from './run-acceptance-case.js';
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
const SEVERAL_SCHEMAS = /CREATE SCHEMA is not allowed in a schema file: a schema file describes one schema \(public\); schema \w+ cannot be declared in it/;
const OUTSIDE: Readonly<Record<string, RegExp>> = {
  dependencies2: SEVERAL_SCHEMAS,
  enumdefaults: SEVERAL_SCHEMAS,
  everything: SEVERAL_SCHEMAS,
  excludeschema: SEVERAL_SCHEMAS,
  inherit2: /ALTER TABLE is not allowed in a schema file/,
  privileges: SEVERAL_SCHEMAS,
  seq: SEVERAL_SCHEMAS,
  singleschema: SEVERAL_SCHEMAS,
  singleschema_ext: SEVERAL_SCHEMAS,
};

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
const fixtures = existsSync(CORPUS) ? readdirSync(CORPUS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort() : [];

describe.skipIf(fixtures.length === 0)('acceptance: migra corpus', () => {
  beforeAll(async () => {
    // rls names a role; roles belong to the cluster, so it is made once and left for the next run.
    await withClient(adminUrl(), (c) =>
      c.query("DO $$ BEGIN CREATE ROLE schemainspect_test_role; EXCEPTION WHEN duplicate_object THEN NULL; END $$"),
    );
  });

  for (const name of fixtures) {
    const outside = OUTSIDE[name];
    if (outside) {
      it.concurrent(`${name}: outside what schemafleet models, refused by name`, async ({ onTestFinished }) => {
        expect(await whyOutside(name, onTestFinished)).toMatch(outside);
      });
    } else {
      it.concurrent(`${name}: migrates exactly`, ({ onTestFinished }) => runAcceptanceCase({ name, before: read(name, 'a'), after: read(name, 'b') }, onTestFinished));
    }
  }
});
