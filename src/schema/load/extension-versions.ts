import type { SchemaModel } from '../model.js';
import type { CheckedStatement } from './apply-statements.js';

/** Extensions whose CREATE EXTENSION in the file names a VERSION. */
function pinnedExtensions(statements: readonly CheckedStatement[]): Set<string> {
  const pinned = new Set<string>();
  for (const s of statements) {
    if (s.nodeType !== 'CreateExtensionStmt') continue;
    const options = (s.node.options as { DefElem?: { defname?: string } }[] | undefined) ?? [];
    if (options.some((o) => o.DefElem?.defname === 'new_version')) pinned.add(String(s.node.extname ?? ''));
  }
  return pinned;
}

/**
 * `CREATE EXTENSION citext` says "citext, in whatever version the server installs", and the
 * scratch server's default is not every tenant's: a tenant on another PostgreSQL release (or one
 * installed earlier) would be told to upgrade, or to downgrade where no path exists. So only a
 * VERSION written in the file is desired; an unpinned extension's version is null, which the diff
 * reads as "any".
 */
export function unpinExtensionVersions(model: SchemaModel, statements: readonly CheckedStatement[]): SchemaModel {
  const pinned = pinnedExtensions(statements);
  return { ...model, extensions: model.extensions.map((e) => (pinned.has(e.name) ? e : { ...e, version: null })) };
}
