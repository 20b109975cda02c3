// The parts of an INSERT that fkdoctor rewrites or points at, whatever its form (behind a WITH,
// from a SELECT, DEFAULT VALUES): the target table (to load the same rows into a scratch
// table), and the rows of a VALUES list (to say which line a row is on). The head and the rows
// are read by the row readers of sql/rows, as readInsertValues reads them.

import type { Span } from '../model/script.js';
import { findWords, isWord, skipSpace, wordEnd } from './rows/lex.js';
import { readInsertHead, readValuesRows } from './rows/values-insert.js';

export interface InsertStatement {
  /** The table name as written, qualified or not. */
  target: Span;
  /** The table's own name (last part, folded as the server folds it). */
  relation: string;
  /** `INSERT INTO t AS alias` was written. */
  hasAlias: boolean;
  /** The column list with its parentheses, or null. */
  columns: Span | null;
  /** Each `( ... )` row of a `VALUES` list written right after the target; null otherwise. */
  valuesRows: Span[] | null;
  hasOnConflict: boolean;
}

/** Finds the parts of an INSERT (after any WITH clause); null for any other statement. */
export function findInsert(sql: string): InsertStatement | null {
  // The statement's own INSERT is the first one outside parentheses (CTE bodies are inside).
  const insert = findWords(sql, 0, 'insert', 'into');
  if (insert < 0) return null;
  const head = readInsertHead(sql, insert);
  if (head === null) return null;
  const at = head.end;
  const end = wordEnd(sql, at);
  const rowsAt = isWord(sql, at, end, 'values') ? skipSpace(sql, end) : -1;
  const rows = rowsAt < 0 ? null : readValuesRows(sql, rowsAt);
  return {
    target: head.targetSpan,
    relation: head.parts[head.parts.length - 1]!,
    hasAlias: head.alias !== null,
    columns: head.columnsSpan,
    valuesRows: rows?.map((row) => row.span) ?? null,
    hasOnConflict: findWords(sql, at, 'on', 'conflict') >= 0,
  };
}
