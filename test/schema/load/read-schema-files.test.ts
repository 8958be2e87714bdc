import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/errors.js';
import { readSchemaFiles } from '../../../src/schema/load/read-schema-files.js';
import { rejection, tempSchema } from './temp-schema.js';

describe('readSchemaFiles', () => {
  it('reads a folder recursively in lexical order of relative paths, ignoring other files', async () => {
    const dir = await tempSchema({
      'b.sql': 'b',
      'a/z.sql': 'a/z',
      'a/b/c.sql': 'a/b/c',
      '10_x.sql': '10',
      '02_x.sql': '02',
      'notes.md': 'ignored',
      'a/data.csv': 'ignored',
    });
    const sources = await readSchemaFiles(dir);
    expect(sources.map((s) => s.text)).toEqual(['02', '10', 'a/b/c', 'a/z', 'b']);
    expect(sources[0]?.file).toBe(join(dir, '02_x.sql'));
  });

  it('reads a single file and drops a byte-order mark', async () => {
    const dir = await tempSchema({ 'one.sql': '\ufeffCREATE TABLE t ();' });
    const [source] = await readSchemaFiles(join(dir, 'one.sql'));
    expect(source?.text).toBe('CREATE TABLE t ();');
  });

  it('shows paths relative to the working directory when inside it', async () => {
    const [source] = await readSchemaFiles('test/fixtures/schemas/shop/schema.sql');
    expect(source?.file).toBe(join('test', 'fixtures', 'schemas', 'shop', 'schema.sql'));
  });

  it('names a missing path', async () => {
    const error = await rejection(readSchemaFiles('/nonexistent/schema.sql'));
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.message).toBe('schema path /nonexistent/schema.sql does not exist');
    expect(error.exitCode).toBe(2);
  });

  it('names a folder without .sql files', async () => {
    const dir = await tempSchema({ 'readme.md': 'x' });
    await mkdir(join(dir, 'empty'));
    const error = await rejection(readSchemaFiles(dir));
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.message).toBe(`schema folder ${dir} holds no .sql files`);
  });

  it.skipIf(process.getuid?.() === 0)('names an unreadable file', async () => {
    const dir = await tempSchema({ 'schema.sql': 'x' });
    await chmod(join(dir, 'schema.sql'), 0o000);
    const error = await rejection(readSchemaFiles(join(dir, 'schema.sql')));
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.message).toContain(`${join(dir, 'schema.sql')} cannot be read`);
  });
});
