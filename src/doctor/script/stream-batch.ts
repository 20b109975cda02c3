// A batch of a streamed script: the statements' own text (leading, span, tail) and their COPY
// data laid end to end, with each statement's offsets moved to point into it. Index and lines
// stay the script's, and the line index gives script lines, so a batch runs exactly as the
// same statements of the whole script would.

import type { CopyData, ScriptStatement, Span } from '../../model/script.js';
import { countNewlines } from '../../sql/rows/copy-cursor.js';
import type { StatementSource } from '../../sql/split/index.js';
import { PieceLines } from './line-index.js';
import type { ScriptBatch } from './run-statements.js';

export interface TakenBatch extends ScriptBatch {
  statements: ScriptStatement[];
  /** Offset in the script after the last thing in the batch. */
  end: number;
}

export class StreamBatch {
  private parts: string[] = [];
  private lines = new PieceLines();
  private statements: ScriptStatement[] = [];
  private end = 0;
  length = 0;

  get empty(): boolean {
    return this.statements.length === 0;
  }

  /** A statement, with its COPY data (without the `\.` line) when it has some held here. */
  add(statement: ScriptStatement, source: StatementSource, data: string | null): void {
    const shift = this.place(source.text, sourceLine(statement, source)) - source.offset;
    this.end = Math.max(this.end, source.offset + source.text.length);
    let dataShift = 0;
    const copy = statement.copyData;
    if (copy && data !== null) {
      dataShift = this.place(data + terminatorText(copy), copy.line) - copy.span.start;
      this.end = Math.max(this.end, copy.span.end);
    }
    this.statements.push(moved(statement, shift, dataShift));
  }

  /** The batch so far; this one starts empty again. */
  take(): TakenBatch {
    const taken = {
      text: this.parts.join(''),
      lines: this.lines,
      statements: this.statements,
      end: this.end,
    };
    this.parts = [];
    this.lines = new PieceLines();
    this.statements = [];
    this.length = 0;
    return taken;
  }

  /** Appends text that starts on script line `line`; returns where it went. */
  private place(text: string, line: number): number {
    const at = this.length;
    this.parts.push(text);
    this.lines.add(at, text, line);
    this.length += text.length;
    return at;
  }
}

/** The script line of the first character of the statement's source. */
function sourceLine(statement: ScriptStatement, source: StatementSource): number {
  return statement.line - countNewlines(source.text, 0, statement.span.start - source.offset);
}

/** The `\.` line the splitter did not pass on, back in its place (a lone `\r` reads as `\n`). */
function terminatorText(copy: CopyData): string {
  if (!copy.terminator) return '';
  const length = copy.terminator.end - copy.terminator.start;
  return length === 4 ? '\\.\r\n' : length === 3 ? '\\.\n' : '\\.';
}

function moved(statement: ScriptStatement, shift: number, dataShift: number): ScriptStatement {
  const by = (span: Span, n: number): Span => ({ start: span.start + n, end: span.end + n });
  const out: ScriptStatement = {
    ...statement,
    span: by(statement.span, shift),
    leading: by(statement.leading, shift),
  };
  if (statement.tail) out.tail = by(statement.tail, shift);
  if (statement.excluded) out.excluded = statement.excluded.map((span) => by(span, shift));
  const copy = statement.copyData;
  if (copy) {
    out.copyData = { ...copy, span: by(copy.span, dataShift) };
    if (copy.terminator) out.copyData.terminator = by(copy.terminator, dataShift);
  }
  return out;
}
