import { unqualifiedId } from '../diff/diff-schema-set.js';
import type { SchemaSetMigration } from '../plan/plan-schema-set.js';
import type { SchemaStatement } from '../schema/load/load-desired-schema.js';
import type { LintConfig } from './lint-config-schema.js';
import { lintMigration } from './lint-migration.js';
import type { Finding } from './rule.js';
import type { RunLintOptions } from './run-lint.js';

/**
 * Whether a statement is about objects of `schema`. One about no object (CREATE SCHEMA, a SET)
 * counts for the primary schema, so that each statement, and the inline ignores written above
 * it, belongs to one part: an ignore is applied, and reported unused or invalid, once.
 */
function isAbout(statement: SchemaStatement, schema: string, primary: string | undefined): boolean {
  const schemas = Object.values(statement.schemas ?? {});
  return schemas.length === 0 ? schema === primary : schemas.some((list) => list.includes(schema));
}

/**
 * Lints a plan of several schemas one schema at a time, with the rules as they are: each sees its
 * schema's models, changes and steps exactly as a one-schema plan would give them, and its
 * schema's statements (locations and inline ignores). Findings name the object with its schema,
 * and their step is the step's place in the whole plan. A schema without steps is linted only when
 * inline ignores are written in it, so that they are checked (and reported unused) there.
 */
export function lintSchemaSet(
  migration: SchemaSetMigration,
  statements: readonly SchemaStatement[] | undefined,
  config: LintConfig | undefined,
  options: Omit<RunLintOptions, 'config' | 'statements' | 'schema'> = {},
): Finding[] {
  const { plan } = migration;
  // The primary schema comes first (orderedSchemas).
  const primary = migration.diff.parts[0]?.schema;
  const findings: Finding[] = [];
  for (const part of migration.diff.parts) {
    const positions: number[] = [];
    const steps = plan.steps.flatMap((step, index) => {
      if (step.schema !== part.schema) return [];
      positions.push(index);
      const { schema: _schema, ...rest } = step;
      return [{ ...rest, changeId: unqualifiedId(part.schema, step.changeId) }];
    });
    const own = statements?.filter((s) => isAbout(s, part.schema, primary));
    const hasIgnores = own?.some((s) => s.leadingComments.some((c) => c.includes('schemafleet:ignore'))) ?? false;
    if (steps.length === 0 && !hasIgnores) continue;
    const partPlan = { ...plan, schema: part.schema, steps };
    const desired = { model: part.desired, ...(own ? { statements: own } : {}) };
    for (const finding of lintMigration(part.current, desired, { changes: part.changes, plan: partPlan }, config, { ...options, schema: part.schema })) {
      findings.push({ ...finding, object: `${part.schema}.${finding.object}`, step: finding.step === null ? null : (positions[finding.step] ?? null) });
    }
  }
  return findings;
}
