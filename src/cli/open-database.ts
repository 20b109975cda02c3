// Opens the database a command should use, loading the driver (or PGlite) only then.

import { resolveConnection } from '../engine/connection.js';
import { defaultSessionSettings, type Engine, type SessionSettings } from '../engine/engine.js';

export interface UserServer {
  engine: Engine;
  /** The URL it was opened with (for a second connection, e.g. to cancel); never printed. */
  connectionString: string;
}

/**
 * The user's server from --db / DATABASE_URL / PG*, in a session with `settings` (read-only
 * by default); null when none is given.
 */
export async function connectUserServer(
  db: string | undefined,
  settings: SessionSettings = defaultSessionSettings,
): Promise<UserServer | null> {
  const target = resolveConnection({ db }, process.env);
  if (target.kind === 'embedded') return null;
  const { openServer } = await import('../engine/node-postgres.js');
  const engine = await openServer(target.connectionString, settings);
  return { engine, connectionString: target.connectionString };
}

/** The user's server in a read-only session; null when none is given. */
export async function openUserServer(db: string | undefined): Promise<Engine | null> {
  return (await connectUserServer(db))?.engine ?? null;
}
