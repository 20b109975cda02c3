// The rows of the user's script that reference, through one FK, a key no statement inserts,
// read from the text. For a failure whose statement has no rows of its own: ALTER TABLE ... ADD
// FOREIGN KEY after the data (a full pg_dump), or the UPDATE fix adds to write a cycle's
// references back. The server names only the first key; the text gives all of them at once.

import { type Catalog, type ForeignKey, findTable } from '../../../model/catalog.js';
import type { FkGraph } from '../../../model/fk-graph.js';
import type { ScriptStatement } from '../../../model/script.js';
import { isUnknownKeyPart, keyReader } from '../../../sql/rows/key-of-row.js';
import type { LoadedKey } from '../loaded-keys.js';
import { resolveTable } from '../plan/resolve-table.js';
import type { StatementRows } from '../statement-rows.js';
import type { UserPlace, WrittenScript } from './written-script.js';

export interface OrphanRow extends UserPlace {
  rowNumber: number;
  key: string[];
}

export function orphansByKey(
  fk: ForeignKey,
  lookup: (key: (string | null)[]) => LoadedKey | null,
  catalog: Catalog,
  graph: FkGraph,
  written: WrittenScript,
  user: {
    statements: readonly ScriptStatement[];
    rowsOf: (index: number) => StatementRows | null;
  },
): OrphanRow[] {
  const table = findTable(catalog, fk.table);
  if (!table) return [];
  const target = `${table.schema}.${table.name}`;
  const found: OrphanRow[] = [];
  for (const statement of user.statements) {
    if ((statement.kind !== 'insert' && statement.kind !== 'copy') || !statement.target) continue;
    if (resolveTable(graph, statement.target) !== target) continue;
    const rows = user.rowsOf(statement.index);
    if (!rows) continue;
    // Rows already taken out of the script are not in the run.
    const kept = written.keptRows.get(statement.index);
    const left = kept ? new Set(kept) : null;
    const read = keyReader(table, fk.columns, rows);
    for (const row of rows.rows) {
      if (left && !left.has(row.rowNumber)) continue;
      const parts = read(row.values, row.defaults);
      if (parts.some((p) => p === null || isUnknownKeyPart(p))) continue;
      const key = parts as string[];
      if (lookup(key) !== null) continue;
      found.push({
        statementIndex: statement.index,
        rowNumber: row.rowNumber,
        line: row.line,
        key,
      });
    }
  }
  return found;
}
