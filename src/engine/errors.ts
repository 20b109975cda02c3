// Errors of the engine layer: the shape of a server error, and "the database is not there".

/**
 * The structured fields of a PostgreSQL ErrorResponse. node-postgres and PGlite both throw an
 * `Error` carrying exactly these names (both copy pg-protocol's DatabaseError), so
 * `fkdoctor explain` reads them the same way whichever adapter ran the statement.
 */
export interface DatabaseErrorFields {
  message: string;
  severity?: string | undefined;
  /** SQLSTATE, e.g. `23503`. */
  code?: string | undefined;
  detail?: string | undefined;
  hint?: string | undefined;
  position?: string | undefined;
  where?: string | undefined;
  schema?: string | undefined;
  table?: string | undefined;
  column?: string | undefined;
  dataType?: string | undefined;
  constraint?: string | undefined;
  routine?: string | undefined;
}

/** A server-reported error (it has a SQLSTATE), as opposed to a network or usage error. */
export function isDatabaseError(error: unknown): error is Error & DatabaseErrorFields {
  if (!(error instanceof Error)) return false;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string';
}

/**
 * Could not reach or keep using the database: refused, unknown host, bad password, no such
 * database, connection dropped. The message is one line and never contains a password.
 */
export class DatabaseUnavailableError extends Error {
  /** The documented exit code for "could not reach or use the database". */
  readonly exitCode = 3;
  override readonly name = 'DatabaseUnavailableError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A `--db` / `DATABASE_URL` value fkdoctor cannot use (bad input, exit code 2). */
export class ConnectionStringError extends Error {
  readonly exitCode = 2;
  override readonly name = 'ConnectionStringError';
}

/** The first line of an error's message, for one-line reports. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? '';
}
