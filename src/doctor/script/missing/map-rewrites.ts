// --missing-parents map, in the text: each mapped row's foreign-key values are replaced by the
// existing parent's key, and nothing else changes (the other values, the spacing, the comments
// stay byte for byte). An INSERT value is written as a number when it was one, else as a
// string literal; a text-format COPY field is escaped as COPY reads it. A comment before the
// statement says what was replaced and why. Works on top of the rewrites fix has made already.

import { type Catalog, findTable } from '../../../model/catalog.js';
import type { CopyData, ScriptStatement } from '../../../model/script.js';
import { lineComment, quoteIdent, quoteLiteral } from '../../../sql/quote.js';
import { readCopyRows } from '../../../sql/rows/copy-data.js';
import { readInsertValues } from '../../../sql/rows/values-insert.js';
import { statementText } from '../../../sql/split/index.js';
import { columnOrder, type Rewrites } from '../plan/null-then-update.js';
import type { StatementRows } from '../statement-rows.js';
import type { MappedRow } from './map-parents.js';

const number = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A value in COPY's text format: backslash escapes for what would end or split the field. */
function copyField(value: string, delimiter: string): string {
  let out = '';
  for (const ch of value) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === delimiter) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** A text-format COPY line's raw fields: a backslash keeps the next character in its field. */
function splitFields(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === delimiter) {
      fields.push(line.slice(start, i));
      start = i + 1;
    }
  }
  fields.push(line.slice(start));
  return fields;
}

/** The columns each mapped row's new values go to: their places in the statement's rows. */
function slotsOf(
  catalog: Catalog,
  row: MappedRow,
  rows: StatementRows,
): { slot: number; value: string }[] {
  const table = findTable(catalog, row.table);
  if (!table) throw new Error(`no table ${row.table.name}`);
  const order = columnOrder(table, rows);
  return row.columns.map((column, i) => {
    const slot = order.indexOf(column);
    // The row named this key, so its statement gives the column.
    if (slot < 0) throw new Error(`statement ${row.statementIndex} does not give ${column}`);
    return { slot, value: row.newKey[i]! };
  });
}

function note(row: MappedRow): string {
  const was = row.key.join(', ');
  const now = row.newKey.join(', ');
  const by = row.naturalColumns
    .map((c, i) => `${quoteIdent(c)} = ${quoteLiteral(row.naturalValues[i])}`)
    .join(' and ');
  const where =
    row.from.kind === 'child' ? 'this row' : `the script's row at line ${row.from.line}`;
  return `fkdoctor: row ${row.rowNumber} (line ${row.line}): ${row.columns.map(quoteIdent).join(', ')} ${was} → ${now}, the existing ${row.parentTable.name} row with ${by} (from ${where}; ${row.constraint})`;
}

export function withMappedRows(
  text: string,
  statements: readonly ScriptStatement[],
  catalog: Catalog,
  base: Rewrites,
  mapped: readonly MappedRow[],
  rowsOf: (index: number) => StatementRows | null,
): Rewrites {
  const out: Rewrites = {
    ...base,
    statementText: new Map(base.statementText),
    copyData: new Map(base.copyData),
    before: new Map(base.before ?? []),
  };
  const byStatement = new Map<number, MappedRow[]>();
  for (const row of mapped) {
    byStatement.set(row.statementIndex, [...(byStatement.get(row.statementIndex) ?? []), row]);
  }
  for (const [index, rows] of byStatement) {
    const statement = statements[index]!;
    const shape = rowsOf(index);
    if (!shape) throw new Error(`statement ${index} loads no literal rows`);
    if (statement.kind === 'insert') {
      // Read again from the text as rewritten so far: earlier rewrites keep every row in place.
      const sql = out.statementText.get(index) ?? statementText(text, statement);
      const parsed = readInsertValues(sql);
      if (!parsed) throw new Error(`statement ${index} is not an INSERT ... VALUES`);
      const edits: { start: number; end: number; text: string }[] = [];
      for (const row of rows) {
        const values = parsed.rows[row.rowNumber - 1]!.values;
        for (const { slot, value } of slotsOf(catalog, row, shape)) {
          const old = values[slot]!;
          const literal = old.kind === 'number' && number.test(value) ? value : quoteLiteral(value);
          edits.push({ ...old.span, text: literal });
        }
      }
      let sqlOut = sql;
      for (const edit of edits.sort((a, b) => b.start - a.start)) {
        sqlOut = sqlOut.slice(0, edit.start) + edit.text + sqlOut.slice(edit.end);
      }
      out.statementText.set(index, sqlOut);
    } else {
      const copy = statement.copyData!;
      const data = out.copyData.get(index) ?? text.slice(copy.span.start, copy.span.end);
      const block: CopyData = { ...copy, span: { start: 0, end: data.length }, line: 1 };
      const all = [...readCopyRows(data, block)];
      const edits = new Map<number, { slot: number; value: string }[]>();
      for (const row of rows) edits.set(row.rowNumber - 1, slotsOf(catalog, row, shape));
      let body = '';
      let at = 0;
      all.forEach((copyRow, i) => {
        const change = edits.get(i);
        if (!change) return;
        body += data.slice(at, copyRow.span.start);
        const raw = data.slice(copyRow.span.start, copyRow.span.end);
        const ending = /\r?\n$/.exec(raw)?.[0] ?? '';
        const fields = splitFields(raw.slice(0, raw.length - ending.length), copy.delimiter);
        for (const { slot, value } of change) fields[slot] = copyField(value, copy.delimiter);
        body += fields.join(copy.delimiter) + ending;
        at = copyRow.span.end;
      });
      out.copyData.set(index, body + data.slice(at));
    }
    const notes = rows
      .slice(0, 20)
      .map((row) => `${lineComment(note(row))}\n`)
      .concat(
        rows.length > 20 ? [`${lineComment(`fkdoctor: and ${rows.length - 20} more rows`)}\n`] : [],
      );
    out.before!.set(index, [...(out.before!.get(index) ?? []), ...notes]);
  }
  return out;
}
