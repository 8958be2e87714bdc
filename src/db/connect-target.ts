import pg from 'pg';
import { UnreachableDatabaseError, redactSecrets, redactUrl } from '../errors.js';

/**
 * SQLSTATEs and socket codes that mean "this database cannot be used at all" rather than
 * "this statement failed": wrong password, no such role or database, server starting/stopping.
 */
const UNREACHABLE_SQLSTATES = new Set(['28P01', '28000', '3D000', '57P03', '08001', '08006', '08004']);
const UNREACHABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (UNREACHABLE_SQLSTATES.has(code) || UNREACHABLE_SOCKET_CODES.has(code));
}

/** Every spelling of the password in `url` (raw, decoded, in `?password=`): what redactSecrets must remove from a server's messages. */
export function passwordOf(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [decodeURIComponent(parsed.password), parsed.password, parsed.searchParams.get('password') ?? ''].filter(Boolean);
  } catch {
    return [];
  }
}

/** The error to show for a database that cannot be reached or logged into; never carries the password. */
export function unreachableError(url: string, error: unknown): UnreachableDatabaseError {
  const code = (error as { code?: unknown } | null)?.code;
  const raw = error instanceof Error ? error.message : String(error);
  const reason = redactSecrets(raw || String(code ?? 'unknown error'), passwordOf(url));
  const hint =
    code === '28P01' || code === '28000'
      ? 'check the user name and password in the URL'
      : code === '3D000'
        ? 'check the database name in the URL'
        : 'check that the server is running and the host and port are right';
  const unreachable = new UnreachableDatabaseError(`cannot connect to ${redactUrl(url)}: ${reason}`, hint);
  // Kept (not shown) so callers can tell a server that is restarting from a wrong password.
  unreachable.cause = { code: typeof code === 'string' ? code : undefined };
  return unreachable;
}

/**
 * Opens one connection. Any failure to connect is an UnreachableDatabaseError (exit 3), whatever
 * the driver's reason, because the caller can do nothing with the database either way.
 */
export async function connectTarget(url: string, applicationName = 'schemafleet'): Promise<pg.Client> {
  let client: pg.Client;
  try {
    client = new pg.Client({ connectionString: url, application_name: applicationName, connectionTimeoutMillis: 15_000 });
  } catch (error) {
    throw unreachableError(url, error);
  }
  // A server that goes away emits 'error' on an idle client; unhandled, that would kill the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw unreachableError(url, error);
  }
  return client;
}
