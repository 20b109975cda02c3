// Where in the script each key of a table is loaded: the statement and row that insert it.
// check uses it to say where a missing parent key is (or that it is nowhere); fix, to tell an
// order problem from a missing parent.

import type { Table } from '../../model/catalog.js';
import type { ScriptStatement } from '../../model/script.js';
import { isUnknownKeyPart, type KeyPart, keyReader } from '../../sql/rows/key-of-row.js';
import { type StatementRows, statementRows } from './statement-rows.js';

export interface LoadedKey {
  statementIndex: number;
  rowNumber: number;
  line: number;
}

export interface LoadedKeys {
  /** The first row that loads each key, by keyText(). */
  keys: Map<string, LoadedKey>;
  /** Statements loading the table whose rows could not be read (or had computed keys). */
  unreadable: number[];
}

/** A comparable text for a complete key; null when a part is unknown or NULL. */
export function keyText(parts: readonly KeyPart[]): string | null {
  if (parts.some((p) => p === null || isUnknownKeyPart(p))) return null;
  return JSON.stringify(parts);
}

export function loadedKeys(
  text: string,
  statements: readonly ScriptStatement[],
  loaders: readonly number[],
  table: Table,
  columns: readonly string[],
): LoadedKeys {
  const keys = new Map<string, LoadedKey>();
  const unreadable: number[] = [];
  for (const index of loaders) {
    const rows = statementRows(text, statements[index]!);
    if (!rows || !addLoadedKeys(keys, index, rows, table, columns)) unreadable.push(index);
  }
  return { keys, unreadable };
}

/**
 * Adds to `keys` the first row of `rows` (statement `index`'s, or a piece of them) loading each
 * key not there yet; only keys in `wanted`, when given. False when a row's key is unknown.
 */
export function addLoadedKeys(
  keys: Map<string, LoadedKey>,
  index: number,
  rows: StatementRows,
  table: Table,
  columns: readonly string[],
  wanted?: ReadonlySet<string>,
): boolean {
  const read = keyReader(table, columns, rows);
  let complete = true;
  for (const row of rows.rows) {
    const key = keyText(read(row.values, row.defaults));
    if (key === null) {
      complete = false;
      continue;
    }
    if (!keys.has(key) && (!wanted || wanted.has(key)))
      keys.set(key, { statementIndex: index, rowNumber: row.rowNumber, line: row.line });
  }
  return complete;
}
