// The database a whole-database command (graph, audit) reads: the user's server (--db,
// DATABASE_URL, PG*), a --schema file loaded into an embedded PostgreSQL, or an empty one.

import { defaultSessionSettings, type Engine } from '../engine/engine.js';
import { isDatabaseError } from '../engine/errors.js';
import { redactSecrets } from '../engine/redact.js';
import { cancelBackend } from './cancel-backend.js';
import { CliError, exitCodes } from './exit-codes.js';
import { connectUserServer } from './open-database.js';
import { readScript, type ScriptFile, withScriptErrors } from './read-script.js';

export interface OpenedSource {
  engine: Engine;
  /** Where the data comes from, for messages: the server's label or the schema file's path. */
  source: string;
  /** True for the empty embedded database used when neither --db nor --schema is given. */
  empty: boolean;
  /**
   * Cancels the statement running on the user's server (Ctrl-C during a long count), from a
   * second connection; the embedded database stops between statements on its own.
   */
  cancelRunning(): Promise<void>;
}

/**
 * Opens the source, runs `fn` with it and closes it. A server error from `fn` (no rights on
 * the catalog, statement_timeout) is reported as "cannot use the database" (exit 3).
 */
export async function withSource<T>(
  options: { db: string | undefined; schema: string | undefined },
  fn: (opened: OpenedSource) => Promise<T>,
): Promise<T> {
  if (options.db !== undefined && options.schema !== undefined) {
    throw new CliError('give --db or --schema, not both');
  }
  const opened = await openSource(options.db, options.schema);
  try {
    return await fn(opened);
  } catch (error) {
    if (!isDatabaseError(error) || opened.engine.kind !== 'server') throw error;
    throw new CliError(
      `${opened.source}: could not read the database: ${redactSecrets(error.message)}`,
      exitCodes.database,
    );
  } finally {
    await opened.engine.close();
  }
}

async function openSource(
  db: string | undefined,
  schemaFile: string | undefined,
): Promise<OpenedSource> {
  const server = schemaFile === undefined ? await connectUserServer(db) : null;
  if (server) {
    // A read-only session (the default settings): nothing a command runs can write to it.
    const { engine, connectionString } = server;
    const pid = await backendPid(engine);
    const cancelRunning = () => cancelBackend(connectionString, defaultSessionSettings, pid);
    return { engine, source: engine.label, empty: false, cancelRunning };
  }
  // The file is read first: a bad path should not wait for the embedded database to start.
  const script = schemaFile === undefined ? null : await readScript(schemaFile);
  const { openEmbedded } = await import('../engine/pglite.js');
  const engine = await openEmbedded();
  if (script === null || schemaFile === undefined) {
    return { engine, source: engine.label, empty: true, cancelRunning: nothingToCancel };
  }
  try {
    await loadSchemaFile(engine, script);
  } catch (error) {
    await engine.close();
    throw error;
  }
  return { engine, source: schemaFile, empty: false, cancelRunning: nothingToCancel };
}

const nothingToCancel = async () => undefined;

async function backendPid(engine: Engine): Promise<number | null> {
  const { rows } = await engine.query<{ pid: number }>('select pg_backend_pid() as pid');
  return rows[0]?.pid ?? null;
}

/**
 * Loads the schema file; what does not load (extensions PGlite lacks, roles, objects that
 * needed them) is reported on stderr and left out, as check and fix do. drift uses it too.
 */
/** SQLSTATE syntax_error. */
const SYNTAX_ERROR = '42601';

export async function loadSchemaFile(engine: Engine, script: ScriptFile): Promise<void> {
  const file = script.file ?? 'stdin';
  const { scanScript } = await import('../sql/split/index.js');
  const { loadSchema } = await import('../doctor/script/load-schema.js');
  const load = await withScriptErrors(script.file, async () =>
    loadSchema(engine, script.text, scanScript(script.text).statements),
  );
  // A statement the server cannot even parse is a broken file, not a missing extension: going
  // on would audit (or draw) a schema with tables silently missing.
  const syntax = load.problems.find((p) => p.sqlstate === SYNTAX_ERROR);
  if (syntax) {
    throw new CliError(`${file}:${syntax.line}: ${syntax.message}: ${syntax.statementText}`);
  }
  const errors = load.problems.filter((p) => p.kind === 'error' || p.kind === 'extension');
  for (const problem of errors.slice(0, 5)) {
    process.stderr.write(
      `fkdoctor: note: ${file}:${problem.line}: not loaded (${problem.message}): ${problem.statementText}\n`,
    );
  }
  if (errors.length > 5) {
    process.stderr.write(
      `fkdoctor: note: ${file}: ${errors.length - 5} more statements not loaded\n`,
    );
  }
}
