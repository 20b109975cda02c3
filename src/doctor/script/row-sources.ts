// A statement's rows as failing-rows.ts replays them, with the script line of each row: the
// `(` of each VALUES row, or the start of each COPY data line.

import type { CopyData, ScriptStatement } from '../../model/script.js';
import { findInsert } from '../../sql/insert-statement.js';
import { CopyRowError, readCopyRows } from '../../sql/rows/copy-data.js';
import { copyPayload } from './copy-data.js';
import type { RowSource } from './failing-rows.js';
import type { LineIndex } from './line-index.js';

/** An INSERT's rows; null when the statement is not an INSERT fkdoctor can read. */
export function insertRowSource(
  statement: ScriptStatement,
  sql: string,
  toScript: (offset: number) => number,
  lines: LineIndex,
): RowSource | null {
  const insert = findInsert(sql);
  if (!insert) return null;
  const rowLines = insert.valuesRows?.map((row) => lines.lineAt(toScript(row.start))) ?? null;
  return { kind: 'insert', sql, statementIndex: statement.index, line: statement.line, rowLines };
}

/** A COPY's rows (the header line is not a row). */
export function copyRowSource(
  statement: ScriptStatement,
  sql: string,
  text: string,
): RowSource | null {
  const copy = statement.copyData;
  if (!copy) return null;
  return {
    kind: 'copy',
    sql,
    data: copyPayload(text, copy),
    statementIndex: statement.index,
    line: copy.line,
    rowLines: rowLines(text, copy),
  };
}

/** The line of each row, up to a row the server would reject (the rows after it never load). */
function rowLines(text: string, copy: CopyData): number[] {
  const lines: number[] = [];
  try {
    for (const row of readCopyRows(text, copy)) lines.push(row.line);
  } catch (error) {
    if (!(error instanceof CopyRowError)) throw error;
  }
  return lines;
}
