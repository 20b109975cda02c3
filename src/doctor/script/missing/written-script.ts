// A script as fix writes it, with the way back to the script the user wrote: which of the user's
// statements each statement of the result is, and which of its rows are left where rows were
// taken out. fix runs the result in the sandbox; this turns what that run reports into the
// user's statement, row and line.

import type { ScriptStatement } from '../../../model/script.js';
import type { StatementRows } from '../statement-rows.js';

export interface WrittenScript {
  /** The text that was run: the rewritten script, or the user's own when nothing changed. */
  text: string;
  /** Offset of a statement's first token in `text` → its index in the user's script. */
  origins: Map<number, number>;
  /** Statements that lost rows: the user's row numbers (1-based) left in them, in order. */
  keptRows: Map<number, number[]>;
  /**
   * Statements of `text` (by the offset of their first token) that load only some of their
   * user statement's rows, the others being in another statement of `text` (a split
   * self-reference): the user's row numbers each loads, in order.
   */
  rowsAt?: Map<number, number[]>;
}

/** The user's script unchanged: every statement is itself. */
export function unchangedScript(
  text: string,
  statements: readonly ScriptStatement[],
): WrittenScript {
  return {
    text,
    origins: new Map(statements.map((s) => [s.span.start, s.index])),
    keptRows: new Map(),
  };
}

export interface UserPlace {
  statementIndex: number;
  /** The row in the user's statement; null for a statement without literal rows. */
  rowNumber: number | null;
  /** 1-based line in the user's script: of the row when known, else of the statement. */
  line: number;
}

/**
 * Where a statement (and row) of the run comes from in the user's script; null for a
 * statement fix added (SET CONSTRAINTS, an UPDATE writing references back, a placeholder).
 */
export function userPlace(
  written: WrittenScript,
  run: { statements: readonly ScriptStatement[] },
  statementIndex: number,
  rowNumber: number | null,
  user: {
    statements: readonly ScriptStatement[];
    rowsOf: (index: number) => StatementRows | null;
  },
): UserPlace | null {
  const statement = run.statements[statementIndex];
  const origin = statement ? written.origins.get(statement.span.start) : undefined;
  if (origin === undefined) return null;
  const kept = written.rowsAt?.get(statement!.span.start) ?? written.keptRows.get(origin);
  const row = rowNumber === null ? null : kept ? (kept[rowNumber - 1] ?? null) : rowNumber;
  const line =
    row === null
      ? user.statements[origin]!.line
      : (user.rowsOf(origin)?.rows[row - 1]?.line ?? user.statements[origin]!.line);
  return { statementIndex: origin, rowNumber: row, line };
}
