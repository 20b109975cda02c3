// Opens the database a command should use, loading the driver (or PGlite) only then.

import { resolveConnection } from '../engine/connection.js';
import type { Engine } from '../engine/engine.js';

/** The user's server from --db / DATABASE_URL / PG*; null when none is given. */
export async function openUserServer(db: string | undefined): Promise<Engine | null> {
  const target = resolveConnection({ db }, process.env);
  if (target.kind === 'embedded') return null;
  const { openServer } = await import('../engine/node-postgres.js');
  return openServer(target.connectionString);
}
