/**
 * The object-level summary of `schemafleet diff --format text`: one line per change, a sign for
 * what happens to the object (+ added, - dropped, ~ changed) and the object's kind and name.
 * Reads changes structurally so a new change kind shows up (as `~ <kind>`) before anyone teaches
 * this file about it.
 * It lives with the diff, not under src/report, because fleet preflight keeps these lines as data
 * (its groups' `changes` and `drift`), and fleet sits below report in the layer order.
 */
import type { SchemaChange } from './schema-change.js';

interface ChangeLike {
  readonly kind: string;
  readonly id: string;
  readonly [field: string]: unknown;
}

const VERBS: Record<string, '+' | '-' | '~'> = {
  add: '+',
  drop: '-',
  alter: '~',
  replace: '~',
  rebuild: '~',
  recreate: '~',
  validate: '~',
  set: '~',
  attach: '~',
  detach: '~',
};

/** Objects whose names are only unique within their table. */
const TABLE_SCOPED = new Set(['column', 'constraint', 'trigger', 'policy']);

function nameOf(value: unknown): { name?: string; table?: string } {
  if (typeof value === 'string') return { name: value };
  if (!value || typeof value !== 'object') return {};
  const record = value as Record<string, unknown>;
  return {
    ...(typeof record.name === 'string' ? { name: record.name } : {}),
    ...(typeof record.table === 'string' ? { table: record.table } : {}),
  };
}

function describe(change: ChangeLike): { sign: '+' | '-' | '~'; noun: string; name: string } {
  const [verb = '', ...rest] = change.kind.split('-');
  // Adding values changes an enum that exists: the object is altered, not added.
  const sign = change.kind === 'add-enum-values' ? '~' : (VERBS[verb] ?? '~');
  let noun = rest.join(' ') || change.kind;
  let found: { name?: string; table?: string };
  if (change.kind === 'set-comment') {
    const target = nameOf(change.target);
    noun = `comment on ${(change.target as { kind?: string } | undefined)?.kind ?? 'object'}`;
    found = target;
  } else if (change.kind === 'add-enum-values') {
    noun = 'enum';
    found = nameOf(change.enum);
  } else if (
    change.kind === 'set-row-level-security' ||
    change.kind === 'set-replica-identity' ||
    change.kind === 'set-inheritance' ||
    change.kind === 'attach-partition' ||
    change.kind === 'detach-partition'
  ) {
    noun = change.kind === 'set-row-level-security' ? 'row level security' : change.kind === 'set-replica-identity' ? 'replica identity' : change.kind === 'set-inheritance' ? 'inheritance' : noun;
    found = nameOf(change.table);
  } else {
    // The payload is named after its kind (`index`, `column`, …), or `to` for alter/replace.
    const key = rest.join('-') === 'materialized-view' || rest.join('-') === 'composite-type' ? (rest[0] === 'materialized' ? 'view' : 'type') : (rest[0] ?? '');
    found = nameOf(change[key] ?? change.to);
  }
  const table = typeof change.table === 'string' ? change.table : found.table;
  const name = found.name ?? change.id.slice(change.id.indexOf(':') + 1);
  const local = TABLE_SCOPED.has(noun) && table && !name.startsWith(`${table}.`) ? `${table}.${name}` : name;
  // A diff of several schemas names each object with its schema (`+ table audit.log`).
  const inSchema = typeof change.schema === 'string' && noun !== 'schema' ? `${change.schema}.` : '';
  const qualified = `${inSchema}${local}`;
  // A rename shows the old name too (`t.old→new`, one word, as the review's summary expects): the
  // new name alone reads like a new object.
  const renamedFrom = verb === 'rename' ? nameOf(change.from).name : undefined;
  const shown = renamedFrom ? qualified.replace(/[^.]*$/, (last) => `${renamedFrom}→${last}`) : qualified;
  return { sign, noun, name: shown };
}

export function renderChangesText(changes: readonly (SchemaChange | ChangeLike)[]): string {
  if (changes.length === 0) return 'no changes\n';
  return changes
    .map((change) => {
      const { sign, noun, name } = describe(change as ChangeLike);
      return `${sign} ${noun} ${name}\n`;
    })
    .join('');
}
