import type { SchemaModel } from './model.js';

/**
 * The objects of a model whose stored form PostgreSQL prints anew in each major version (views,
 * CHECK and index expressions, policies, …). Extensions are not among them: an extension's version
 * is desired only when the file names one (extension-versions.ts), and then it is that text. Read on
 * one major version, they never equal the same objects read on another, so a plan from a model of
 * another version would never converge on them. Plain tables, columns, keys and enums print the
 * same everywhere.
 */
export function versionSensitiveObjects(model: SchemaModel): string[] {
  const found: string[] = [];
  for (const view of model.views) found.push(`view ${view.name}`);
  for (const view of model.materializedViews) found.push(`materialized view ${view.name}`);
  for (const routine of model.routines) if (routine.language === 'sql') found.push(`function ${routine.name}`);
  for (const domain of model.domains) if (domain.constraints.length > 0) found.push(`domain ${domain.name}`);
  for (const table of model.tables) {
    for (const column of table.columns) if (column.generated !== null) found.push(`generated column ${table.name}.${column.name}`);
    for (const constraint of table.constraints) if (constraint.kind === 'check') found.push(`check ${constraint.name} on ${table.name}`);
    for (const index of table.indexes) if (index.predicate !== null || index.columns.some((c) => c.includes('('))) found.push(`index ${index.name}`);
    for (const policy of table.policies) found.push(`policy ${policy.name} on ${table.name}`);
    for (const trigger of table.triggers) if (/\bWHEN\s*\(/i.test(trigger.definition)) found.push(`trigger ${trigger.name} on ${table.name}`);
  }
  return found;
}
