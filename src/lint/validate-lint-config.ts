import { BadInputError } from '../errors.js';
import { unknownRuleMessage } from './closest-id.js';
import { engineRules } from './engine-rules.js';
import type { LintConfig } from './lint-config-schema.js';
import type { LintRule } from './rule.js';

/**
 * Checks the rule ids of a parsed lint config against the registry: a typo would otherwise
 * silently leave a rule on (or an ignore unused). Every problem names its key path.
 */
export function validateLintConfig(config: LintConfig, rules: readonly Pick<LintRule, 'id'>[], keyPath = 'lint'): void {
  const known = [...rules.map((r) => r.id), ...engineRules.map((r) => r.id)];
  const problems: string[] = [];
  for (const id of Object.keys(config.rules)) {
    if (!known.includes(id)) problems.push(`${keyPath}.rules.${id}: ${unknownRuleMessage(id, known)}`);
  }
  config.ignore.forEach((ignore, index) => {
    if (!known.includes(ignore.rule)) problems.push(`${keyPath}.ignore[${index}].rule: ${unknownRuleMessage(ignore.rule, known, { showId: true })}`);
  });
  if (problems.length > 0) throw new BadInputError(problems.join('\n'), 'the rule ids are listed in docs/rules/README.md');
}
