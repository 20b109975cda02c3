// Writes the pieces of a split self-reference (row-pieces.ts): the first piece of each statement
// is the statement with only those rows (the text around and between them as it was); each later
// piece is a copy of its statement with its rows, written after the statement of the piece before
// it, under a comment that says where its rows come from. Works on top of the rewrites fix has
// made already (a cycle's references loaded as NULL keep every row in its place).

import type { CopyData, ScriptStatement } from '../../../model/script.js';
import { lineComment } from '../../../sql/quote.js';
import { readCopyRows, rebuildCopyBlock } from '../../../sql/rows/copy-data.js';
import { readInsertValues, rebuildInsert } from '../../../sql/rows/values-insert.js';
import { statementText } from '../../../sql/split/index.js';
import { statementRows } from '../statement-rows.js';
import type { RowSplit } from './fix-plan.js';
import type { Rewrites } from './null-then-update.js';
import type { SelfReferenceOrder } from './self-reference.js';

/** `row 2 (line 3)`, `rows 1, 4 (lines 7, 10)`: a few rows of a statement, named. */
function named(rows: readonly number[], lines: readonly number[]): string {
  const shown = rows.slice(0, 6).map((r) => r + 1);
  const more = rows.length > shown.length ? ` and ${rows.length - shown.length} more` : '';
  const where = rows
    .slice(0, 6)
    .map((r) => lines[r])
    .join(', ');
  return rows.length === 1
    ? `row ${shown[0]} (line ${where})`
    : `rows ${shown.join(', ')}${more} (lines ${where}${more ? ', …' : ''})`;
}

interface Piecewise {
  /** The statement with only these rows (INSERT: its text; COPY: its data block). */
  rebuild(rows: number[]): string;
  /** A whole statement loading these rows, to write elsewhere. */
  copyOf(rows: number[]): string;
}

function piecewise(text: string, statement: ScriptStatement, base: Rewrites): Piecewise | null {
  if (statement.kind === 'insert') {
    const sql = base.statementText.get(statement.index) ?? statementText(text, statement);
    const parsed = readInsertValues(sql);
    if (!parsed) return null;
    const end = statement.unterminated ? ';' : '';
    return {
      rebuild: (rows) => rebuildInsert(parsed, rows),
      copyOf: (rows) => `${rebuildInsert(parsed, rows)}${end}\n`,
    };
  }
  const copy = statement.copyData;
  if (statement.kind !== 'copy' || !copy) return null;
  const data = base.copyData.get(statement.index) ?? text.slice(copy.span.start, copy.span.end);
  // The block read on its own: only the span moves; the format stays the statement's.
  const block: CopyData = { ...copy, span: { start: 0, end: data.length }, line: 1 };
  const all = [...readCopyRows(data, block)];
  const head =
    (base.statementText.get(statement.index) ?? statementText(text, statement)) +
    text.slice(statement.span.end, copy.span.start);
  return {
    rebuild: (rows) => rebuildCopyBlock(data, block, rows, all),
    copyOf: (rows) => {
      let body = rebuildCopyBlock(data, block, rows, all);
      if (!copy.terminator) body += `${body.endsWith('\n') ? '' : '\n'}\\.\n`;
      return `${head.endsWith('\n') ? head : `${head}\n`}${body}`;
    },
  };
}

/**
 * The rewrites for every split order, on top of `base`, with `pieceRows` and `afterPieces` saying
 * which of the user's rows each piece loads (how a sandbox run is traced back to the user's rows).
 */
export function splitRewrites(
  text: string,
  statements: readonly ScriptStatement[],
  orders: readonly SelfReferenceOrder[],
  base: Rewrites,
): { rewrites: Rewrites; splits: RowSplit[] } {
  const out: Rewrites = {
    statementText: new Map(base.statementText),
    copyData: new Map(base.copyData),
    after: new Map(base.after),
    before: new Map(base.before ?? []),
    pieceRows: new Map(base.pieceRows ?? []),
    afterPieces: new Map(base.afterPieces ?? []),
  };
  const splits: RowSplit[] = [];
  for (const order of orders) {
    if (!order.split) continue;
    const constraint = order.edge.fk.name;
    const seen = new Set<number>();
    const attached = new Map<number, string[]>();
    let host = -1;
    // Each statement is read once, however many pieces it gives.
    const read = new Map<number, { writer: Piecewise; lines: number[] }>();
    for (const piece of order.split) {
      const statement = statements[piece.statement]!;
      if (!read.has(piece.statement)) {
        const writer = piecewise(text, statement, base);
        if (!writer) throw new Error(`statement ${piece.statement} loads no literal rows`);
        const lines = statementRows(text, statement)!.rows.map((r) => r.line);
        read.set(piece.statement, { writer, lines });
      }
      const { writer, lines } = read.get(piece.statement)!;
      const total = lines.length;
      if (!seen.has(piece.statement)) {
        // Its first piece: the statement itself, with these rows.
        seen.add(piece.statement);
        host = piece.statement;
        if (piece.rows.length === total) continue;
        const rebuilt = writer.rebuild(piece.rows);
        if (statement.kind === 'insert') out.statementText.set(piece.statement, rebuilt);
        else out.copyData.set(piece.statement, rebuilt);
        out.pieceRows!.set(
          piece.statement,
          piece.rows.map((r) => r + 1),
        );
        const kept = new Set(piece.rows);
        const rest = [...Array(total).keys()].filter((r) => !kept.has(r));
        out.before!.set(piece.statement, [
          ...(out.before!.get(piece.statement) ?? []),
          `${lineComment(`fkdoctor: ${named(rest, lines)} of the next statement ${rest.length === 1 ? 'is' : 'are'} loaded further down, after the rows ${rest.length === 1 ? 'it references' : 'they reference'} (${constraint})`)}\n`,
        ]);
        continue;
      }
      const note = `fkdoctor: ${named(piece.rows, lines)} of the statement at line ${statement.line}, split off to follow the rows ${piece.rows.length === 1 ? 'it references' : 'they reference'} (${constraint})`;
      const head = `${lineComment(note)}\n`;
      const entry = `${head}${writer.copyOf(piece.rows)}`;
      out.afterPieces!.set(entry, {
        statement: piece.statement,
        rows: piece.rows.map((r) => r + 1),
        offset: head.length,
      });
      attached.set(host, [...(attached.get(host) ?? []), entry]);
    }
    // The pieces go first after their statement: an UPDATE fix adds there may need their rows.
    for (const [at, pieces] of attached)
      out.after.set(at, [...pieces, ...(out.after.get(at) ?? [])]);
    splits.push({ table: order.table, constraint, pieces: order.split });
  }
  return { rewrites: out, splits };
}
