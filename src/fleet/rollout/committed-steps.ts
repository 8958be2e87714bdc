import type { PlanStep } from '../../plan/step.js';

/** How many committed steps a failure message lists by name; the rest are counted. */
const LISTED = 8;
const SQL_SHOWN = 110;

/**
 * What a tenant's failed plan left behind: the steps before the failing one were committed and stay
 * (a rerun plans from there), and some of them already act on the application's writes, e.g. a NOT
 * VALID CHECK whose VALIDATE failed rejects new rows at once. Said in the failure message, so the
 * CLI, the ledger row and the check run all carry it, with the command that goes on.
 */
export function committedStepsNote(steps: readonly PlanStep[], stepsRun: number): string {
  const committed = steps.slice(0, Math.max(0, Math.min(stepsRun, steps.length)));
  const next = 'next: fix the cause, then run schemafleet rollout again (it resumes; this tenant is planned from its live state)';
  if (committed.length === 0) return `nothing was committed on this tenant before the failing step\n${next}`;
  const lines = [`steps 1–${committed.length} stayed committed and are in force now:`];
  for (const [index, step] of committed.slice(0, LISTED).entries()) {
    const effect = enforcement(step.sql);
    lines.push(`  ${index + 1}. ${oneLine(step.sql)}${effect ? ` — ${effect}` : ''}`);
  }
  if (committed.length > LISTED) lines.push(`  … and ${committed.length - LISTED} more`);
  lines.push(next);
  return lines.join('\n');
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > SQL_SHOWN ? `${flat.slice(0, SQL_SHOWN - 1)}…` : flat;
}

/** What a committed statement already does to the application's reads and writes, when it does something. */
function enforcement(sql: string): string | null {
  const text = sql.replace(/\s+/g, ' ').toUpperCase();
  const notValid = /\bNOT VALID\b/.test(text);
  if (/\bADD CONSTRAINT\b.*\bCHECK\b/.test(text)) {
    return notValid ? 'already rejects new and updated rows that break it (existing rows not yet checked)' : 'already rejects rows that break it';
  }
  if (/\bADD CONSTRAINT\b.*\bFOREIGN KEY\b/.test(text)) {
    return notValid ? 'already rejects new and updated rows whose reference does not exist (existing rows not yet checked)' : 'already rejects rows whose reference does not exist';
  }
  if (/\bCREATE UNIQUE INDEX\b/.test(text) || /\bADD CONSTRAINT\b.*\b(UNIQUE|PRIMARY KEY|EXCLUDE)\b/.test(text)) return 'already rejects duplicate keys';
  if (/\bSET NOT NULL\b/.test(text)) return 'already rejects NULLs';
  if (/\bADD COLUMN\b.*\bNOT NULL\b/.test(text)) return 'already rejects NULLs in the new column';
  if (/\bDROP (COLUMN|TABLE|VIEW|MATERIALIZED VIEW|FUNCTION|PROCEDURE|TYPE|DOMAIN|SEQUENCE|SCHEMA|EXTENSION|TRIGGER|POLICY)\b/.test(text))
    return 'already gone for the application (its data is not brought back by a rerun)';
  if (/\bENABLE ROW LEVEL SECURITY\b|\bCREATE POLICY\b/.test(text)) return 'already filters what the application can read and write';
  if (/\bCREATE (OR REPLACE )?TRIGGER\b|\bCREATE CONSTRAINT TRIGGER\b/.test(text)) return 'already fires on writes';
  if (/\bALTER COLUMN\b.*\bTYPE\b/.test(text)) return 'the column already has its new type';
  return null;
}
