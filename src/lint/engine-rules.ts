import type { LintRule } from './rule.js';

/** A finding source that is the linter itself: configurable like a rule, but with no check of its own. */
export type EngineRule = Omit<LintRule, 'check'>;

export const internalErrorRule: EngineRule = {
  id: 'internal-error',
  category: 'linter',
  defaultSeverity: 'error',
  why: 'A rule crashed, so the risks it looks for were not checked for this plan.',
  fix: 'Report the bug with the schema change that triggered it; review the plan by hand meanwhile.',
};

export const invalidIgnoreRule: EngineRule = {
  id: 'invalid-ignore',
  category: 'linter',
  defaultSeverity: 'error',
  why: 'An ignore comment without a known rule id or a reason silences nothing and explains nothing.',
  fix: 'Write `-- schemafleet:ignore <rule-id> <reason>` with an id from docs/rules/README.md.',
};

export const unusedIgnoreRule: EngineRule = {
  id: 'unused-ignore',
  category: 'linter',
  defaultSeverity: 'warning',
  why: 'An ignore that matches no finding is stale, and would silently hide a future finding on that object.',
  fix: 'Remove the ignore (the change it was written for has been applied), or point it at the right object.',
};

export const engineRules: readonly EngineRule[] = [internalErrorRule, invalidIgnoreRule, unusedIgnoreRule];
