import type { FleetConfig } from '../config/config-schema.js';
import type { RolloutEventListener } from '../rollout-events.js';
import { createHealthGate, type HealthGate } from './health-gate.js';

/** The health gate the config's `health:` section asks for, or none when it lists no probes. */
export function healthGateFor(config: FleetConfig, onEvent: RolloutEventListener): HealthGate | undefined {
  if (config.health.probes.length === 0) return undefined;
  return createHealthGate({
    probes: config.health.probes.map((probe) => ({
      name: probe.name,
      kind: probe.kind,
      pauseAbove: probe.pauseAbove,
      resumeBelow: probe.resumeBelow,
      everyMs: probe.everyMs,
      ...(probe.kind === 'sql' ? { query: probe.query } : probe.kind === 'http' ? { url: probe.url, jsonPath: probe.jsonPath } : { command: probe.command }),
    })),
    clusters: new Map(),
    resumeAfterMs: config.health.resumeAfterMs,
    onEvent,
  });
}
