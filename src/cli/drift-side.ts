// One side of `fkdoctor drift`: a database (--db URL, read in a read-only session) or a schema
// file (--schema FILE, loaded into an embedded PostgreSQL), read into a Catalog. Failures name
// the side; connection strings are redacted in every message.

import type { Engine } from '../engine/engine.js';
import { isDatabaseError } from '../engine/errors.js';
import { redactSecrets } from '../engine/redact.js';
import type { Catalog } from '../model/catalog.js';
import { CliError, exitCodes } from './exit-codes.js';
import { readSchema, type ScriptFile } from './read-script.js';

export type SideSpec = { kind: 'db'; url: string } | { kind: 'schema'; file: string };

export interface ReadSide {
  catalog: Catalog;
  /** Password-free: `PostgreSQL 15.20 at postgres://u@host/db`, `schema.sql (PGlite 0.5.16)`. */
  source: string;
}

/** A side checked before anything opens: a usable URL, or a schema file read and split. */
export type PreparedSide =
  | { kind: 'db'; connectionString: string }
  | { kind: 'schema'; file: string; script: ScriptFile };

/**
 * Checks the side's input (bad input fails here, before any database or PGlite is opened);
 * `name` (`A`, `B` or the user's label) prefixes every error.
 */
export async function prepareSide(spec: SideSpec, name: string): Promise<PreparedSide> {
  return named(name, async () => {
    if (spec.kind === 'schema') {
      return { kind: 'schema', file: spec.file, script: await readSchema(spec.file) };
    }
    if (spec.url.trim() === '') throw new CliError('--db needs a postgres:// URL');
    const { resolveConnection } = await import('../engine/connection.js');
    const target = resolveConnection({ db: spec.url }, {});
    if (target.kind !== 'server') throw new CliError('--db needs a postgres:// URL');
    return { kind: 'db', connectionString: target.connectionString };
  });
}

/** Reads the side's catalog; errors are prefixed with `name`. */
export async function readSide(side: PreparedSide, name: string): Promise<ReadSide> {
  return named(name, () =>
    side.kind === 'db'
      ? readDatabase(side.connectionString)
      : readSchemaFile(side.file, side.script),
  );
}

async function named<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    const code = (error as { exitCode?: unknown }).exitCode;
    if (typeof code === 'number') throw new CliError(`${name}: ${message}`, code);
    throw error;
  }
}

async function readDatabase(connectionString: string): Promise<ReadSide> {
  const { openServer } = await import('../engine/node-postgres.js');
  // openServer's session is read-only: nothing here can write to the user's database.
  const engine = await openServer(connectionString);
  const { readCatalog } = await import('../engine/introspect.js');
  const catalog = await withEngine(engine, async (opened) => {
    try {
      return await readCatalog(opened);
    } catch (error) {
      // A server error here (no rights on the catalog, statement_timeout) is "cannot use".
      if (!isDatabaseError(error)) throw error;
      throw new CliError(
        `${engine.label}: could not read the catalog: ${redactSecrets(error.message)}`,
        exitCodes.database,
      );
    }
  });
  return { catalog, source: engine.label };
}

async function readSchemaFile(file: string, script: ScriptFile): Promise<ReadSide> {
  const { openEmbedded } = await import('../engine/pglite.js');
  const { readCatalog } = await import('../engine/introspect.js');
  const { loadSchemaFile } = await import('./open-source.js');
  const engine = await openEmbedded();
  const catalog = await withEngine(engine, async (embedded) => {
    await loadSchemaFile(embedded, script);
    return readCatalog(embedded);
  });
  const version = /\(PGlite [^)]*\)/.exec(catalog.serverVersion)?.[0] ?? '(PGlite)';
  return { catalog, source: `${file === '-' ? 'stdin' : file} ${version}` };
}

async function withEngine<T>(engine: Engine, fn: (engine: Engine) => Promise<T>): Promise<T> {
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}
