/**
 * The annotations GitHub would not show on a step (past 10 of a level), for the job summary: one
 * line each with its place in the schema, so none is lost.
 */
import { escapeText } from '../markdown.js';
import { plural } from '../../util/plural.js';
import { sourceLink, type SourceLine } from './source-link.js';
import { LinkReferences } from './link-references.js';

export interface OverflowAnnotation {
  readonly level: 'error' | 'warning' | 'notice';
  readonly message: string;
  readonly title?: string;
  readonly location: SourceLine | null;
}

const ICON = { error: '🛑', warning: '⚠️', notice: 'ℹ️' } as const;

export interface OverflowLinks {
  readonly repositoryUrl?: string | undefined;
  readonly headSha: string;
  readonly schemaPath: string;
}

export function renderAnnotationOverflow(annotations: readonly OverflowAnnotation[], links: OverflowLinks): string {
  if (annotations.length === 0) return '';
  const references = new LinkReferences();
  const lines = annotations.map((a) => {
    const where = a.location ? `${sourceLink(a.location, links.headSha, links.repositoryUrl, links.schemaPath, references)} · ` : '';
    const title = a.title ? `**${escapeText(a.title)}**: ` : '';
    return `- ${ICON[a.level]} ${where}${title}${escapeText(a.message.split('\n', 1)[0] ?? '')}`;
  });
  return [
    `#### ${plural(annotations.length, 'annotation')} GitHub does not show`,
    '',
    'GitHub shows at most 10 errors, 10 warnings and 10 notices per step; these are the rest.',
    '',
    ...lines,
    ...(references.definitions() ? ['', references.definitions()] : []),
  ].join('\n');
}
