// What happened to each statement of a script run in the sandbox (run-statements.ts).

import type { Violation } from '../../model/violation.js';

/** The server's structured error fields, as the statement's error carried them. */
export interface StatementError {
  /** SQLSTATE, e.g. `23503`; fkdoctor's own emulation uses the server's codes too. */
  code: string;
  message: string;
  detail: string | null;
  hint: string | null;
  constraint: string | null;
  table: string | null;
  schema: string | null;
  column: string | null;
  /** 1-based character position in the statement text that was sent, as the server gave it. */
  position: number | null;
  /** The server's context line (`COPY orders, line 3, column id: "x"`, PL/pgSQL frames). */
  where: string | null;
  /** The foreign-key violation read from the error, when it is one. */
  violation: Violation | null;
}

/** One row of a multi-row INSERT or COPY that breaks a foreign key. */
export interface FailingRow {
  /** The statement the row belongs to (for a failure at COMMIT: a statement of the block). */
  statementIndex: number;
  /** 1-based place of the row in its statement: the VALUES row, or the COPY data row (a header is not a row). */
  rowNumber: number;
  /** 1-based line in the script where the row starts (the statement's line for INSERT ... SELECT). */
  line: number;
  constraint: string;
  /** The foreign-key columns and the row's values in them, as text; null is SQL NULL. */
  columns: string[];
  key: (string | null)[];
}

/** Every failing row of a statement that fkdoctor could find (failing-rows.ts). */
export interface FailingRows {
  rows: FailingRow[];
  /** How many failing rows there are in all; more than `rows.length` when the list was capped. */
  total: number;
}

interface OutcomeBase {
  /** Index of the statement in the script (ScriptStatement.index). */
  index: number;
  /** Things the user should know about how the statement was run: emulation, substitutions. */
  notes: string[];
}

export interface OkOutcome extends OutcomeBase {
  status: 'ok';
  /** Rows written, copied or returned; null for what is not a command sent to the server. */
  rowCount: number | null;
}

export interface ErrorOutcome extends OutcomeBase {
  status: 'error';
  error: StatementError;
  /** The script line the failure points at: the failing row, the error's position, or the statement. */
  line: number;
  /** For an FK failure of an INSERT or COPY (or of a COMMIT): every row that breaks an FK. */
  failingRows?: FailingRows;
  /** For a failure at the script's COMMIT: the transaction block it closes. */
  block?: { beginIndex: number; endIndex: number };
  /** True when the error came from a deferred check at the end of a transaction. */
  deferred?: boolean;
}

export interface SkippedOutcome extends OutcomeBase {
  status: 'skipped';
  /** Why the statement was not run. */
  reason: string;
}

export type StatementOutcome = OkOutcome | ErrorOutcome | SkippedOutcome;

/** How many statements of a run ran fine (ok), were not run (skipped) or failed (error). */
export type OutcomeCounts = Record<StatementOutcome['status'], number>;

export function countOutcomes(outcomes: readonly StatementOutcome[]): OutcomeCounts {
  const counts: OutcomeCounts = { ok: 0, skipped: 0, error: 0 };
  for (const outcome of outcomes) counts[outcome.status]++;
  return counts;
}
