/**
 * The library API: the same pipeline the CLI, the Action and the Probot app use. Anything not
 * exported here is internal and may change.
 */
export type * from './schema/model.js';
export { introspectSchema } from './schema/introspect/introspect-schema.js';
export { fingerprintModel } from './schema/fingerprint-model.js';
export { loadDesiredSchema, checkSchemaFiles, type DesiredSchema, type SchemaStatement, type LoadDesiredSchemaOptions } from './schema/load/load-desired-schema.js';
export { loadDesiredSchemas, VersionMismatchError, type DesiredSchemas, type DesiredModels, type LoadDesiredSchemasOptions } from './schema/load/desired-schemas.js';
export { openScratchServer, type ScratchServer, type ScratchDatabase, type OpenScratchServerOptions } from './schema/scratch/scratch-server.js';
export { openScratchPool, type ScratchPool } from './schema/scratch/scratch-pool.js';
export { diffSchemas } from './diff/diff-schemas.js';
export type { SchemaChange, ChangeKind } from './diff/schema-change.js';
export { planMigration, type Migration } from './plan/plan-migration.js';
export { renderPlanSql } from './plan/render-plan-sql.js';
export type { Plan, PlanStep, Hazard, HazardKind, LockMode } from './plan/step.js';
export { applyPlan, DEFAULT_LOCK_TIMEOUT_MS } from './apply/apply-plan.js';
export { applyAndVerify, type ApplyAndVerifyOptions, type VerifiedApplyResult } from './apply/apply-and-verify.js';
export { runLint, hasErrors, type RunLintOptions } from './lint/run-lint.js';
export { buildLintContext } from './lint/lint-context.js';
export { allRules } from './lint/rules/index.js';
export type { LintRule, Finding, Severity, RuleCategory } from './lint/rule.js';
export { loadFleetConfig, ledgerUrl } from './fleet/config/load-fleet-config.js';
export type { FleetConfig } from './fleet/config/config-schema.js';
export { tenantSourceFromConfig, tenantFilter } from './fleet/tenants/index.js';
export type { Tenant, TenantSource } from './fleet/tenant.js';
export { openLedger } from './fleet/ledger/index.js';
export { createHealthGate } from './fleet/health/index.js';
export { runRollout, type RunRolloutOptions, type RolloutSummary } from './fleet/rollout/run-rollout.js';
export type { RolloutEvent, RolloutTotals, TenantOutcome } from './fleet/rollout-events.js';
export { SchemafleetError, BadInputError, UnreachableDatabaseError, RefusedError, ExitCode, redactUrl } from './errors.js';
