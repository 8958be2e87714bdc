export { createHealthGate, type HealthGate, type HealthGateOptions, type ClusterHealth, type ClusterUrls, type GatePhase } from './health-gate.js';
export {
  DEFAULT_PROBE_TIMEOUT_MS,
  judgeReading,
  toProbeNumber,
  validateProbeSpec,
  type HealthReading,
  type ProbeKind,
  type ProbeSpec,
  type ReadingStatus,
} from './probe-spec.js';
export { evaluateJsonPath, parseJsonPath } from './json-path.js';
export { readHttpProbe } from './http-probe.js';
export { readCommandProbe } from './command-probe.js';
export { SqlProbeSession } from './sql-probe.js';
