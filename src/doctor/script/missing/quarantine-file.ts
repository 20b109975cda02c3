// The quarantine file: the rows fix took out of the script, unchanged, as a psql script that
// loads them once their parents exist. Each statement is the original INSERT or COPY header with
// only those rows, preceded by one comment per row (file:line, constraint, the key with no
// parent, or the quarantined row it references). Statements come parents first (by the tables'
// FK levels, then the fixed script's order), so descendants load after the rows they need; the
// script's own settings (search_path, standard_conforming_strings, psql variables) come first.

import { type QualifiedName, qualifiedKey } from '../../../model/catalog.js';
import type { ScriptStatement } from '../../../model/script.js';
import { lineComment, quoteIdent, quoteQualified } from '../../../sql/quote.js';
import { rebuildCopyBlock } from '../../../sql/rows/copy-data.js';
import { readInsertValues, rebuildInsert } from '../../../sql/rows/values-insert.js';
import { statementText } from '../../../sql/split/index.js';
import type { QuarantinedRow } from './quarantine-selection.js';

/** SET commands that only mean something inside the script's own transaction. */
const transactionOnly = /^\s*set\s+(constraints|local|transaction|session\s+characteristics)\b/i;

function settings(text: string, statements: readonly ScriptStatement[], upTo: number): string[] {
  const out: string[] = [];
  for (const statement of statements.slice(0, upTo)) {
    const sql = text.slice(statement.span.start, statement.span.end);
    const setting = statement.kind === 'set' && !transactionOnly.test(sql);
    const variable =
      statement.kind === 'meta' && (statement.meta === 'set' || statement.meta === 'unset');
    if (setting || variable) out.push(sql.endsWith('\n') ? sql : `${sql}\n`);
  }
  return out;
}

const name = (table: QualifiedName) => quoteQualified(table, { omitSchema: 'public' });
const columnList = (columns: readonly string[]) => columns.map(quoteIdent).join(', ');

function rowComment(row: QuarantinedRow, file: string): string {
  const key = `${name(row.parentTable)} (${columnList(row.parentColumns)}) = (${row.key.join(', ')})`;
  const why = row.parentRow
    ? `references ${key}, a row taken out too (${file}:${row.parentRow.line})`
    : `${key} is inserted nowhere in the script`;
  return `${lineComment(`${file}:${row.line} (row ${row.rowNumber}): ${row.constraint}: ${why}`)}\n`;
}

function statementWithRows(text: string, statement: ScriptStatement, rowNumbers: number[]): string {
  const order = rowNumbers.map((n) => n - 1);
  if (statement.kind === 'insert') {
    const parsed = readInsertValues(statementText(text, statement))!;
    const sql = rebuildInsert(parsed, order);
    return sql.endsWith('\n') ? sql : `${sql}\n`;
  }
  const copy = statement.copyData!;
  const header = text.slice(statement.span.start, copy.span.start);
  let block = rebuildCopyBlock(text, copy, order);
  // Data that ran to the end of the script has no `\.`: here more statements follow.
  if (!copy.terminator) {
    if (!block.endsWith('\n')) block += '\n';
    block += '\\.\n';
  }
  return `${header.endsWith('\n') ? header : `${header}\n`}${block}`;
}

export function quarantineScript(
  text: string,
  statements: readonly ScriptStatement[],
  file: string | null,
  rows: readonly QuarantinedRow[],
  levels: ReadonlyMap<string, number>,
  order: readonly number[],
): string {
  const where = file ?? 'stdin';
  const byStatement = new Map<number, QuarantinedRow[]>();
  for (const row of rows) {
    byStatement.set(row.statementIndex, [...(byStatement.get(row.statementIndex) ?? []), row]);
  }
  const slot = new Map(order.map((statement, i) => [statement, i]));
  const level = (index: number) => levels.get(qualifiedKey(byStatement.get(index)![0]!.table)) ?? 0;
  const indexes = [...byStatement.keys()].sort(
    (a, b) => level(a) - level(b) || (slot.get(a) ?? a) - (slot.get(b) ?? b) || a - b,
  );
  const parts = [
    `${lineComment(`fkdoctor quarantine: rows taken out of ${where} because the parent they reference is inserted nowhere in it,`)}\n`,
    `${lineComment('and the rows that reference those rows. Every row is as the script wrote it.')}\n`,
    `${lineComment('Load it once the missing parents exist: psql -v ON_ERROR_STOP=1 -f <this file>')}\n`,
  ];
  const set = settings(text, statements, Math.max(...indexes) + 1);
  if (set.length > 0)
    parts.push(`\n${lineComment("The script's settings before these rows:")}\n`, ...set);
  for (const index of indexes) {
    const group = byStatement.get(index)!.sort((a, b) => a.rowNumber - b.rowNumber);
    parts.push('\n', ...group.map((row) => rowComment(row, where)));
    parts.push(
      statementWithRows(
        text,
        statements[index]!,
        group.map((row) => row.rowNumber),
      ),
    );
  }
  return parts.join('');
}
