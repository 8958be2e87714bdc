/**
 * The SQLSTATE an error carries, or undefined. node-postgres puts the server's SQLSTATE and Node's
 * socket codes in the same `code` field; a SQLSTATE is five digits or capitals with at least one
 * digit (every class PostgreSQL uses has one), which keeps five-letter socket codes such as EPIPE
 * or EPERM from being recorded as one.
 */
export function sqlstateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && /[0-9]/.test(code) ? code : undefined;
}
