import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSchemaFiles, toSchemaStatement, type SchemaStatement } from '../../src/schema/load/load-desired-schema.js';

/** Statements of a schema file as the loader reports them, without a database; `others` for a file of several schemas. */
export async function statementsOf(sql: string, primary = 'public', others: readonly string[] = []): Promise<{ file: string; statements: SchemaStatement[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-lint-'));
  const file = join(dir, 'schema.sql');
  await writeFile(file, sql);
  const checked = await checkSchemaFiles(file, primary, others);
  return { file, statements: checked.statements.map((s) => toSchemaStatement(s)) };
}
