import { describe, it } from 'vitest';
import { runAcceptanceCase } from './run-acceptance-case.js';
import type { AcceptanceCase } from './acceptance-case.js';
import { tableCases } from './cases/tables.cases.js';
import { columnCases } from './cases/columns.cases.js';
import { constraintCases } from './cases/constraints.cases.js';
import { indexCases } from './cases/indexes.cases.js';
import { typeCases } from './cases/types.cases.js';
import { sequenceCases } from './cases/sequences.cases.js';
import { viewCases } from './cases/views.cases.js';
import { routineCases } from './cases/routines.cases.js';
import { securityCases } from './cases/security.cases.js';
import { partitionCases } from './cases/partitions.cases.js';
import { identifierCases } from './cases/identifiers.cases.js';
import { orderingCases } from './cases/ordering.cases.js';
import { privilegeCases } from './cases/privileges.cases.js';

const suites: Record<string, AcceptanceCase[]> = {
  tables: tableCases,
  columns: columnCases,
  constraints: constraintCases,
  indexes: indexCases,
  types: typeCases,
  sequences: sequenceCases,
  views: viewCases,
  routines: routineCases,
  'row level security': securityCases,
  partitions: partitionCases,
  identifiers: identifierCases,
  ordering: orderingCases,
  privileges: privilegeCases,
};

// Every pair: plan before → after on real PostgreSQL, apply it, the catalog must equal `after`
// built directly, and a second plan must be empty.
for (const [suite, cases] of Object.entries(suites)) {
  describe(`acceptance: ${suite}`, () => {
    for (const testCase of cases) it.concurrent(testCase.name, ({ onTestFinished }) => runAcceptanceCase(testCase, onTestFinished));
  });
}
