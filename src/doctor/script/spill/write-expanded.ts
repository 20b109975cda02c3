// Writes the fixed skeleton to a file with each stand-in replaced by the run it stands for, read
// back from the spill file, and records which line of the user's script each part of the output
// comes from (failures found when the output is run are reported on the user's lines).

import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { lastAtOrBefore } from '../../../model/last-at-or-before.js';
import type { ScriptStatement } from '../../../model/script.js';
import { lineIndex } from '../line-index.js';
import type { LineAnchor, SpilledRun, SpilledScript } from './spill-runs.js';

const BLOCK = 1024 * 1024;

/** The user's line for `line`, by the last anchor at or before it. */
export function userLineOf(anchors: readonly LineAnchor[], line: number): number {
  const anchor = anchors[lastAtOrBefore(anchors.length, (i) => anchors[i]!.line, line)]!;
  return anchor.userLine + line - anchor.line;
}

export interface ExpandedOutput {
  /** Output lines to the user's lines. */
  anchors: LineAnchor[];
  bytes: number;
}

/**
 * `origins` maps where each statement's first token landed in `fixed` to its index in
 * `statements` (the skeleton's, see writeFixedScript).
 */
export function writeExpanded(
  fixed: string,
  origins: Map<number, number>,
  statements: readonly ScriptStatement[],
  spilled: SpilledScript,
  outputFile: string,
  options: { bom: boolean },
): ExpandedOutput {
  const lines = lineIndex(fixed);
  const places = [...origins.entries()].sort((a, b) => a[0] - b[0]);
  const anchors: LineAnchor[] = [];
  const out = openSync(outputFile, 'w');
  const spill = openSync(spilled.spillFile, 'r');
  const block = Buffer.allocUnsafe(BLOCK);
  let bytes = 0;
  let shift = 0;
  let at = 0;
  const write = (text: string | Buffer) => {
    const buffer = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    let done = 0;
    while (done < buffer.length) done += writeSync(out, buffer, done);
    bytes += buffer.length;
  };
  const copyRun = (run: SpilledRun) => {
    for (let done = 0; done < run.bytes; ) {
      const want = Math.min(BLOCK, run.bytes - done);
      const got = readSync(spill, block, 0, want, run.start + done);
      if (got === 0) throw new Error('the spill file ended early');
      write(block.subarray(0, got));
      done += got;
    }
  };
  /** Where the statement after `statement` in the skeleton begins its first token. */
  const nextStart = (statement: ScriptStatement) =>
    statements[statement.index + 1]?.span.start ?? spilled.skeleton.length;
  try {
    if (options.bom) write('\uFEFF');
    for (const [slot, [offset, index]] of places.entries()) {
      const statement = statements[index]!;
      const line = lines.lineAt(offset) + shift;
      const run = spilled.standIns.get(statement.span.start);
      if (!run) {
        anchors.push({ line, userLine: userLineOf(spilled.anchors, statement.line) });
        continue;
      }
      const standIn = spilled.standInText(run);
      if (!fixed.startsWith(standIn, offset)) throw new Error('a stand-in was rewritten');
      write(fixed.slice(at, offset));
      anchors.push({ line, userLine: run.startLine });
      copyRun(run);
      at = offset + standIn.length;
      // A run whose last statement shared its line with what followed it ends without a break:
      // it gets one unless that same text follows it still.
      const gap = spilled.skeleton.slice(
        statement.span.start + standIn.length,
        nextStart(statement),
      );
      const following = places[slot + 1];
      const resumes =
        following !== undefined &&
        following[1] === statement.index + 1 &&
        following[0] === at + gap.length &&
        fixed.startsWith(gap, at);
      const broken = !run.endsWithNewline && at < fixed.length && !resumes;
      if (broken) write('\n');
      shift += run.lines + (broken ? 1 : 0) - 2;
    }
    write(fixed.slice(at));
  } finally {
    closeSync(spill);
    closeSync(out);
  }
  return { anchors, bytes };
}
