export { runPreflight, type RunPreflightOptions } from './run-preflight.js';
export { dataChecksFor, type DataCheck, type DataCheckSet } from './data-checks.js';
export { preflightVerdict } from './preflight-verdict.js';
export type { DataCheckKind, DataProblem, PreflightGroup, PreflightReport, PreflightVerdict, SkippedCheck, UnreachableTenant } from './preflight-report.js';
