import { readFile, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { BadInputError } from '../../errors.js';
import { SourceText, formatLocation } from './source-text.js';
import { blankRestrictLines } from './psql-meta-commands.js';

/** A schema file larger than this is refused before it is read (a schema is DDL, not data). */
const MAX_SCHEMA_FILE_BYTES = 10 * 1024 * 1024;
/** The limit for all the files of a schema folder together. */
const MAX_SCHEMA_TOTAL_BYTES = 50 * 1024 * 1024;

const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;

/**
 * Reads a .sql file, or every .sql file under a folder (recursively, in lexical order of the
 * path relative to the folder, so `01_types/…` runs before `02_tables/…`). Other files are ignored.
 */
export async function readSchemaFiles(path: string): Promise<SourceText[]> {
  const absolute = resolve(path);
  let info;
  try {
    info = await stat(absolute);
  } catch (error) {
    throw new BadInputError(`schema path ${path} ${describeFsError(error)}`, 'pass a .sql file or a folder of .sql files');
  }
  if (info.isFile()) {
    assertFileSize(displayPath(absolute), info.size);
    return [await readOne(absolute)];
  }
  if (!info.isDirectory()) {
    throw new BadInputError(`schema path ${path} is neither a file nor a folder`, 'pass a .sql file or a folder of .sql files');
  }
  const files = (await listSqlFiles(absolute, path)).sort(compareCodeUnits);
  if (files.length === 0) {
    throw new BadInputError(`schema folder ${path} holds no .sql files`, 'put the schema in one or more .sql files in that folder');
  }
  let total = 0;
  for (const rel of files) {
    const file = join(absolute, rel);
    const size = (await stat(file).catch(() => null))?.size ?? 0;
    assertFileSize(displayPath(file), size);
    total += size;
    if (total > MAX_SCHEMA_TOTAL_BYTES) {
      throw new BadInputError(
        `schema folder ${path} holds more than ${megabytes(MAX_SCHEMA_TOTAL_BYTES)} of .sql files`,
        'a schema declares structure only; keep data and generated dumps out of the schema folder',
      );
    }
  }
  return Promise.all(files.map((rel) => readOne(join(absolute, rel))));
}

// Checked before reading, so a huge file costs a stat, not its size in memory.
function assertFileSize(shown: string, size: number): void {
  if (size > MAX_SCHEMA_FILE_BYTES) {
    throw new BadInputError(
      `schema file ${shown} is ${megabytes(size)}, over the limit of ${megabytes(MAX_SCHEMA_FILE_BYTES)} per file`,
      'a schema declares structure only; keep data and generated dumps out of the schema, or split it into several files',
    );
  }
}

// Locale-independent, so the order is the same on every machine.
function compareCodeUnits(a: string, b: string): number {
  const ka = a.split(sep).join('/');
  const kb = b.split(sep).join('/');
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

async function listSqlFiles(root: string, shownRoot: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new BadInputError(`schema folder ${shownRoot} ${describeFsError(error)}`);
  }
  return entries.filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.sql')).map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

async function readOne(absolute: string): Promise<SourceText> {
  const shown = displayPath(absolute);
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    throw new BadInputError(`schema file ${shown} ${describeFsError(error)}`);
  }
  let text = decodeText(shown, bytes);
  // A BOM would shift every column on the first line and is not SQL.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return new SourceText(shown, blankRestrictLines(text));
}

/** The file as UTF-8 text; a binary or non-UTF-8 file is refused at the first offending byte. */
function decodeText(shown: string, bytes: Buffer): string {
  // SQL text never holds a NUL byte (PostgreSQL refuses one anywhere), so one means a binary file.
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new BadInputError(
      `${formatLocation(byteLocation(shown, bytes, nul))}: schema file ${shown} is a binary file (NUL byte at byte ${nul}), not SQL text`,
      'a schema file holds SQL text in UTF-8',
      byteLocation(shown, bytes, nul),
    );
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== -1) {
    const location = byteLocation(shown, bytes, invalid);
    throw new BadInputError(
      `${formatLocation(location)}: schema file ${shown} is not valid UTF-8 (byte 0x${bytes[invalid]!.toString(16).padStart(2, '0')} at byte ${invalid})`,
      'save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)',
      location,
    );
  }
  return bytes.toString('utf8');
}

function firstInvalidUtf8(bytes: Buffer): number {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return -1;
  } catch {
    // Only on the error path: walk the sequences to find where the first bad one starts.
    for (let i = 0; i < bytes.length;) {
      const b = bytes[i]!;
      const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
      if (length === 0) return i;
      for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + length));
      } catch {
        return i;
      }
      i += length;
    }
    return bytes.length;
  }
}

function byteLocation(file: string, bytes: Buffer, offset: number): { file: string; line: number; column: number } {
  const before = bytes.subarray(0, offset);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < before.length; i++) if (before[i] === 10) (line++, (lineStart = i + 1));
  const column = [...before.subarray(lineStart).toString('utf8')].length + 1;
  return { file, line, column };
}

function displayPath(absolute: string): string {
  const rel = relative(process.cwd(), absolute);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absolute;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'EISDIR') return 'is a folder';
  return `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
}
