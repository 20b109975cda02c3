// A COPY ... FROM STDIN whose data is too big to hold, sent as several COPY commands with the
// same header, each a run of whole rows, and reported as the one statement psql would have run.
//
// psql loads a COPY all or nothing, so the pieces run under the statement's one savepoint (the
// caller's) and each under a savepoint of its own, so that a failing piece does not stop the
// search: once a piece breaks a foreign key, every later piece is replayed for its failing rows
// too, with row numbers and lines shifted to the whole statement's. Which error the statement
// reports is the one the whole COPY would have raised: a data error (bad value, duplicate key)
// aborts a COPY at once, before any foreign-key check; the non-deferred foreign-key checks fire
// when the COPY ends, the deferred ones after it (psql's own commit, outside BEGIN ... COMMIT).
//
// Valid only for a table that does not reference itself (a row could find its parent in another
// piece only after it was checked): the caller decides. Not seen as the whole COPY would see
// them: a duplicate key between a row of a piece rolled back for a foreign-key failure and a
// later row; inside BEGIN ... COMMIT, rows of pieces loaded before the first failing piece that
// break only a deferred foreign key, and this COPY's rows at a failing COMMIT (they are gone).
// With several foreign keys on the table: which of two failing in one piece names the error,
// and which rows are listed when there are more than `rowLimit` (each piece fills the list
// in turn, where the whole COPY fills it one foreign key at a time).

import type { CopyData, ScriptStatement } from '../../model/script.js';
import { CopyRowError, readCopyRows } from '../../sql/rows/copy-data.js';
import { copyRowEnds } from '../../sql/rows/copy-row-ends.js';
import { copyLineOf } from './copy-data.js';
import { findFailingRows } from './failing-rows.js';
import type { FailingRow, FailingRows, StatementError } from './outcome.js';
import type { SandboxState } from './sandbox-state.js';
import { statementErrorOf } from './statement-error.js';

export interface CopyPiece {
  /** Whole rows of the data, in order; the first piece starts with the header, if any. */
  text: string;
  /** Script line of the piece's first character. */
  line: number;
  /** Rows in `text`, the header counted. */
  rows: number;
}

/** The statement failed: its error, the failing rows of all pieces, and the line to report. */
export class CopyPiecesFailure extends Error {
  override readonly name = 'CopyPiecesFailure';

  constructor(
    readonly error: StatementError,
    readonly failingRows: FailingRows | null,
    readonly line: number,
    /** The error came from a deferred check (psql's commit of the statement). */
    readonly deferred: boolean,
  ) {
    super(error.message);
  }
}

const PIECE_SAVEPOINT = 'fkdoctor_piece';

interface Found {
  error: StatementError;
  line: number;
}

/**
 * Sends every piece; returns the rows copied, or throws CopyPiecesFailure. Only the failing
 * pieces are undone here: the caller rolls the others back with its statement savepoint.
 */
export async function sendInPieces(
  state: SandboxState,
  statement: ScriptStatement,
  sql: string,
  copyFrom: (sql: string, data: string) => Promise<number>,
  pieces: AsyncIterable<CopyPiece>,
): Promise<number> {
  const { tx } = state;
  const copy = statement.copyData!;
  const outside = state.block === null;
  // The first piece's check makes every constraint immediate for the next pieces; the whole COPY
  // would have met the initially deferred ones only after its last row.
  const deferredAtStart =
    outside && !state.constraintsForced ? await initiallyDeferred(state) : new Set<string>();
  let header = '';
  let rowsBefore = 0;
  let copied = 0;
  let first = true;
  let immediate: Found | null = null;
  let deferredFound: Found | null = null;
  const rows: FailingRow[] = [];
  let total = 0;
  let replayed = false;
  for await (const piece of pieces) {
    if (first && copy.header) header = piece.text.slice(0, copyRowEnds(piece.text, copy, 1).end);
    const withHeader = !first && copy.header;
    const sent = withHeader ? header + piece.text : piece.text;
    const lineOf = (error: StatementError) => {
      // The server counts the lines of what it was sent, the header put in front included.
      const n = copyLineOf(error.where);
      return n === null ? copy.line : piece.line + n - 1 - (withHeader ? 1 : 0);
    };
    let failed: { error: StatementError; deferred: boolean } | null = null;
    let checking = false;
    await tx.exec(`savepoint ${PIECE_SAVEPOINT}`);
    try {
      copied += await copyFrom(sql, sent);
      if (outside) {
        // As psql's commit of the whole COPY would: the deferred checks of these rows fire now.
        checking = true;
        await tx.exec('set constraints all immediate');
        state.constraintsForced = true;
      }
      await tx.exec(`release savepoint ${PIECE_SAVEPOINT}`);
    } catch (caught) {
      failed = { error: statementErrorOf(caught), deferred: checking };
      await tx.exec(
        `rollback to savepoint ${PIECE_SAVEPOINT}; release savepoint ${PIECE_SAVEPOINT}`,
      );
    }
    if (failed) {
      const { error } = failed;
      // Checks deferred to the end of the statement's transaction, a deferrable UNIQUE too.
      const late = failed.deferred || deferredAtStart.has(error.constraint ?? '');
      if (!late && !error.violation) {
        // A data error aborts the COPY where it stands: the first one is the statement's error.
        throw new CopyPiecesFailure(error, null, lineOf(error), false);
      }
      const found = { error, line: lineOf(error) };
      if (late) deferredFound ??= found;
      else immediate ??= found;
    }
    const firstFailure = immediate ?? deferredFound;
    if (firstFailure && wantsRows(state, firstFailure.error)) {
      const source = {
        kind: 'copy' as const,
        sql,
        data: sent,
        statementIndex: statement.index,
        line: copy.line,
        rowLines: rowLines(piece, copy, first),
      };
      const found = await findFailingRows(tx, [source], {
        limit: Math.max(0, state.rowLimit - rows.length),
      });
      if (found) {
        replayed = true;
        total += found.total;
        for (const row of found.rows) rows.push({ ...row, rowNumber: row.rowNumber + rowsBefore });
      }
    }
    rowsBefore += piece.rows - (first && copy.header ? 1 : 0);
    first = false;
  }
  const chosen = immediate ?? deferredFound;
  if (chosen) {
    const listed = replayed && wantsRows(state, chosen.error) ? { rows, total } : null;
    throw new CopyPiecesFailure(chosen.error, listed, chosen.line, chosen !== immediate);
  }
  return copied;
}

/** Names of the constraints that are deferred until the transaction (psql's commit) ends. */
async function initiallyDeferred(state: SandboxState): Promise<Set<string>> {
  const { rows } = await state.tx.query<{ name: string }>(
    'select conname as name from pg_catalog.pg_constraint where condeferred',
  );
  return new Set(rows.map((row) => row.name));
}

/** The failures whose rows the whole statement's replay would list (see runGuarded). */
function wantsRows(state: SandboxState, error: StatementError): boolean {
  const kind = error.violation?.kind;
  return state.rowLimit > 0 && (kind === 'missing-parent' || kind === 'match-full');
}

/** The script line of each data row of the piece, up to a row the server would reject. */
function rowLines(piece: CopyPiece, copy: CopyData, first: boolean): number[] {
  const data: CopyData = {
    ...copy,
    span: { start: 0, end: piece.text.length },
    line: piece.line,
    header: first && copy.header,
  };
  delete data.terminator;
  const lines: number[] = [];
  try {
    for (const row of readCopyRows(piece.text, data)) lines.push(row.line);
  } catch (error) {
    if (!(error instanceof CopyRowError)) throw error;
  }
  return lines;
}
