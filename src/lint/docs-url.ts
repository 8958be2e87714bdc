/**
 * Where rule pages are published. Findings travel to PR comments, SARIF and terminals far from
 * the repository, so links are absolute; callers with a fork or a pinned version pass their own.
 */
const DEFAULT_DOCS_BASE_URL = 'https://github.com/schemafleet/schemafleet/blob/main/docs/rules/';

export function ruleDocsUrl(id: string, base = DEFAULT_DOCS_BASE_URL): string {
  return `${base.endsWith('/') ? base : `${base}/`}${id}.md`;
}
