// psql as a user runs it, for tests that prove a script on a real server: `psql -f` with
// ON_ERROR_STOP, and a snapshot of what a database holds to compare two loads.

import { spawnSync } from 'node:child_process';

export interface PsqlRun {
  status: number | null;
  stderr: string;
}

/** `psql -X -q -v ON_ERROR_STOP=1 -d url -f file`; `env` for PGOPTIONS and the like. */
export function psqlFile(url: string, file: string, env: Record<string, string> = {}): PsqlRun {
  const run = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', file], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (run.error) throw run.error;
  return { status: run.status, stderr: run.stderr };
}

/** Runs one SQL command; throws with psql's error when it fails. */
export function psqlCommand(url: string, sql: string): string {
  const run = spawnSync('psql', ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
}

/** Every user table's rows, every sequence's position and every constraint, as text. */
export function snapshot(url: string): string {
  return psqlCommand(
    url,
    `
    SELECT 'table ' || c.oid::regclass::text || ': ' ||
           (xpath('/row/j/text()', query_to_xml(format('SELECT coalesce(json_agg(t ORDER BY t::text), ''[]'') AS j FROM %s t', c.oid::regclass), false, true, '')))[1]::text
    FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'sequence ' || c.oid::regclass::text || ': ' ||
           (xpath('/row/v/text()', query_to_xml(format('SELECT last_value || '','' || is_called AS v FROM %s', c.oid::regclass), false, true, '')))[1]::text
    FROM pg_class c WHERE c.relkind = 'S' AND c.relnamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass::text || '.' || conname || ': ' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    ORDER BY 1`,
  );
}
