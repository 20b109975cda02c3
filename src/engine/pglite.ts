// The embedded adapter: PostgreSQL compiled to WASM (PGlite), in this process. The WASM is
// only loaded when a command actually needs the embedded database.

import type { PGlite, Results } from '@electric-sql/pglite';
import { copyFromFileInstead } from '../sql/copy-statement.js';
import { quoteLiteral } from '../sql/quote.js';
import type { Engine, QueryResult } from './engine.js';
import { DatabaseUnavailableError, firstLine } from './errors.js';
import { redactSecrets } from './redact.js';
import { runTransaction } from './transaction.js';

type Queryable = Pick<PGlite, 'query' | 'exec'>;

const INT8_OID = 20;

export async function openEmbedded(options: { dataDir?: string } = {}): Promise<Engine> {
  const where = options.dataDir === undefined ? 'in memory' : `in ${options.dataDir}`;
  let db: PGlite;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    db = await PGlite.create({
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      // node-postgres returns bigint/count(*) as a string (no precision loss); do the same here
      // so callers see one behaviour.
      parsers: { [INT8_OID]: (value: string) => value },
    });
  } catch (error) {
    throw new DatabaseUnavailableError(
      `could not start the embedded PostgreSQL ${where}: ${redactSecrets(firstLine(error))}`,
      { cause: error },
    );
  }
  const label = `embedded PGlite (PostgreSQL 18, ${where})`;
  const engine = makeEngine(db, label, 0);
  return {
    ...engine,
    async close() {
      if (!db.closed) await db.close();
    },
  };
}

function makeEngine(db: Queryable, label: string, depth: number): Engine {
  const engine: Engine = {
    kind: 'embedded',
    label,
    // Errors pass through untouched: PGlite's already have node-postgres's shape (errors.ts).
    async query<Row>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
      const result = await db.query<Row>(sql, params);
      return { rows: result.rows, rowCount: rowCountOf(result) };
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
    async copyFrom(sql, data) {
      // PGlite has no STDIN: it reads COPY data from the file /dev/blob, given as a Blob.
      const fromFile = copyFromFileInstead(sql, quoteLiteral('/dev/blob'));
      if (fromFile === null) throw new Error('copyFrom needs a COPY ... FROM STDIN statement');
      const blob = new Blob(typeof data === 'string' ? [data] : await collect(data));
      const result = await db.query(fromFile, [], { blob });
      return result.affectedRows ?? 0;
    },
    transaction(fn, options) {
      const inner = makeEngine(db, label, depth + 1);
      const run = async (sql: string) => (await db.exec(sql)).at(-1)?.command;
      return runTransaction(run, depth, () => fn(inner), options);
    },
    async close(): Promise<void> {
      // Closing belongs to the engine that opened the database, not to a transaction handle.
    },
  };
  return engine;
}

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

function rowCountOf(result: Results<unknown>): number {
  return isWrite(result.command) ? (result.affectedRows ?? 0) : result.rows.length;
}

function isWrite(command: string | undefined): boolean {
  return (
    command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE'
  );
}
