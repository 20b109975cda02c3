// Writes the fixed script: every statement's own bytes (its leading comments, the statement,
// the rest of its line, COPY data) in the planned order, plus the few lines fkdoctor adds
// (SET CONSTRAINTS, a wrapping transaction), each marked with a comment.

import type { ScriptStatement, Span } from '../../../model/script.js';
import { quoteIdent } from '../../../sql/quote.js';
import type { Deferral, FixPlan } from './fix-plan.js';
import type { Rewrites } from './null-then-update.js';

/**
 * Where each statement's bytes end: where the next one's (in the text) begin. A meta-command
 * inside an unfinished statement comes before it in `statements` (psql runs it first) but its
 * bytes are the statement's: it gets none of its own (`end === start`). So does a statement
 * written on a COPY's line, before its data: its bytes stay between the COPY and its data.
 */
/** Where a statement's own text ends: its data's end for a COPY ... FROM stdin. */
const extentEnd = (statement: ScriptStatement) =>
  statement.copyData?.span.end ?? statement.span.end;

export function chunkEnds(statements: readonly ScriptStatement[], trailing: Span): Int32Array {
  const ends = new Int32Array(statements.length);
  const byStart = statements
    .map((_, i) => i)
    .sort((a, b) => statements[a]!.leading.start - statements[b]!.leading.start || a - b);
  let open = -1;
  for (const i of byStart) {
    const statement = statements[i]!;
    if (open >= 0 && statement.leading.start < extentEnd(statements[open]!)) {
      ends[i] = statement.leading.start; // inside the open statement: its bytes are that one's
      continue;
    }
    if (open >= 0) ends[open] = statement.leading.start;
    open = i;
  }
  if (open >= 0) ends[open] = trailing.start;
  return ends;
}

/**
 * Statement `i`'s bytes: from its leading trivia to where the next statement's begin, with
 * its text or COPY data replaced where the plan rewrote its rows.
 */
function chunk(
  text: string,
  statements: ScriptStatement[],
  end: number,
  i: number,
  rewrites: Rewrites | null,
): string {
  const statement = statements[i]!;
  if (end <= statement.leading.start) return '';
  const newText = rewrites?.statementText.get(i);
  const newData = rewrites?.copyData.get(i);
  if (newText === undefined && newData === undefined)
    return text.slice(statement.leading.start, end);
  const data = statement.copyData?.span;
  return [
    text.slice(statement.leading.start, statement.span.start),
    newText ?? text.slice(statement.span.start, statement.span.end),
    text.slice(statement.span.end, data?.start ?? end),
    data ? (newData ?? text.slice(data.start, data.end)) : '',
    data ? text.slice(data.end, end) : '',
  ].join('');
}

function setConstraints(deferral: Deferral): string {
  const names = deferral.edges.map(
    (e) => `${quoteIdent(e.fk.table.schema)}.${quoteIdent(e.fk.name)}`,
  );
  const unique = [...new Set(names)];
  return `SET CONSTRAINTS ${unique.join(', ')} DEFERRED;  -- fkdoctor: checked at COMMIT (cycle)\n`;
}

/** --allow-schema-changes: make the constraints deferrable for the load, then put them back. */
function alterConstraints(deferral: Deferral, to: 'DEFERRABLE' | 'NOT DEFERRABLE'): string {
  const why =
    to === 'DEFERRABLE'
      ? 'made DEFERRABLE for this load only (--allow-schema-changes): the cycle has no nullable or deferrable edge'
      : 'back to NOT DEFERRABLE, as it was';
  return deferral.alter
    .map(
      (e) =>
        `ALTER TABLE ${quoteIdent(e.fk.table.schema)}.${quoteIdent(e.fk.table.name)} ALTER CONSTRAINT ${quoteIdent(e.fk.name)} ${to};  -- fkdoctor: ${why}\n`,
    )
    .join('');
}

/**
 * `origins`, when given, is filled with where each statement's first token lands in the
 * result (offset → its index in `statements`): how a run of the result is traced back to the
 * script the user wrote; `rowsAt`, with the user's row numbers a statement there loads when it
 * loads only some of them (rows split for a self-reference).
 */
export function writeFixedScript(
  text: string,
  statements: ScriptStatement[],
  trailing: Span,
  plan: FixPlan,
  rewrites: Rewrites | null = null,
  origins: Map<number, number> | null = null,
  rowsAt: Map<number, number[]> | null = null,
): string {
  const before = new Map<number, string[]>();
  const after = new Map<number, string[]>();
  const push = (map: Map<number, string[]>, at: number, line: string) => {
    map.set(at, [...(map.get(at) ?? []), line]);
  };
  const slotOf = new Map(plan.order.map((statement, slot) => [statement, slot]));
  for (const deferral of plan.deferrals) {
    if (deferral.afterBegin !== null) {
      push(
        after,
        deferral.afterBegin,
        alterConstraints(deferral, 'DEFERRABLE') + setConstraints(deferral),
      );
      if (deferral.commit !== null)
        push(after, deferral.commit, alterConstraints(deferral, 'NOT DEFERRABLE'));
    } else if (deferral.wrap) {
      const slots = [];
      for (let i = deferral.wrap.first; i <= deferral.wrap.last; i++) slots.push(slotOf.get(i)!);
      const first = plan.order[Math.min(...slots)]!;
      const last = plan.order[Math.max(...slots)]!;
      push(
        before,
        first,
        `BEGIN;  -- fkdoctor: one transaction for the deferred check\n${alterConstraints(deferral, 'DEFERRABLE')}${setConstraints(deferral)}`,
      );
      push(after, last, `COMMIT;  -- fkdoctor\n${alterConstraints(deferral, 'NOT DEFERRABLE')}`);
    }
  }

  const ends = chunkEnds(statements, trailing);
  const first = statements.reduce((at, s) => Math.min(at, s.leading.start), trailing.start);
  const head = text.slice(0, first);
  const parts: string[] = [head];
  let length = head.length;
  /** Statement `i` is written right before `next`, nothing in between, as in the text. */
  const followedAsWritten = (i: number, next: number | undefined) =>
    next !== undefined &&
    ends[i] === statements[next]!.leading.start &&
    !rewrites?.before?.get(next)?.length &&
    !before.get(next)?.length;
  for (const [slot, i] of plan.order.entries()) {
    for (const line of [...(rewrites?.before?.get(i) ?? []), ...(before.get(i) ?? [])]) {
      parts.push(line);
      length += line.length;
    }
    const statement = statements[i]!;
    const at = length + statement.span.start - statement.leading.start;
    origins?.set(at, i);
    const kept = rewrites?.pieceRows?.get(i);
    if (kept) rowsAt?.set(at, kept);
    let piece = chunk(text, statements, ends[i]!, i, rewrites);
    const extra = [...(rewrites?.after.get(i) ?? []), ...(after.get(i) ?? [])];
    // A statement whose line went on with another statement (or that ended the script without
    // a newline) ends its line when something else follows it now.
    const next = plan.order[slot + 1];
    if (
      piece !== '' &&
      !piece.endsWith('\n') &&
      (extra.length > 0 || (next !== undefined && !followedAsWritten(i, next)))
    ) {
      piece += '\n';
    }
    parts.push(piece, ...extra);
    length += piece.length;
    for (const line of extra) {
      // Rows split off a statement: traced back to that statement and its rows.
      const split = rewrites?.afterPieces?.get(line);
      if (split) {
        origins?.set(length + split.offset, split.statement);
        rowsAt?.set(length + split.offset, split.rows);
      }
      length += line.length;
    }
  }
  parts.push(text.slice(trailing.start, trailing.end));
  return parts.join('');
}
