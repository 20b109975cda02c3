// The sandbox check and fix run scripts in: the user's server (--db, DATABASE_URL, PG*) inside
// a transaction that is always rolled back, or else a fresh embedded PostgreSQL (PGlite).

import type { Engine } from '../engine/engine.js';
import { openUserServer } from './open-database.js';

export async function openSandbox(db: string | undefined): Promise<Engine> {
  const server = await openUserServer(db);
  if (server) return server;
  const { openEmbedded } = await import('../engine/pglite.js');
  return openEmbedded();
}
