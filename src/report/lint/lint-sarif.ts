import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { ruleDocsUrl } from '../../lint/docs-url.js';
import type { EngineRule } from '../../lint/engine-rules.js';
import type { Finding, Severity } from '../../lint/rule.js';

export interface SarifOptions {
  /** Every rule that may appear (registry and engine), described under tool.driver.rules. */
  readonly rules: readonly EngineRule[];
  readonly docsBaseUrl?: string;
  /**
   * Where a finding without a location is shown (the schema file, line 1). GitHub code scanning
   * rejects results without a location, so without this such findings are left out of the SARIF
   * (they still decide the exit code).
   */
  readonly fallbackFile?: string | null;
  /** Repository root the artifact URIs are relative to (default: the working directory). */
  readonly root?: string;
  readonly version?: string;
}

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A repository-relative URI with forward slashes, which is what code scanning matches files by. */
function artifactUri(file: string, root: string): string {
  const path = isAbsolute(file) ? relative(root, file) : file;
  return path.split(sep).join('/').replace(/^\.\//, '').split('/').map(encodeURIComponent).join('/');
}

/** Stable across runs and line moves, so an alert survives an edit elsewhere in the file. */
function fingerprint(finding: Finding): string {
  return createHash('sha256').update(`${finding.rule}\0${finding.object}\0${finding.message}`).digest('hex').slice(0, 32);
}

/** SARIF 2.1.0 with the subset GitHub code scanning reads: rules with help links, results with a file and line. */
export function renderLintSarif(findings: readonly Finding[], options: SarifOptions): string {
  const root = options.root ?? process.cwd();
  const rules = [...options.rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const results = findings.flatMap((finding) => {
    const location = finding.location ?? (options.fallbackFile ? { file: options.fallbackFile, line: 1 } : null);
    if (!location) return [];
    const ruleIndex = index.get(finding.rule);
    return [
      {
        ruleId: finding.rule,
        ...(ruleIndex === undefined ? {} : { ruleIndex }),
        level: LEVELS[finding.severity],
        message: { text: `${finding.object}: ${finding.message} Fix: ${finding.fix}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(location.file, root), uriBaseId: '%SRCROOT%' },
              region: { startLine: Math.max(1, location.line) },
            },
          },
        ],
        partialFingerprints: { 'schemafleetFinding/v1': fingerprint(finding) },
        properties: { category: finding.category, object: finding.object },
      },
    ];
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'schemafleet',
            ...(options.version ? { semanticVersion: options.version } : {}),
            informationUri: ruleDocsUrl('README', options.docsBaseUrl),
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase()),
              shortDescription: { text: rule.why },
              fullDescription: { text: `${rule.why} Fix: ${rule.fix}` },
              helpUri: ruleDocsUrl(rule.id, options.docsBaseUrl),
              help: { text: rule.fix, markdown: `${rule.fix}\n\n[${rule.id}](${ruleDocsUrl(rule.id, options.docsBaseUrl)})` },
              defaultConfiguration: { level: LEVELS[rule.defaultSeverity] },
              properties: { category: rule.category, tags: ['migration-safety', rule.category] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileUri(root)}/` } },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function pathToFileUri(path: string): string {
  return `file://${path
    .split(sep)
    .join('/')
    .split('/')
    .map(encodeURIComponent)
    .join('/')
    .replace(/^([^/])/, '/$1')}`;
}
