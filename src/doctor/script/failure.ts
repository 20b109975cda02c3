// The failures `fkdoctor check` reports: one per statement that failed in the sandbox, with the
// place in the script (the failing row's line when known), what kind of failure it is, the
// server's own words, and for a foreign key the violation and every failing row.

import type { ScriptStatement } from '../../model/script.js';
import type { Violation } from '../../model/violation.js';
import type { FailingRow, StatementOutcome } from './outcome.js';

export type FailureKind = 'foreign-key' | 'unique' | 'syntax' | 'other';

export interface ScriptFailure {
  statementIndex: number;
  /** The script's file name as the caller gave it, or null. */
  file: string | null;
  /** 1-based line: of the first failing row, of the error's position, or of the statement. */
  line: number;
  /** The statement's first line, shortened to 80 characters. */
  statementText: string;
  kind: FailureKind;
  /** SQLSTATE, e.g. `23503`. */
  sqlstate: string;
  message: string;
  detail: string | null;
  constraint: string | null;
  violation?: Violation;
  /** Every row that breaks a foreign key (capped; see `rowsTotal`). */
  rows?: FailingRow[];
  /** How many failing rows there are in all. */
  rowsTotal?: number;
  /** A failure at COMMIT: the transaction block it closes, BEGIN to COMMIT. */
  block?: { beginIndex: number; beginLine: number; endIndex: number };
  /** The check that failed was deferred (to COMMIT, or to psql's own commit of the statement). */
  deferred: boolean;
  notes: string[];
}

const MAX_TEXT = 80;

export function failureKind(sqlstate: string): FailureKind {
  // 23503 foreign_key_violation; 23001 restrict_violation is how PG 18 reports ON ... RESTRICT.
  if (sqlstate === '23503' || sqlstate === '23001') return 'foreign-key';
  if (sqlstate === '23505') return 'unique';
  if (sqlstate === '42601') return 'syntax';
  return 'other';
}

/**
 * The sandbox stopped the statement, not its data: statement_timeout or another cancel (class
 * 57), or the server ran short of something (class 53). Its rows were never checked, so a run
 * with such a failure proves nothing about them.
 */
export function stoppedBySandbox(failure: { sqlstate: string }): boolean {
  return failure.sqlstate.startsWith('57') || failure.sqlstate.startsWith('53');
}

/** The first line of the statement's text, shortened for a one-line report. */
export function statementExcerpt(text: string, statement: ScriptStatement): string {
  const body = text.slice(statement.span.start, statement.span.end).trimStart();
  const first = body.split(/\r?\n/, 1)[0]!.trimEnd();
  const more = first.length < body.trimEnd().length;
  if (first.length > MAX_TEXT) return `${first.slice(0, MAX_TEXT - 1)}…`;
  return more ? `${first} …` : first;
}

export function scriptFailures(
  text: string,
  statements: ScriptStatement[],
  outcomes: StatementOutcome[],
  options: { file?: string } = {},
): ScriptFailure[] {
  const byIndex = new Map(statements.map((s) => [s.index, s]));
  const failures: ScriptFailure[] = [];
  for (const outcome of outcomes) {
    if (outcome.status !== 'error') continue;
    const statement = byIndex.get(outcome.index);
    const { error } = outcome;
    const begin = outcome.block ? byIndex.get(outcome.block.beginIndex) : undefined;
    failures.push({
      statementIndex: outcome.index,
      file: options.file ?? null,
      line: outcome.line,
      statementText: statement ? statementExcerpt(text, statement) : '',
      kind: failureKind(error.code),
      sqlstate: error.code,
      message: error.message,
      detail: error.detail,
      constraint: error.constraint,
      ...(error.violation ? { violation: error.violation } : {}),
      ...(outcome.failingRows
        ? { rows: outcome.failingRows.rows, rowsTotal: outcome.failingRows.total }
        : {}),
      ...(outcome.block
        ? {
            block: {
              beginIndex: outcome.block.beginIndex,
              beginLine: begin?.line ?? outcome.line,
              endIndex: outcome.block.endIndex,
            },
          }
        : {}),
      deferred: outcome.deferred ?? false,
      notes: outcome.notes,
    });
  }
  return failures;
}
