// A schema file runs as psql would run it, in a session of its own: the settings it makes (pg_dump
// empties search_path, for one) must not carry over into the script checked after it. These
// take the session's settings before, and put back those that changed.

import type { Engine } from '../../engine/engine.js';

export interface SessionSnapshot {
  settings: Map<string, string>;
  user: string;
}

/** The settings a session can change with SET, and the current user (SET ROLE). */
export async function takeSessionSnapshot(tx: Engine): Promise<SessionSnapshot> {
  const { rows } = await tx.query<{ name: string; value: string; user: string }>(
    `select name, pg_catalog.current_setting(name) as value, current_user::text as user
       from pg_catalog.pg_settings where context in ('user', 'superuser')`,
  );
  return {
    settings: new Map(rows.map((r) => [r.name, r.value])),
    user: rows[0]?.user ?? '',
  };
}

export async function restoreSession(tx: Engine, snapshot: SessionSnapshot): Promise<void> {
  const now = await takeSessionSnapshot(tx);
  if (now.user !== snapshot.user) await tx.exec('reset role; reset session authorization');
  const changed = [...snapshot.settings].filter(
    ([name, value]) => now.settings.get(name) !== value,
  );
  if (changed.length === 0) return;
  await tx.query(
    `select pg_catalog.set_config(c.name, c.value, false)
       from unnest($1::text[], $2::text[]) as c(name, value)`,
    [changed.map(([name]) => name), changed.map(([, value]) => value)],
  );
}
