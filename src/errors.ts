/**
 * Errors a user can cause. Each carries an exit code (documented in README.md) and a short hint,
 * and its message never contains a password: URLs are passed through `redactUrl` first.
 */
export const ExitCode = {
  ok: 0,
  refused: 1,
  badInput: 2,
  unreachable: 3,
  /** A rollout stopped by SIGINT/SIGTERM: in-flight tenants finished or were rolled back, the rest wait for a rerun. */
  cancelled: 4,
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export class SchemafleetError extends Error {
  override readonly name: string = 'SchemafleetError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Bad schema file, flag or config: exit 2. */
export class BadInputError extends SchemafleetError {
  override readonly name = 'BadInputError';
  constructor(
    message: string,
    hint?: string,
    readonly location?: SourceLocation,
  ) {
    super(message, ExitCode.badInput, hint);
  }
}

/** A database that cannot be reached or logged into: exit 3. */
export class UnreachableDatabaseError extends SchemafleetError {
  override readonly name = 'UnreachableDatabaseError';
  constructor(message: string, hint?: string) {
    super(message, ExitCode.unreachable, hint);
  }
}

/** A plan refused (destructive, unsupported) or a verification that failed: exit 1. */
export class RefusedError extends SchemafleetError {
  override readonly name = 'RefusedError';
  constructor(message: string, hint?: string) {
    super(message, ExitCode.refused, hint);
  }
}

/** Removes the password from a postgres URL (and from any text that quotes it). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    const pw = parsed.searchParams.get('password');
    if (pw) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@').replace(/(password=)[^&\s]*/gi, '$1***');
  }
}

/** Replaces every occurrence of known secrets in a message. */
export function redactSecrets(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join('***');
  return out.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@');
}
