import { engineRules } from '../../lint/engine-rules.js';
import type { Finding, LintRule } from '../../lint/rule.js';
import { renderLintJson } from './lint-json.js';
import { renderLintMarkdown } from './lint-markdown.js';
import { renderLintSarif } from './lint-sarif.js';
import { renderLintText } from './lint-text.js';

export const LINT_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export interface RenderLintOptions {
  readonly rules: readonly LintRule[];
  readonly docsBaseUrl?: string;
  readonly fallbackFile?: string | null;
  readonly version?: string;
}

export function renderLint(findings: readonly Finding[], format: LintFormat, options: RenderLintOptions): string {
  switch (format) {
    case 'text':
      return renderLintText(findings);
    case 'json':
      return renderLintJson(findings);
    case 'markdown':
      return renderLintMarkdown(findings);
    case 'sarif':
      return renderLintSarif(findings, { ...options, rules: [...options.rules, ...engineRules] });
  }
}
