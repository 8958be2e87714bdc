import type { Migration } from '../plan/plan-migration.js';
import type { SchemaStatement } from '../schema/load/load-desired-schema.js';
import type { SchemaModel } from '../schema/model.js';
import type { LintConfig } from './lint-config-schema.js';
import { buildLintContext } from './lint-context.js';
import type { Finding } from './rule.js';
import { runLint, type RunLintOptions } from './run-lint.js';

/** Lints a computed migration: the one call the CLI commands share. */
export function lintMigration(
  current: SchemaModel,
  desired: { readonly model: SchemaModel; readonly statements?: readonly SchemaStatement[] },
  migration: Migration,
  config: LintConfig | undefined,
  options: Omit<RunLintOptions, 'config' | 'statements'> = {},
): Finding[] {
  return runLint(buildLintContext(current, desired.model, migration), {
    ...options,
    ...(config ? { config } : {}),
    ...(desired.statements ? { statements: desired.statements } : {}),
  });
}
