// The server adapter: one node-postgres connection with fkdoctor's session settings applied
// before anything else runs. node-postgres is only loaded when a server is used.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client, QueryResult as PgResult } from 'pg';
import { findCopyFromStdin } from '../sql/copy-statement.js';
import {
  defaultSessionSettings,
  type Engine,
  type QueryResult,
  type SessionSettings,
} from './engine.js';
import {
  ConnectionStringError,
  DatabaseUnavailableError,
  firstLine,
  isDatabaseError,
} from './errors.js';
import { redactConnectionString, redactSecrets } from './redact.js';
import { runTransaction } from './transaction.js';

const CONNECT_TIMEOUT_MS = 10_000;

// SQLSTATEs meaning the session is gone: class 08 (connection exception), admin/crash shutdown,
// "cannot connect now" (server starting or stopping).
const SESSION_GONE = /^(08...|57P01|57P02|57P03)$/;

export async function openServer(
  connectionString: string,
  settings: SessionSettings = defaultSessionSettings,
): Promise<Engine> {
  const target = redactConnectionString(connectionString);
  const { default: pg } = await import('pg');

  let client: Client;
  try {
    client = new pg.Client({
      connectionString,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: settings.applicationName,
    });
  } catch (error) {
    throw new ConnectionStringError(`cannot use ${target}: ${redactSecrets(firstLine(error))}`);
  }

  // node-postgres reports a connection dropped between queries as an 'error' event, which
  // would crash the process without a listener; remember it and fail the next query instead.
  let connectionLost = false;
  client.on('error', () => {
    connectionLost = true;
  });

  let version: string;
  try {
    await client.connect();
    version = await applySettings(client, settings);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new DatabaseUnavailableError(`could not connect to ${target}: ${reasonOf(error)}`, {
      cause: error,
    });
  }

  const label = `PostgreSQL ${version} at ${target}`;
  const onError = (error: unknown): never => {
    if (connectionLost || isSessionGone(error)) {
      throw new DatabaseUnavailableError(`lost the connection to ${target}: ${reasonOf(error)}`, {
        cause: error,
      });
    }
    throw error;
  };
  const engine = makeEngine(client, label, 0, onError);
  return {
    ...engine,
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

/** Applies the settings with set_config (values as parameters) and returns server_version. */
async function applySettings(client: Client, settings: SessionSettings): Promise<string> {
  const values: [string, string][] = [
    ['application_name', settings.applicationName],
    ['statement_timeout', String(settings.statementTimeoutMs)],
    ['lock_timeout', String(settings.lockTimeoutMs)],
  ];
  if (settings.readOnly) values.push(['default_transaction_read_only', 'on']);
  const calls = values.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, false)`);
  const result = await client.query<{ version: string }>(
    `select current_setting('server_version') as version, ${calls.join(', ')}`,
    values.flat(),
  );
  return result.rows[0]!.version;
}

function makeEngine(
  client: Client,
  label: string,
  depth: number,
  onError: (error: unknown) => never,
): Engine {
  return {
    kind: 'server',
    label,
    async query<Row>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
      const result = await client.query(sql, params).catch(onError);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql).catch(onError);
    },
    async copyFrom(sql, data) {
      // pg-copy-streams cannot take any other statement: the connection would break.
      if (findCopyFromStdin(sql) === null) {
        throw new Error('copyFrom needs a COPY ... FROM STDIN statement');
      }
      // On the same connection, so the COPY is part of whatever transaction is open on it.
      const { from } = await import('pg-copy-streams');
      const stream = client.query(from(sql));
      const source = Readable.from(typeof data === 'string' ? [data] : data).filter(
        (chunk: string) => chunk.length > 0,
      );
      await pipeline(source, stream).catch(onError);
      return stream.rowCount;
    },
    transaction(fn, options) {
      const inner = makeEngine(client, label, depth + 1, onError);
      const run = async (sql: string) => {
        // A multi-statement string returns one result per statement.
        const result: PgResult | PgResult[] = await client.query(sql).catch(onError);
        return (Array.isArray(result) ? result.at(-1) : result)?.command;
      };
      return runTransaction(run, depth, () => fn(inner), options);
    },
    async close(): Promise<void> {
      // Closing belongs to the engine that opened the connection, not to a transaction handle.
    },
  };
}

function isSessionGone(error: unknown): boolean {
  if (isDatabaseError(error)) return SESSION_GONE.test(error.code ?? '');
  // No SQLSTATE: a socket error or node-postgres's "Connection terminated unexpectedly".
  return error instanceof Error && /connection|ECONNRESET|EPIPE|socket/i.test(error.message);
}

/** A one-line, password-free reason; Node's AggregateError (IPv4 and IPv6 both refused) has none. */
function reasonOf(error: unknown): string {
  let reason = firstLine(error);
  if (reason === '' && error instanceof AggregateError)
    reason = error.errors.map(firstLine).join('; ');
  if (reason === '' && error instanceof Error)
    reason = String((error as { code?: unknown }).code ?? error.name);
  return redactSecrets(reason);
}
