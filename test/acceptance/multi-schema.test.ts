import { describe, it } from 'vitest';
import { runMultiSchemaCase } from './multi-schema/run-multi-schema-case.js';
import { multiSchemaCases } from './multi-schema/multi-schema.cases.js';

// Several schemas per file: every pair is planned over its schemas together, applied, compared with
// the target's catalog and planned again to nothing (see run-multi-schema-case.ts).
// A case loads three schema files (the after file, pg_dump's, schemafleet dump's): more than the
// suite's default minute when the machine is busy.
const TIMEOUT_MS = 180_000;

describe('acceptance: several schemas', () => {
  for (const testCase of multiSchemaCases) it.concurrent(testCase.name, ({ onTestFinished }) => runMultiSchemaCase(testCase, onTestFinished), TIMEOUT_MS);
});
