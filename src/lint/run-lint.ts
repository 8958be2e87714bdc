import type { SchemaStatement } from '../schema/load/load-desired-schema.js';
import { unknownRuleMessage } from './closest-id.js';
import { isOnCreatedObject } from './created-objects.js';
import { ruleDocsUrl } from './docs-url.js';
import { engineRules, internalErrorRule, invalidIgnoreRule, unusedIgnoreRule, type EngineRule } from './engine-rules.js';
import { readInlineIgnores, type InlineIgnore } from './inline-ignores.js';
import type { LintConfig } from './lint-config-schema.js';
import { locateObject, statementsDefining, type FindingLocation } from './object-location.js';
import { orderFindings } from './order-findings.js';
import type { Finding, LintContext, LintRule, RuleCategory, RuleViolation, Severity } from './rule.js';
import { allRules } from './rules/index.js';

export interface RunLintOptions {
  readonly rules?: readonly LintRule[];
  readonly config?: LintConfig;
  /** The desired side's statements: source locations and inline ignores come from them. */
  readonly statements?: readonly SchemaStatement[];
  /**
   * The schema the plan's objects are in, when the statements describe several (lint-schema-set.ts):
   * an object is looked up among that schema's statements only, for its location and inline ignores.
   */
  readonly schema?: string;
  readonly docsBaseUrl?: string;
  /**
   * Report ignores that match nothing (default true). `plan` and `apply` run per tenant, where a
   * tenant already past the change rightly has nothing to ignore; they turn this off.
   */
  readonly reportUnusedIgnores?: boolean;
}

/** Categories that cannot apply to an object without rows or readers (one created by this plan). */
const DATA_AND_LOCK: ReadonlySet<RuleCategory> = new Set(['blocking-lock', 'table-rewrite', 'may-fail-on-data', 'data-loss']);

const EMPTY_CONFIG: LintConfig = { rules: {}, ignore: [] };

interface Draft {
  readonly rule: EngineRule;
  readonly object: string;
  readonly message: string;
  readonly location: FindingLocation | null;
  readonly step: number | null;
}

function matchesObject(scope: string, object: string): boolean {
  // `orders` scopes the table and everything named `orders.<x>` (columns, constraints, …).
  return object === scope || object.startsWith(`${scope}.`);
}

function checkRule(rule: LintRule, context: LintContext): { violations: readonly RuleViolation[]; error?: string } {
  try {
    return { violations: rule.check(context) };
  } catch (error) {
    return { violations: [], error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Runs the rules on one plan and turns what they report into findings: severity from config,
 * ignores applied (config and inline), locations mapped to the schema file, deterministic order.
 * Never throws because of a rule: a crashed rule is itself a finding.
 */
export function runLint(context: LintContext, options: RunLintOptions = {}): Finding[] {
  const rules = options.rules ?? allRules;
  const config = options.config ?? EMPTY_CONFIG;
  const statements = options.statements ?? [];
  const known = [...rules.map((r) => r.id), ...engineRules.map((r) => r.id)];
  const isOff = (id: string): boolean => config.rules[id] === 'off';

  const drafts: Draft[] = [];
  for (const rule of rules) {
    if (isOff(rule.id)) continue;
    const { violations, error } = checkRule(rule, context);
    if (error !== undefined) {
      drafts.push({ rule: internalErrorRule, object: rule.id, message: `rule ${rule.id} failed (${error}); what it checks was not checked`, location: null, step: null });
    }
    for (const violation of violations) {
      if (DATA_AND_LOCK.has(rule.category) && isOnCreatedObject(violation, context)) continue;
      drafts.push({ rule, object: violation.object, message: violation.message, location: locateObject(violation.object, statements, options.schema), step: violation.step ?? null });
    }
  }

  const inline = readInlineIgnores(statements);
  const valid: InlineIgnore[] = [];
  const extra: Draft[] = [];
  for (const ignore of inline) {
    const object = ignore.statement.defines[0]?.replace(/^[^:]*:/, '') ?? ignore.location.file;
    const problem =
      ignore.rule === null
        ? 'schemafleet:ignore names no rule; write `-- schemafleet:ignore <rule-id> <reason>`'
        : !known.includes(ignore.rule)
          ? `schemafleet:ignore ${ignore.rule}: ${unknownRuleMessage(ignore.rule, known)}`
          : ignore.reason === ''
            ? `schemafleet:ignore ${ignore.rule}: a reason is required after the rule id`
            : null;
    if (problem) extra.push({ rule: invalidIgnoreRule, object, message: problem, location: ignore.location, step: null });
    else valid.push(ignore);
  }

  const usedInline = new Set<InlineIgnore>();
  const usedConfig = new Set<number>();
  const kept = drafts.filter((draft) => {
    let ignored = false;
    config.ignore.forEach((ignore, index) => {
      if (ignore.rule === draft.rule.id && matchesObject(ignore.object, draft.object)) {
        usedConfig.add(index);
        ignored = true;
      }
    });
    const defining = valid.length > 0 ? statementsDefining(draft.object, statements, options.schema) : [];
    for (const ignore of valid) {
      if (ignore.rule === draft.rule.id && defining.includes(ignore.statement)) {
        usedInline.add(ignore);
        ignored = true;
      }
    }
    return !ignored;
  });

  if (options.reportUnusedIgnores ?? true) {
    for (const ignore of valid) {
      if (usedInline.has(ignore) || isOff(ignore.rule ?? '')) continue;
      const object = ignore.statement.defines[0]?.replace(/^[^:]*:/, '') ?? ignore.location.file;
      extra.push({ rule: unusedIgnoreRule, object, message: `schemafleet:ignore ${ignore.rule} matches no finding of this plan`, location: ignore.location, step: null });
    }
    config.ignore.forEach((ignore, index) => {
      if (usedConfig.has(index) || isOff(ignore.rule)) return;
      extra.push({ rule: unusedIgnoreRule, object: ignore.object, message: `lint.ignore[${index}] (${ignore.rule} on ${ignore.object}) matches no finding of this plan`, location: null, step: null });
    });
  }

  const findings: Finding[] = [];
  for (const draft of [...kept, ...extra]) {
    const override = config.rules[draft.rule.id];
    if (override === 'off') continue;
    const severity: Severity = override ?? draft.rule.defaultSeverity;
    findings.push({
      rule: draft.rule.id,
      severity,
      category: draft.rule.category,
      object: draft.object,
      message: draft.message,
      fix: draft.rule.fix,
      location: draft.location,
      docs: ruleDocsUrl(draft.rule.id, options.docsBaseUrl),
      step: draft.step,
    });
  }
  return orderFindings(findings);
}

/** True when a finding should fail the check (exit 1, apply refused). */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
