import { describe, it } from 'vitest';
import { runMultiSchemaCase } from './multi-schema/run-multi-schema-case.js';
import { multiSchemaCases } from './multi-schema/multi-schema.cases.js';

// Several schemas per file: every pair is planned over its schemas together, applied, compared with
// the target's catalog and planned again to nothing (see run-multi-schema-case.ts).
describe('acceptance: several schemas', () => {
  for (const testCase of multiSchemaCases) it.concurrent(testCase.name, ({ onTestFinished }) => runMultiSchemaCase(testCase, onTestFinished));
});
