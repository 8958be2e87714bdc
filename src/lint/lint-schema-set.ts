import { unqualifiedId } from '../diff/diff-schema-set.js';
import type { SchemaSetMigration } from '../plan/plan-schema-set.js';
import type { SchemaStatement } from '../schema/load/load-desired-schema.js';
import type { LintConfig } from './lint-config-schema.js';
import { lintMigration } from './lint-migration.js';
import type { Finding } from './rule.js';
import type { RunLintOptions } from './run-lint.js';

/**
 * Lints a plan of several schemas one schema at a time, with the rules as they are: each sees its
 * schema's models, changes and steps exactly as a one-schema plan would give them. Findings name
 * the object with its schema, and their step is the step's place in the whole plan.
 */
export function lintSchemaSet(
  migration: SchemaSetMigration,
  statements: readonly SchemaStatement[] | undefined,
  config: LintConfig | undefined,
  options: Omit<RunLintOptions, 'config' | 'statements' | 'schema'> = {},
): Finding[] {
  const { plan } = migration;
  const findings: Finding[] = [];
  for (const part of migration.diff.parts) {
    const positions: number[] = [];
    const steps = plan.steps.flatMap((step, index) => {
      if (step.schema !== part.schema) return [];
      positions.push(index);
      const { schema: _schema, ...rest } = step;
      return [{ ...rest, changeId: unqualifiedId(part.schema, step.changeId) }];
    });
    if (steps.length === 0) continue;
    const partPlan = { ...plan, schema: part.schema, steps };
    const desired = { model: part.desired, ...(statements ? { statements } : {}) };
    for (const finding of lintMigration(part.current, desired, { changes: part.changes, plan: partPlan }, config, { ...options, schema: part.schema })) {
      findings.push({ ...finding, object: `${part.schema}.${finding.object}`, step: finding.step === null ? null : (positions[finding.step] ?? null) });
    }
  }
  return findings;
}
