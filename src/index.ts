/**
 * The library API: the same pipeline the CLI, the Action and the Probot app use. Anything not
 * exported here is internal and may change.
 */
export type * from './schema/model.js';
export { introspectSchema } from './schema/introspect/introspect-schema.js';
export { fingerprintModel } from './schema/fingerprint-model.js';
export { loadDesiredSchema, checkSchemaFiles, type DesiredSchema, type SchemaStatement, type LoadDesiredSchemaOptions, type CheckedSchema } from './schema/load/load-desired-schema.js';
export type { UntrustedSqlLimits } from './schema/load/apply-statements.js';
export type { CheckedStatement } from './schema/load/apply-statements.js';
export type { ParsedStatement } from './schema/load/parse-schema-statements.js';
export type { StatementAction } from './schema/load/allowed-statements.js';
export type { StatementTarget, TypeNameNode } from './schema/load/statement-targets.js';
export type { SourceText } from './schema/load/source-text.js';
export { loadDesiredSchemas, VersionMismatchError, type DesiredSchemas, type DesiredModels, type LoadDesiredSchemasOptions } from './schema/load/desired-schemas.js';
export { openScratchServer, type ScratchServer, type ScratchDatabase, type OpenScratchServerOptions } from './schema/scratch/scratch-server.js';
export { openScratchPool, type ScratchPool } from './schema/scratch/scratch-pool.js';
export { diffSchemas } from './diff/diff-schemas.js';
export type { SchemaChange, ChangeKind, Base as SchemaChangeBase, EnumValueAddition, CarriedForeignKey, CommentTarget, PrivilegeObject } from './diff/schema-change.js';
export { planMigration, type Migration } from './plan/plan-migration.js';
export type { PlanOptions, TableFacts } from './plan/plan-context.js';
export { renderPlanSql } from './plan/render-plan-sql.js';
export type { Plan, PlanStep, Hazard, HazardKind, LockMode } from './plan/step.js';
export { applyPlan, DEFAULT_LOCK_TIMEOUT_MS } from './apply/apply-plan.js';
export type { ApplyOptions, ApplyResult, ApplyTarget, ApplyProgressEvent, ApplyTiming, RetryOptions, StepError } from './apply/apply-types.js';
export { applyAndVerify, type ApplyAndVerifyOptions, type VerifiedApplyResult, type VerificationFailure } from './apply/apply-and-verify.js';
export { runLint, hasErrors, type RunLintOptions } from './lint/run-lint.js';
export { buildLintContext } from './lint/lint-context.js';
export { allRules } from './lint/rules/index.js';
export type { LintRule, LintContext, Finding, Severity, RuleCategory, RuleViolation } from './lint/rule.js';
export { lintConfigSchema, type LintConfig } from './lint/lint-config-schema.js';
export { loadFleetConfig, ledgerUrl, type Env as FleetConfigEnv } from './fleet/config/load-fleet-config.js';
export type { FleetConfig } from './fleet/config/config-schema.js';
export type { TenantsConfig } from './fleet/config/sections/tenants.js';
export type { RolloutConfig, CanaryConfig, WaveConfig, FailureBudget, VerifyMode, AdaptiveConcurrencyConfig } from './fleet/config/sections/rollout-config.js';
export type { HealthConfig, HealthProbe, ProbeCommon } from './fleet/config/sections/health.js';
export { HEALTH_PRESETS, type HealthPreset } from './fleet/config/health-presets.js';
export { tenantSourceFromConfig, tenantFilter } from './fleet/tenants/index.js';
export type { Tenant, TenantSource } from './fleet/tenant.js';
export {
  openLedger,
  type Ledger,
  type NewRollout,
  type FoundRollout,
  type TenantRegistration,
  type ClaimOptions,
  type ClaimCursor,
  type ClaimedTenant,
  type TenantResult,
  type LedgerTenantState,
  type ControlAction,
  type RolloutState,
  type RolloutRecord,
  type LedgerStatus,
  type TenantFailure,
  type WorkerStatus,
} from './fleet/ledger/index.js';
export {
  createHealthGate,
  type HealthGate,
  type HealthGateOptions,
  type ClusterHealth,
  type ClusterUrls,
  type HealthReading,
  type ProbeSpec,
  type ProbeKind,
  type ReadingStatus,
  type GatePhase,
} from './fleet/health/index.js';
export { runRollout, type RunRolloutOptions, type RolloutSummary, type RolloutFinalState, type RolloutFailure } from './fleet/rollout/run-rollout.js';
export { TENANT_PHASES, ORCHESTRATOR_PHASES, type PhaseClock, type RolloutPhase } from './fleet/rollout/phase-clock.js';
export type { RolloutSettings } from './fleet/rollout/rollout-settings.js';
export type {
  RolloutLedger,
  TenantLocker,
  LedgerTenantEntry,
  LedgerClaim,
  LedgerTenantResult,
  LedgerStatus as RolloutLedgerStatus,
  LedgerRolloutState,
  LedgerRequest,
  LedgerFailure,
  ClaimHolder,
} from './fleet/rollout/rollout-ledger-port.js';
export type { LedgerWrite, RolloutEvent, RolloutEventListener, RolloutTotals, TenantOutcome } from './fleet/rollout-events.js';
export type { PlanLinter } from './fleet/rollout/migrate-tenant.js';
export type { RolloutSchemaSet } from './fleet/rollout/schema-set-tenant.js';
export type { SchemaSet } from './schema/schema-set.js';
export type { SchemaSetMigration } from './plan/plan-schema-set.js';
export type { SchemaSetDiff } from './diff/diff-schema-set.js';
export type { SchemaSetPart } from './diff/diff-schema-set.js';
export { SchemafleetError, BadInputError, UnreachableDatabaseError, RefusedError, ExitCode, redactUrl, type SourceLocation } from './errors.js';
