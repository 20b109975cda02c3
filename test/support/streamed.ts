// Helpers for tests of the streamed paths (run-stream, check-streamed, spill): a script fed in
// small chunks, and the fields of a failure a report shows, to compare with the in-memory path.

import type { ScriptFailure } from '../../src/doctor/script/failure.js';

/** `text` in chunks of `size` characters, as a stream of a file gives it. */
export async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

/** The fields a report shows of a failure (a check's failure adds its `parents`). */
export function shownFailure(failure: ScriptFailure) {
  return {
    statementIndex: failure.statementIndex,
    file: failure.file,
    line: failure.line,
    statementText: failure.statementText,
    kind: failure.kind,
    sqlstate: failure.sqlstate,
    message: failure.message,
    detail: failure.detail,
    constraint: failure.constraint,
    rows: failure.rows,
    rowsTotal: failure.rowsTotal,
    block: failure.block,
    deferred: failure.deferred,
    notes: failure.notes,
  };
}
