// A streamed script as the runner takes it: statements in the order psql runs them, each with
// its COPY data when that is small enough to hold, and the data of a bigger COPY as it arrives
// (when the caller lets that COPY go in pieces). Chunks are fed to the splitter at most
// `batchChars` at a time, so that what waits here stays about that size.

import type { ScriptStatement } from '../../model/script.js';
import { createSplitter, type SplitEnd, type StatementSource } from '../../sql/split/index.js';

export type StatementEvent =
  /** A statement; `data` is its whole COPY data (without the `\.` line), or null. */
  | { kind: 'statement'; statement: ScriptStatement; source: StatementSource; data: string | null }
  /** A COPY whose data goes in pieces: what came so far; more follows as 'copy-data'. */
  | { kind: 'copy-start'; statement: ScriptStatement; source: StatementSource; data: string }
  | { kind: 'copy-data'; data: string }
  /** The end of that data: the statement with its `copyData` complete. */
  | { kind: 'copy-end'; statement: ScriptStatement };

export interface EventOptions {
  batchChars: number;
  copyInPieces?: (target: { schema: string | null; name: string }) => boolean;
}

interface Collecting {
  statement: ScriptStatement;
  source: StatementSource;
  parts: string[];
  size: number;
  inPieces: boolean;
}

export async function* statementEvents(
  chunks: AsyncIterable<string>,
  options: EventOptions,
): AsyncGenerator<StatementEvent, SplitEnd, undefined> {
  const queue: StatementEvent[] = [];
  let copy: Collecting | null = null;
  const splitter = createSplitter({
    onStatement(statement, source) {
      if (copy && statement.copyData) {
        const done = copy;
        copy = null;
        if (done.inPieces) queue.push({ kind: 'copy-end', statement });
        else queue.push({ kind: 'statement', statement, source, data: done.parts.join('') });
        return;
      }
      queue.push({ kind: 'statement', statement, source, data: null });
    },
    onCopyStart(statement, source) {
      copy = { statement, source, parts: [], size: 0, inPieces: false };
    },
    onCopyData(data) {
      const collecting = copy!;
      if (collecting.inPieces) {
        queue.push({ kind: 'copy-data', data });
        return;
      }
      collecting.parts.push(data);
      const before = collecting.size;
      collecting.size += data.length;
      // Asked once, when the data first outgrows a batch.
      const outgrown = before <= options.batchChars && collecting.size > options.batchChars;
      const target = collecting.statement.target;
      if (outgrown && target && options.copyInPieces?.(target)) {
        collecting.inPieces = true;
        const { statement, source } = collecting;
        queue.push({ kind: 'copy-start', statement, source, data: collecting.parts.join('') });
        collecting.parts = [];
      }
    },
  });
  for await (const chunk of chunks) {
    for (const piece of slices(chunk, options.batchChars)) {
      splitter.push(piece);
      yield* queue.splice(0);
    }
  }
  const end = splitter.end();
  yield* queue.splice(0);
  return end;
}

/** The chunk in slices of at most about `size`, never between the halves of a surrogate pair. */
function* slices(chunk: string, size: number): Generator<string> {
  let at = 0;
  while (chunk.length - at > size) {
    let cut = at + size;
    const c = chunk.charCodeAt(cut - 1);
    if (c >= 0xd800 && c <= 0xdbff) cut++;
    yield chunk.slice(at, cut);
    at = cut;
  }
  yield at === 0 ? chunk : chunk.slice(at);
}
