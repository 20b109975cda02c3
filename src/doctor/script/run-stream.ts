// The sandbox run of a script that need not fit in memory (fix's spill mode checks its own
// output this way): the script arrives in chunks, is split as it comes, and runs in batches of
// about `batchChars` with one run state throughout (psql variables, the script's open BEGIN
// block, standard_conforming_strings, \gset rows), as runStatements runs a whole script.
//
// What is kept: the failures, and while a BEGIN block is open what its COMMIT may need (its
// BEGIN, and the batches its INSERTs and COPYs came from, to list the rows a deferred check
// rejects). Outcomes of statements that did not fail are dropped.
//
// COPY data: held whole up to `batchChars`. A bigger block of a table for which `copyInPieces`
// says yes is sent in pieces of whole rows and reported as one statement (copy-pieces.ts);
// without `copyInPieces`, or when it says no, the block is held whole, however big, because
// only the caller knows that the table does not reference itself.

import type { Engine } from '../../engine/engine.js';
import type { ScriptStatement, Span } from '../../model/script.js';
import { countNewlines } from '../../sql/rows/copy-cursor.js';
import { copyRowEnds, type RowFormat } from '../../sql/rows/copy-row-ends.js';
import type { SplitEnd } from '../../sql/split/index.js';
import type { CopyPiece } from './copy-pieces.js';
import { type ScriptFailure, scriptFailures } from './failure.js';
import type { OutcomeCounts, StatementOutcome } from './outcome.js';
import { createRunState, finishRun, runBatch } from './run-statements.js';
import { type StatementEvent, statementEvents } from './statement-events.js';
import { StreamBatch, type TakenBatch } from './stream-batch.js';

export interface StreamRunOptions {
  /** The name failures report (file:line). */
  file: string | null;
  /** At most this many failing rows listed per failed statement (default 1000; 0: no search). */
  rowLimit?: number;
  /** Checked between statements: once aborted, the run stops reading the script. */
  signal?: AbortSignal;
  /** About this much script text is run per batch (default 8 Mi characters). */
  batchChars?: number;
  /** COPY data of a table for which this returns true may be sent in pieces (copy-pieces.ts). */
  copyInPieces?: (target: { schema: string | null; name: string }) => boolean;
  /** The script's characters run so far. */
  onProgress?: (charsDone: number) => void;
}

export interface StreamRunResult {
  /** How many statements the script had (read so far, when the run was cancelled). */
  statements: number;
  /** What scriptFailures() gives for the whole script run in memory. */
  failures: ScriptFailure[];
  /** How many statements ran fine, were not run (skipped), or failed: as the outcomes count. */
  counts: OutcomeCounts;
  /** Blank lines and comments after the last statement, and the script's number of lines. */
  trailing: Span | null;
  lines: number;
  cancelled: boolean;
}

const DEFAULT_BATCH_CHARS = 8 * 1024 * 1024;

/** Runs inside a transaction the caller has open (like runStatements). */
export async function runStatementStream(
  tx: Engine,
  chunks: AsyncIterable<string>,
  options: StreamRunOptions,
): Promise<StreamRunResult> {
  const batchChars = Math.max(1, options.batchChars ?? DEFAULT_BATCH_CHARS);
  const { signal } = options;
  const state = createRunState(
    tx,
    options.rowLimit === undefined ? {} : { rowLimit: options.rowLimit },
  );
  const failures: ScriptFailure[] = [];
  const counts: OutcomeCounts = { ok: 0, skipped: 0, error: 0 };
  const events = statementEvents(chunks, {
    batchChars,
    ...(options.copyInPieces ? { copyInPieces: options.copyInPieces } : {}),
  });
  let end: SplitEnd | null = null;
  const nextEvent = async (): Promise<StatementEvent | null> => {
    const next = await events.next();
    if (!next.done) return next.value;
    end = next.value;
    return null;
  };

  // The BEGIN of the block open before the statement just run: a failing COMMIT reports it.
  let openBegin: ScriptStatement | null = null;
  const report = (text: string) => (outcome: StatementOutcome, statement: ScriptStatement) => {
    counts[outcome.status]++;
    if (outcome.status === 'error') {
      const begin =
        outcome.block && openBegin?.index === outcome.block.beginIndex ? openBegin : null;
      const known = begin ? [statement, begin] : [statement];
      failures.push(
        ...scriptFailures(text, known, [outcome], options.file ? { file: options.file } : {}),
      );
    }
    openBegin = state.block?.begin ?? null;
  };
  const run = async (taken: TakenBatch) => {
    await runBatch(state, taken, taken.statements, {
      ...(signal ? { signal } : {}),
      onOutcome: report(taken.text),
    });
    options.onProgress?.(taken.end);
  };

  const batch = new StreamBatch();
  let read = 0;
  const flush = async () => {
    if (!batch.empty) await run(batch.take());
  };
  for (
    let event = await nextEvent();
    event !== null && !signal?.aborted;
    event = await nextEvent()
  ) {
    if (event.kind === 'statement' || event.kind === 'copy-start') read = event.statement.index + 1;
    if (event.kind === 'statement') {
      batch.add(event.statement, event.source, event.data);
      if (batch.length >= batchChars) await flush();
    } else if (event.kind === 'copy-start') {
      await flush();
      const copy = event.statement.copyData!;
      let dataEnd = copy.span.start;
      state.copyPieces = copyPieces(event.data, copy.line, copy, batchChars, nextEvent, (done) => {
        dataEnd = done.copyData?.span.end ?? dataEnd;
      });
      const one = new StreamBatch();
      one.add(event.statement, event.source, null);
      await run(one.take());
      state.copyPieces = null;
      if (dataEnd > copy.span.start) options.onProgress?.(dataEnd);
    }
    // 'copy-data' and 'copy-end' here belong to a COPY that stopped early or did not run.
  }
  await flush();
  await finishRun(state);
  const finished = end as SplitEnd | null;
  if (finished === null) await events.return(undefined as never);
  return {
    statements: finished?.statements ?? read,
    failures,
    counts,
    trailing: finished?.trailing ?? null,
    lines: finished?.lines ?? 0,
    cancelled: finished === null,
  };
}

/**
 * The data of a COPY in pieces of whole rows, each at most about `size` (a longer row is a
 * piece of its own), pulled from the script's events up to the COPY's end.
 */
async function* copyPieces(
  start: string,
  line: number,
  format: RowFormat,
  size: number,
  next: () => Promise<StatementEvent | null>,
  onEnd: (statement: ScriptStatement) => void,
): AsyncGenerator<CopyPiece, void, undefined> {
  let buffer = start;
  for (;;) {
    while (buffer.length >= size) {
      let cut = copyRowEnds(buffer.slice(0, size), format);
      if (cut.end === 0) cut = copyRowEnds(buffer, format, 1);
      if (cut.end === 0) break;
      const text = buffer.slice(0, cut.end);
      yield { text, line, rows: cut.rows };
      line += countNewlines(text, 0, text.length);
      buffer = buffer.slice(cut.end);
    }
    const event = await next();
    if (event?.kind !== 'copy-data') {
      if (event?.kind === 'copy-end') onEnd(event.statement);
      break;
    }
    buffer += event.data;
  }
  if (buffer.length > 0) {
    const whole = copyRowEnds(buffer, format);
    yield { text: buffer, line, rows: whole.rows + (whole.end < buffer.length ? 1 : 0) };
  }
}
