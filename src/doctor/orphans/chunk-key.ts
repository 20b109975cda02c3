// The column a big child table is scanned by in key-range chunks: the leading column of its
// primary key when that is an integer (smallint, integer, bigint), so each chunk is an index
// range scan. Anything else (no primary key, text or uuid keys) is scanned in one pass.

import type { Catalog, ForeignKey } from '../../model/catalog.js';
import { findTable } from '../../model/catalog.js';

export type ChunkKey =
  | { column: string; type: 'smallint' | 'integer' | 'bigint' }
  | { column: null; reason: string };

const integerTypes: Record<string, 'smallint' | 'integer' | 'bigint'> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
};

export function chunkKeyOf(catalog: Catalog, fk: ForeignKey): ChunkKey {
  const table = findTable(catalog, fk.table);
  const first = table?.primaryKey?.columns[0];
  if (!table || first === undefined) return { column: null, reason: 'no primary key' };
  const column = table.columns.find((c) => c.name === first);
  const type = column ? integerTypes[column.typeName] : undefined;
  if (!type) {
    return {
      column: null,
      reason: `the primary key's first column ${first} is ${column?.type ?? 'unknown'}, not an integer`,
    };
  }
  return { column: first, type };
}

export interface KeyRange {
  /** Inclusive bounds, as decimal text (bigint-safe). */
  from: string;
  to: string;
}

/**
 * Ranges of about `chunkRows` rows each between `min` and `max` (inclusive), assuming the
 * `estimatedRows` rows spread evenly over the keys (one row per key when there is no estimate).
 */
export function keyRanges(
  min: string,
  max: string,
  estimatedRows: number,
  chunkRows: number,
): KeyRange[] {
  const low = BigInt(min);
  const high = BigInt(max);
  if (high < low) return [];
  const span = high - low + 1n;
  const perChunk = BigInt(Math.max(1, Math.floor(chunkRows)));
  // Never analyzed (reltuples -1) or thought empty: assume one row per key.
  let step = estimatedRows >= 1 ? (span * perChunk) / BigInt(Math.round(estimatedRows)) : perChunk;
  if (step < 1n) step = 1n;
  // Never more than 100,000 statements, whatever the estimate says.
  const most = 100_000n;
  if (span / step > most) step = span / most + 1n;
  const ranges: KeyRange[] = [];
  for (let from = low; from <= high; from += step) {
    const to = from + step - 1n < high ? from + step - 1n : high;
    ranges.push({ from: from.toString(), to: to.toString() });
  }
  return ranges;
}
