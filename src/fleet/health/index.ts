export { createHealthGate, type HealthGate, type HealthGateOptions, type ClusterHealth, type ClusterUrls, type GatePhase } from './health-gate.js';
export type { HealthReading, ProbeKind, ProbeSpec, ReadingStatus } from './probe-spec.js';
