export { runPreflight } from './run-preflight.js';
export type { PreflightReport } from './preflight-report.js';
