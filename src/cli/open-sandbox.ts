// The sandbox check and fix run scripts in: the user's server (--db, DATABASE_URL, PG*) inside
// a transaction that is always rolled back, or else a fresh embedded PostgreSQL (PGlite).

import { defaultSessionSettings, type Engine, type SessionSettings } from '../engine/engine.js';
import { connectUserServer } from './open-database.js';

export interface SandboxChoice {
  db: string | undefined;
  /** statement_timeout on the user's server (--statement-timeout); the default otherwise. */
  statementTimeoutMs?: number | undefined;
}

function settingsOf(choice: SandboxChoice): SessionSettings {
  return choice.statementTimeoutMs === undefined
    ? defaultSessionSettings
    : { ...defaultSessionSettings, statementTimeoutMs: choice.statementTimeoutMs };
}

export async function openSandbox(choice: SandboxChoice): Promise<Engine> {
  const server = await connectUserServer(choice.db, settingsOf(choice));
  if (server) return server.engine;
  const { openEmbedded } = await import('../engine/pglite.js');
  return openEmbedded();
}

/**
 * For a run of a script too big to hold: the user's server, or an embedded database whose data
 * lives on disk in `directory` rather than in memory.
 */
export async function openSandboxOnDisk(choice: SandboxChoice, directory: string): Promise<Engine> {
  const server = await connectUserServer(choice.db, settingsOf(choice));
  if (server) return server.engine;
  const { openEmbedded } = await import('../engine/pglite.js');
  return openEmbedded({ dataDir: directory });
}
