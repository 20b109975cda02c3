// Counts and samples the orphans of one foreign key: one set-based anti-join over the child
// table, or, for a big child, one per key range of its integer primary key (chunks), so each
// statement stays well under statement_timeout, progress can be reported and an interrupt
// takes effect between chunks. Only plain SELECTs run (AccessShareLock, released between the
// chunks' statements); nothing is locked FOR UPDATE/SHARE and nothing is written. The sample
// comes from the same statement as the count (orphan-sql.ts countAndSampleSql), not a second scan.

import type { Engine } from '../../engine/engine.js';
import type { Catalog, FkMatch, ForeignKey, Table } from '../../model/catalog.js';
import { findTable, qualifiedKey } from '../../model/catalog.js';
import { quoteIdent, quoteQualified } from '../../sql/quote.js';
import { chunkKeyOf, keyRanges } from './chunk-key.js';
import {
  childAlias,
  countAndSampleSql,
  countSql,
  orphanCondition,
  partialNullCondition,
  relationRef,
} from './orphan-sql.js';

/** Rows per chunk when chunked mode is chosen automatically. */
export const DEFAULT_CHUNK_ROWS = 1_000_000;
/** Child tables estimated above this many rows are scanned in chunks unless told otherwise. */
export const AUTO_CHUNK_ABOVE_ROWS = 2_000_000;
export const DEFAULT_SAMPLE_SIZE = 10;

export interface OrphanProgress {
  /** Statements (chunks) done. */
  done: number;
  /** Statements (chunks) in all. */
  total: number;
}

export interface CountOrphansOptions {
  /** How many orphan keys to return (default 10; 0 for none). */
  sampleSize?: number;
  /**
   * Rows per key-range chunk. Undefined: chunks of 1,000,000 rows when the child table is
   * estimated above 2,000,000 rows, else one pass. 0: always one pass.
   */
  chunkRows?: number;
  /** Stops the scan: the promise rejects with OrphanScanAbortedError (with what was counted). */
  signal?: AbortSignal;
  onProgress?: (progress: OrphanProgress) => void;
}

export interface OrphanScan {
  mode: 'single' | 'chunked';
  /** Statements run for the count (key ranges in chunked mode, 1 otherwise). */
  chunks: number;
  /** The primary-key column the chunks range over, or null. */
  chunkColumn: string | null;
  /** Why a requested chunked scan ran in one pass, when it did. */
  note?: string;
}

export interface OrphanCount {
  /** The child table, schema-qualified and quoted as SQL (quoteQualified). */
  table: string;
  constraint: string;
  /** The parent table, quoted as `table`. */
  referencedTable: string;
  columns: string[];
  referencedColumns: string[];
  match: FkMatch;
  validated: boolean;
  enforced: boolean;
  triggersEnabled: boolean;
  /** Rows whose complete key has no parent row. */
  orphanCount: number;
  /** Up to sampleSize orphan keys: FK column name → value (as the driver returns it). */
  sampleKeys: Record<string, unknown>[];
  /** MATCH FULL with several columns: rows whose key is partly NULL (violations too). */
  partialNullCount?: number;
  scan: OrphanScan;
  /** False only in the partial result carried by OrphanScanAbortedError. */
  complete: boolean;
}

/** The scan was stopped by its AbortSignal; `partial` holds what the chunks done had found. */
export class OrphanScanAbortedError extends Error {
  override readonly name = 'OrphanScanAbortedError';
  constructor(readonly partial: OrphanCount) {
    super(`the orphan scan of ${partial.constraint} on ${partial.table} was interrupted`);
  }
}

export async function countOrphans(
  engine: Engine,
  catalog: Catalog,
  fk: ForeignKey,
  options: CountOrphansOptions = {},
): Promise<OrphanCount> {
  const sampleSize = Math.max(0, Math.floor(options.sampleSize ?? DEFAULT_SAMPLE_SIZE));
  const orphan = orphanCondition(catalog, fk);
  const partial = partialNullCondition(fk);
  const result: OrphanCount = {
    table: quoteQualified(fk.table),
    constraint: fk.name,
    referencedTable: quoteQualified(fk.referencedTable),
    columns: [...fk.columns],
    referencedColumns: [...fk.referencedColumns],
    match: fk.match,
    validated: fk.validated,
    enforced: fk.enforced,
    triggersEnabled: fk.triggersEnabled,
    orphanCount: 0,
    sampleKeys: [],
    ...(partial === null ? {} : { partialNullCount: 0 }),
    scan: { mode: 'single', chunks: 1, chunkColumn: null },
    complete: false,
  };
  const { signal } = options;
  const run = async <Row>(sql: string, params?: unknown[]): Promise<Row[]> => {
    if (signal?.aborted) throw new OrphanScanAbortedError(result);
    const rows = await abortable(engine.query<Row>(sql, params), signal, () => {
      return new OrphanScanAbortedError(result);
    });
    return rows.rows;
  };
  const count = async (condition: string, range = '', params?: unknown[]) =>
    Number(
      (await run<{ n: string | number }>(countSql(catalog, fk, condition, range), params))[0]?.n ??
        0,
    );
  /** The orphan count, and sample keys while the sample is not full, in one statement. */
  const countOrphanRows = async (range = '', params?: unknown[]) => {
    const wanted = sampleSize - result.sampleKeys.length;
    if (wanted <= 0) return count(orphan, range, params);
    const query = countAndSampleSql(catalog, fk, orphan, wanted, range);
    const rows = await run<Record<string, unknown>>(query.sql, params);
    const n = Number(rows[0]?.[query.countColumn] ?? 0);
    const keys = rows.map((row) => {
      const key: Record<string, unknown> = {};
      for (const column of fk.columns) key[column] = row[column];
      return key;
    });
    addSample(result.sampleKeys, keys, sampleSize);
    return n;
  };

  const plan = await planChunks(catalog, fk, options.chunkRows, run);
  if (plan.note !== undefined) result.scan.note = plan.note;
  if (plan.ranges === null) {
    options.onProgress?.({ done: 0, total: 1 });
    result.orphanCount = await countOrphanRows();
    if (partial !== null) result.partialNullCount = await count(partial);
    options.onProgress?.({ done: 1, total: 1 });
  } else {
    const column = `${childAlias}.${quoteIdent(plan.column)}`;
    const range = `${column} >= $1::${plan.type} AND ${column} <= $2::${plan.type} AND `;
    result.scan = { mode: 'chunked', chunks: plan.ranges.length, chunkColumn: plan.column };
    options.onProgress?.({ done: 0, total: plan.ranges.length });
    for (const [i, { from, to }] of plan.ranges.entries()) {
      result.orphanCount += await countOrphanRows(range, [from, to]);
      if (partial !== null) {
        result.partialNullCount =
          (result.partialNullCount ?? 0) + (await count(partial, range, [from, to]));
      }
      options.onProgress?.({ done: i + 1, total: plan.ranges.length });
    }
  }
  result.complete = true;
  return result;
}

type Run = <Row>(sql: string, params?: unknown[]) => Promise<Row[]>;

type ChunkPlan =
  | { ranges: null; note?: string }
  | {
      ranges: { from: string; to: string }[];
      column: string;
      type: string;
      note?: string;
    };

async function planChunks(
  catalog: Catalog,
  fk: ForeignKey,
  chunkRows: number | undefined,
  run: Run,
): Promise<ChunkPlan> {
  if (chunkRows !== undefined && chunkRows <= 0) return { ranges: null };
  const table = findTable(catalog, fk.table);
  const estimated = table ? estimatedRowsOf(catalog, table) : 0;
  if (chunkRows === undefined && estimated <= AUTO_CHUNK_ABOVE_ROWS) return { ranges: null };
  const key = chunkKeyOf(catalog, fk);
  if (key.column === null) return { ranges: null, note: `one pass: ${key.reason}` };
  const column = quoteIdent(key.column);
  const [bounds] = await run<{ lo: string | null; hi: string | null }>(
    `SELECT min(${column})::text AS lo, max(${column})::text AS hi FROM ${relationRef(catalog, fk.table)}`,
  );
  if (!bounds || bounds.lo === null || bounds.hi === null) {
    return { ranges: [], column: key.column, type: key.type };
  }
  const ranges = keyRanges(bounds.lo, bounds.hi, estimated, chunkRows ?? DEFAULT_CHUNK_ROWS);
  return { ranges, column: key.column, type: key.type };
}

/** reltuples, or for a partitioned table the sum over its partitions (its own is -1 or 0). */
export function estimatedRowsOf(catalog: Catalog, table: Table, depth = 0): number {
  if (table.kind !== 'partitioned-table' || depth > 20) return Math.max(0, table.estimatedRows);
  let sum = 0;
  for (const name of table.partitions) {
    const part = findTable(catalog, name);
    if (part && qualifiedKey(part) !== qualifiedKey(table))
      sum += estimatedRowsOf(catalog, part, depth + 1);
  }
  return sum;
}

function addSample(
  into: Record<string, unknown>[],
  rows: Record<string, unknown>[],
  limit: number,
): void {
  const seen = new Set(into.map((row) => JSON.stringify(Object.values(row), jsonSafe)));
  for (const row of rows) {
    if (into.length >= limit) return;
    const id = JSON.stringify(Object.values(row), jsonSafe);
    if (seen.has(id)) continue;
    seen.add(id);
    into.push(row);
  }
}

function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** The query's result, or `aborted()` thrown as soon as the signal fires. */
function abortable<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  aborted: () => Error,
): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      // The statement may still fail later (cancelled by the caller): that is expected.
      work.catch(() => undefined);
      reject(aborted());
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
