// The literal rows a statement loads (INSERT ... VALUES or COPY FROM STDIN), with the script
// line of each and the column list they fill: what fix reorders and what check searches for
// parent keys. Null for statements whose rows are not literal.

import type { ScriptStatement, Span } from '../../model/script.js';
import { findCopyFromStdin } from '../../sql/copy-statement.js';
import { countNewlines } from '../../sql/rows/copy-cursor.js';
import { readCopyRows } from '../../sql/rows/copy-data.js';
import type { RowValue } from '../../sql/rows/row-value.js';
import { readColumnList, readInsertValues } from '../../sql/rows/values-insert.js';
import { statementText } from '../../sql/split/index.js';

export interface LiteralRow {
  /** 1-based place in the statement. */
  rowNumber: number;
  /** COPY: the row's line(s) in the script; INSERT: the tuple in `StatementRows.sql`. */
  span: Span;
  /** 1-based script line where the row starts. */
  line: number;
  values: readonly (RowValue | string | null)[];
  defaults?: readonly number[];
}

export interface StatementRows {
  source: 'insert' | 'copy';
  /** INSERT: the statement text the row and value spans point into. */
  sql?: string;
  columns: string[] | null;
  overriding: 'system' | 'user' | null;
  rows: LiteralRow[];
}

export function statementRows(text: string, statement: ScriptStatement): StatementRows | null {
  const sql = statementText(text, statement);
  if (statement.kind === 'insert') return insertRows(sql, statement.line);
  if (statement.kind === 'copy' && statement.copyData) {
    const command = copyCommand(sql);
    if (!command) return null;
    const rows: LiteralRow[] = [];
    for (const row of readCopyRows(text, statement.copyData)) {
      rows.push({
        rowNumber: rows.length + 1,
        span: row.span,
        line: row.line,
        values: row.fields,
        ...(row.defaults ? { defaults: row.defaults } : {}),
      });
    }
    return { ...command, rows };
  }
  return null;
}

/** The rows of an INSERT ... VALUES whose text (as sent) is `sql`, starting at `line`. */
export function insertRows(sql: string, line: number): StatementRows | null {
  const insert = readInsertValues(sql);
  if (!insert) return null;
  // Row spans are offsets in the text that was read (the statement without excluded parts);
  // lines are counted there, which is exact unless a meta-command sat inside the statement.
  return {
    source: 'insert',
    columns: insert.columns,
    overriding: insert.overriding,
    sql: insert.text,
    rows: insert.rows.map((row, i) => ({
      rowNumber: i + 1,
      span: row.span,
      line: line + countNewlines(insert.text, 0, row.span.start),
      values: row.values,
    })),
  };
}

/** What a COPY ... FROM STDIN command says of its rows (its column list); null for another. */
export function copyCommand(sql: string): Omit<StatementRows, 'rows'> | null {
  const copy = findCopyFromStdin(sql);
  if (!copy) return null;
  const columns = copy.columns
    ? (readColumnList(sql, copy.columns.start + 1)?.columns ?? null)
    : null;
  return { source: 'copy', columns, overriding: null };
}
