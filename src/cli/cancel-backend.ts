// Cancels the statement another session of ours is running (Ctrl-C during a long count): the
// server's pg_cancel_backend, sent from a second, read-only connection with the same settings.

import type { SessionSettings } from '../engine/engine.js';

export async function cancelBackend(
  url: string,
  settings: SessionSettings,
  pid: number | null,
): Promise<void> {
  if (pid === null) return;
  try {
    const { openServer } = await import('../engine/node-postgres.js');
    const second = await openServer(url, { ...settings, readOnly: true });
    try {
      await second.query('SELECT pg_cancel_backend($1)', [pid]);
    } finally {
      await second.close();
    }
  } catch {
    // The session ends with the process anyway, which also ends its statement.
  }
}
