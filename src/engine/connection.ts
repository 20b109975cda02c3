// Where fkdoctor connects: `--db URL` > `DATABASE_URL` > the libpq `PG*` variables > the embedded
// PGlite. Pure: the caller passes the environment, so tests use a fake one.

import { ConnectionStringError } from './errors.js';
import { redactConnectionString } from './redact.js';

export type Env = Readonly<Record<string, string | undefined>>;

export type ConnectionSource = '--db' | 'DATABASE_URL' | 'PG* variables';

export type ConnectionTarget =
  | { kind: 'embedded' }
  | { kind: 'server'; connectionString: string; source: ConnectionSource };

export function resolveConnection(
  options: { db?: string | undefined },
  env: Env,
): ConnectionTarget {
  const explicit = nonEmpty(options.db);
  if (explicit) return server(explicit, '--db');
  const databaseUrl = nonEmpty(env.DATABASE_URL);
  if (databaseUrl) return server(databaseUrl, 'DATABASE_URL');
  // PGUSER or PGPASSWORD alone are often set for other tools; they do not name a database.
  if (nonEmpty(env.PGHOST) || nonEmpty(env.PGDATABASE)) {
    return { kind: 'server', connectionString: urlFromPgEnv(env), source: 'PG* variables' };
  }
  return { kind: 'embedded' };
}

function server(connectionString: string, source: ConnectionSource): ConnectionTarget {
  if (!/^postgres(ql)?:\/\//i.test(connectionString)) {
    throw new ConnectionStringError(
      `${source}: expected a postgres:// or postgresql:// URL, got "${redactConnectionString(connectionString)}"`,
    );
  }
  return { kind: 'server', connectionString, source };
}

/** A URL from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE and PGSSLMODE. */
function urlFromPgEnv(env: Env): string {
  const user = nonEmpty(env.PGUSER);
  const password = nonEmpty(env.PGPASSWORD);
  // libpq accepts a comma-separated host list; node-postgres takes one host.
  const host = nonEmpty(env.PGHOST)?.split(',')[0]?.trim() ?? '';
  const port = nonEmpty(env.PGPORT)?.split(',')[0]?.trim();
  const database = nonEmpty(env.PGDATABASE);
  const params = new URLSearchParams();

  let authority = '';
  if (user) authority += encodeURIComponent(user);
  if (password) authority += `:${encodeURIComponent(password)}`;
  if (authority) authority += '@';
  if (host.startsWith('/')) {
    // A Unix socket directory cannot be a URL host; node-postgres reads it from `?host=`.
    params.set('host', host);
    if (port) params.set('port', port);
  } else {
    // Without PGHOST node-postgres connects to localhost (it has no default socket directory).
    authority += host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
    if (port) authority += `:${port}`;
  }

  // node-postgres has no opportunistic TLS: `prefer`/`allow` would demand TLS, so they are
  // left out (plain connection), as is `disable`.
  const sslmode = nonEmpty(env.PGSSLMODE);
  if (sslmode && !['disable', 'allow', 'prefer'].includes(sslmode)) params.set('sslmode', sslmode);

  const query = params.size > 0 ? `?${params.toString()}` : '';
  return `postgresql://${authority}/${database ? encodeURIComponent(database) : ''}${query}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
