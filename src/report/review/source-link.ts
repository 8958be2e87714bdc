/**
 * A schema location as a link to that line of the file at the reviewed head commit: the blob URL
 * stays right after later pushes move the line, unlike a link to the branch.
 */
import { escapeText } from '../markdown.js';
import type { LinkReferences } from './link-references.js';

export interface SourceLine {
  readonly file: string;
  readonly line: number;
}

function blobLineUrl(repositoryUrl: string, headSha: string, location: SourceLine): string {
  const path = location.file.split('/').map(encodeURIComponent).join('/');
  return `${repositoryUrl.replace(/\/+$/, '')}/blob/${headSha}/${path}#L${location.line}`;
}

/**
 * `[L12](…/blob/<sha>/db/schema.sql#L12)`: the file is named only when it is not the reviewed
 * schema file itself (a folder schema), since every line of a comment points into it otherwise.
 */
export function sourceLink(location: SourceLine, headSha: string, repositoryUrl: string | undefined, schemaPath: string, references: LinkReferences): string {
  const text = escapeText(location.file === schemaPath ? `L${location.line}` : `${location.file}:${location.line}`);
  return repositoryUrl ? references.link(text, blobLineUrl(repositoryUrl, headSha, location)) : text;
}
