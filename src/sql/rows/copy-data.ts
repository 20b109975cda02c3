// The rows of a COPY ... FROM STDIN data block, each with its source span and its fields as the
// server reads them, so that check/fix can see the keys a block writes and write the block
// back with its rows in another order, byte for byte.

import type { CopyData, Span } from '../../model/script.js';
import { CsvRowReader } from './copy-csv-format.js';
import { CopyCursor, CopyRowError } from './copy-cursor.js';
import { TextRowReader } from './copy-text-format.js';

export { CopyRowError, type CopyRowErrorCode } from './copy-cursor.js';

export interface CopyRow {
  /** 1-based script line of the row's first character. */
  line: number;
  /** The row's source line(s), with the line ending. */
  span: Span;
  /** The fields, unescaped; null for NULL (and for the DEFAULT marker). */
  fields: (string | null)[];
  /** Indexes of the fields that were COPY's DEFAULT marker: their column's default applies. */
  defaults?: number[];
}

export interface CopyReadOptions {
  /** The number of columns the COPY fills, when known: other field counts are errors. */
  columnCount?: number;
}

/**
 * The data rows of a block (not the header, not the `\.` line). Throws a CopyRowError, with the
 * script line, on a row the server would reject.
 */
export function* readCopyRows(
  text: string,
  copyData: CopyData,
  options: CopyReadOptions = {},
): Generator<CopyRow, void, undefined> {
  const cursor = new CopyCursor(text, copyData);
  const reader =
    copyData.format === 'csv'
      ? new CsvRowReader(
          cursor,
          copyData.delimiter,
          copyData.quote,
          copyData.escape,
          copyData.nullString,
        )
      : new TextRowReader(cursor, copyData.delimiter, copyData.nullString);
  let header = copyData.header;
  const { columnCount } = options;
  while (!cursor.atEnd()) {
    const start = cursor.pos;
    const line = cursor.line;
    cursor.defaults = null;
    const fields = reader.read();
    if (header) {
      header = false;
      continue;
    }
    if (columnCount !== undefined && fields.length !== columnCount) {
      throw fields.length > columnCount
        ? new CopyRowError('extra-data', line, 'extra data after last expected column')
        : new CopyRowError(
            'missing-data',
            line,
            `missing data for column ${fields.length + 1} of ${columnCount}`,
          );
    }
    const row: CopyRow = { line, span: { start, end: cursor.pos }, fields };
    if (cursor.defaults !== null) row.defaults = cursor.defaults;
    yield row;
  }
}

/**
 * The block's text (what `copyData.span` covers) with its rows in `rowOrder` (indexes into
 * the rows readCopyRows gives; pass them as `rows` when already read). The header before and
 * the `\.` line after stay; the identity order gives back the block byte for byte. A last row
 * without a line ending gets one when it no longer comes last.
 */
export function rebuildCopyBlock(
  text: string,
  copyData: CopyData,
  rowOrder: readonly number[],
  rows: readonly CopyRow[] = [...readCopyRows(text, copyData)],
): string {
  const { start, end } = copyData.span;
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (first === undefined || last === undefined) {
    if (rowOrder.length > 0) throw new RangeError('this COPY block has no rows');
    return text.slice(start, end);
  }
  const parts = [text.slice(start, first.span.start)];
  for (let i = 0; i < rowOrder.length; i++) {
    const row = rows[rowOrder[i]!];
    if (row === undefined) throw new RangeError(`no row ${rowOrder[i]} in this COPY block`);
    const rowText = text.slice(row.span.start, row.span.end);
    parts.push(rowText);
    const ending = rowText.charCodeAt(rowText.length - 1);
    if (i < rowOrder.length - 1 && ending !== 10 && ending !== 13)
      parts.push(lineEnding(text, first));
  }
  parts.push(text.slice(last.span.end, end));
  return parts.join('');
}

/** The block's own line ending, taken from its first row. */
function lineEnding(text: string, row: CopyRow): string {
  const rowText = text.slice(row.span.start, row.span.end);
  if (rowText.endsWith('\r\n')) return '\r\n';
  if (rowText.endsWith('\r')) return '\r';
  return '\n';
}
