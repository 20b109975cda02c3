// The literal rows a statement loads (INSERT ... VALUES or COPY FROM STDIN), with the script
// line of each and the column list they fill: what fix reorders and what check searches for
// parent keys. Null for statements whose rows are not literal.

import type { ScriptStatement, Span } from '../../model/script.js';
import { findCopyFromStdin } from '../../sql/copy-statement.js';
import { readCopyRows } from '../../sql/rows/copy-data.js';
import { readIdentifier } from '../../sql/rows/identifier.js';
import type { RowValue } from '../../sql/rows/row-value.js';
import { readInsertValues } from '../../sql/rows/values-insert.js';
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

function newlinesBefore(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** `(a, "B c")` → ['a', 'B c']. */
function columnList(text: string): string[] | null {
  const names: string[] = [];
  let pos = text.indexOf('(') + 1;
  for (;;) {
    while (/\s/.test(text[pos] ?? '')) pos++;
    const id = readIdentifier(text, pos);
    if (!id) return null;
    names.push(id.name);
    pos = id.end;
    while (/\s/.test(text[pos] ?? '')) pos++;
    if (text[pos] === ')') return names;
    if (text[pos] !== ',') return null;
    pos++;
  }
}

export function statementRows(text: string, statement: ScriptStatement): StatementRows | null {
  const sql = statementText(text, statement);
  if (statement.kind === 'insert') {
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
        line: statement.line + newlinesBefore(insert.text, row.span.start),
        values: row.values,
      })),
    };
  }
  if (statement.kind === 'copy' && statement.copyData) {
    const copy = findCopyFromStdin(sql);
    if (!copy) return null;
    const columns = copy.columns
      ? columnList(sql.slice(copy.columns.start, copy.columns.end))
      : null;
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
    return { source: 'copy', columns, overriding: null, rows };
  }
  return null;
}
