import type { SchemaModel } from '../../schema/model.js';
import type { Migration } from '../../plan/plan-migration.js';
import type { Finding } from '../../lint/rule.js';
import { diffSchemas } from '../../diff/diff-schemas.js';
import { renderChangesText } from '../../diff/change-lines.js';
import type { DataCheckSet } from './data-checks.js';
import type { PreflightGroup } from './preflight-report.js';

/** What is computed once per live state: the plan, its lint findings, its data checks. */
export interface GroupAnalysis {
  readonly migration: Migration;
  readonly findings: readonly Finding[];
  readonly refusal: string | null;
  readonly checks: DataCheckSet;
}

interface GroupState {
  readonly fingerprint: string;
  /** One tenant's live state, the group's representative (for drift against the largest group). */
  readonly current: SchemaModel;
  readonly analysis: GroupAnalysis;
  count: number;
  /** The smallest ids seen, sorted: deterministic whatever order tenants finish in. */
  readonly ids: string[];
}

function lines(text: string): string[] {
  return text === 'no changes\n' ? [] : text.trimEnd().split('\n');
}

/** Tenants grouped by the fingerprint of their live state; keeps `sampleSize` ids per group and a count. */
export function createPreflightGroups(sampleSize: number): {
  add(fingerprint: string, tenantId: string, current: SchemaModel, analyse: () => GroupAnalysis): GroupAnalysis;
  groups(): PreflightGroup[];
} {
  const states = new Map<string, GroupState>();
  return {
    add(fingerprint, tenantId, current, analyse) {
      let state = states.get(fingerprint);
      if (!state) {
        state = { fingerprint, current, analysis: analyse(), count: 0, ids: [] };
        states.set(fingerprint, state);
      }
      state.count++;
      if (sampleSize > 0 && (state.ids.length < sampleSize || tenantId < (state.ids.at(-1) as string))) {
        const at = state.ids.findIndex((id) => id > tenantId);
        state.ids.splice(at < 0 ? state.ids.length : at, 0, tenantId);
        if (state.ids.length > sampleSize) state.ids.pop();
      }
      return state.analysis;
    },
    groups() {
      const ordered = [...states.values()].sort((a, b) => b.count - a.count || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
      const largest = ordered[0];
      return ordered.map((state): PreflightGroup => {
        const { migration, findings, refusal, checks } = state.analysis;
        return {
          fingerprint: state.fingerprint,
          tenants: [...state.ids],
          tenantCount: state.count,
          upToDate: migration.plan.steps.length === 0,
          largest: state === largest,
          drift: state === largest || !largest ? [] : driftLines(largest.current, state.current),
          changes: lines(renderChangesText(migration.changes)),
          steps: migration.plan.steps.map((step) => step.sql),
          findings,
          refusal,
          checks: checks.checks.map((check) => `${check.kind} ${check.object}`),
          notes: [...checks.notes],
        };
      });
    },
  };
}

/** How `other` differs from `base`, one object per line: `+` it has something base lacks, `-` it lacks something, `~` it differs. */
function driftLines(base: SchemaModel, other: SchemaModel): string[] {
  try {
    const found = lines(renderChangesText(diffSchemas(base, other)));
    return found.length > 0 ? found : ['~ same objects, different details (ownership, comments or server-side spelling)'];
  } catch (error) {
    return [`? could not compare with the largest group: ${error instanceof Error ? error.message : String(error)}`];
  }
}
