/**
 * A schema location as a link to that line of the file at the reviewed head commit: the blob URL
 * stays right after later pushes move the line, unlike a link to the branch.
 */
import { escapeText } from '../markdown.js';

export interface SourceLine {
  readonly file: string;
  readonly line: number;
}

export function blobLineUrl(repositoryUrl: string, headSha: string, location: SourceLine): string {
  const path = location.file.split('/').map(encodeURIComponent).join('/');
  return `${repositoryUrl.replace(/\/+$/, '')}/blob/${headSha}/${path}#L${location.line}`;
}

/** `[db/schema.sql:12](…/blob/<sha>/db/schema.sql#L12)`, or the plain text without a repository URL. */
export function sourceLink(location: SourceLine, headSha: string, repositoryUrl: string | undefined): string {
  const text = escapeText(`${location.file}:${location.line}`);
  return repositoryUrl ? `[${text}](${blobLineUrl(repositoryUrl, headSha, location)})` : text;
}
