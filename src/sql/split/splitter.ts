// The streaming splitter: feed it chunks of a script of any size, get each statement as soon as
// it is complete, with absolute offsets and lines. It keeps only the text of the statement being
// read (and of those on a COPY line waiting for their data); COPY data passes through without
// being kept.

import type { CopyData, ScriptStatement, Span } from '../../model/script.js';
import type { CopyCommand } from './copy-command.js';
import type { DataFormat } from './copy-data.js';
import { Describer, type StatementSource } from './describe.js';
import { ScriptSyntaxError } from './errors.js';
import { type DataEnd, Lexer, type LexerSink, type RawStatement } from './lexer.js';

export type { StatementSource } from './describe.js';

export interface SplitOptions {
  /** standard_conforming_strings when the script starts; on unless told (the default since 9.1). */
  standardConformingStrings?: boolean;
  /**
   * COPY ... FROM STDIN data that reaches the end of the input without a `\.` line. psql takes
   * all of it as data; 'error' (the default) refuses, because a dump cut short looks like this
   * and would load half a table without a word. 'accept' does what psql does.
   */
  copyWithoutTerminator?: 'error' | 'accept';
}

export interface SplitHandlers {
  /**
   * A complete statement, in the order psql runs them (a meta-command inside an unfinished
   * statement comes before it). `source` holds its text from `leading.start` to `tail.end`.
   * A COPY ... FROM STDIN arrives here after its data, with `copyData` filled in.
   */
  onStatement(statement: ScriptStatement, source: StatementSource): void;
  /** A COPY ... FROM STDIN whose data starts now; its `copyData.span` is still empty. */
  onCopyStart?(statement: ScriptStatement, source: StatementSource): void;
  /** The COPY data as it arrives, in order, without the `\.` line; never kept by the splitter. */
  onCopyData?(data: string): void;
}

export interface SplitEnd {
  /** Blank lines and comments after the last statement, to the end of the input. */
  trailing: Span;
  /** Length of the input in UTF-16 units, and its number of lines. */
  length: number;
  lines: number;
  /** The input started with a byte-order mark (psql skips it; it is in the first leading). */
  bom: boolean;
  statements: number;
}

export interface Splitter {
  push(chunk: string): void;
  end(): SplitEnd;
}

interface Waiting {
  statement: ScriptStatement;
  source: StatementSource;
  column: number;
  copy: CopyCommand | null;
  data: Omit<CopyData, 'span' | 'line'> | null;
}

function dataFormat(copy: CopyCommand): Omit<CopyData, 'span' | 'line'> {
  const csv = copy.format === 'csv';
  const quote = copy.quote ?? '"';
  const format: Omit<CopyData, 'span' | 'line'> = {
    format: csv ? 'csv' : 'text',
    delimiter: copy.delimiter ?? (csv ? ',' : '\t'),
    nullString: copy.nullString ?? (csv ? '' : '\\N'),
    header: copy.header,
    quote,
    escape: copy.escape ?? quote,
  };
  if (copy.defaultString !== undefined) format.defaultString = copy.defaultString;
  if (copy.encoding !== undefined) format.encoding = copy.encoding;
  return format;
}

function tableName(statement: ScriptStatement): string {
  const target = statement.target;
  if (!target) return 'COPY';
  return `COPY ${target.schema === null ? '' : `${target.schema}.`}${target.name}`;
}

export class ScriptSplitter implements Splitter, LexerSink {
  private readonly lexer: Lexer;
  private readonly describer: Describer;
  /** In memory, every statement shares one source: the whole text. */
  private readonly wholeSource: StatementSource | null;
  private carry = '';
  private buf = '';
  private base = 0;
  /** Text of [heldFrom, base) not yet given to a statement. */
  private held: string[] = [];
  private heldFrom = 0;
  private readonly waiting: Waiting[] = [];
  private active: Waiting | null = null;
  private count = 0;
  private done = false;

  constructor(
    private readonly options: SplitOptions & SplitHandlers,
    /** The whole input, when the caller has it in memory: sources then point into it. */
    private readonly whole: string | null = null,
  ) {
    this.lexer = new Lexer(this, options.standardConformingStrings ?? true);
    this.describer = new Describer(this.lexer.tokens);
    this.wholeSource = whole === null ? null : { text: whole, offset: 0 };
  }

  push(chunk: string): void {
    if (this.done) throw new Error('push() after end()');
    if (chunk.length === 0) return;
    const buf = this.carry.length > 0 ? this.carry + chunk : chunk;
    const base = this.lexer.pos;
    const nul = chunk.indexOf('\u0000');
    if (nul >= 0) {
      const cut = this.carry.length + nul;
      this.run(buf.slice(0, cut), base, false);
      throw this.nulError(buf, base, cut);
    }
    this.run(buf, base, false);
  }

  end(): SplitEnd {
    if (this.done) throw new Error('end() called twice');
    this.done = true;
    this.run(this.carry, this.lexer.pos, true);
    return this.summary();
  }

  /** The whole input at once (the splitter was made with it). */
  all(): SplitEnd {
    const text = this.whole!;
    this.done = true;
    const nul = text.indexOf('\u0000');
    if (nul >= 0) {
      this.run(text.slice(0, nul), 0, false);
      throw this.nulError(text, 0, nul);
    }
    this.run(text, 0, true);
    return this.summary();
  }

  private summary(): SplitEnd {
    const length = this.lexer.pos;
    return {
      trailing: { start: this.lexer.unitStart, end: length },
      length,
      lines: this.lexer.line,
      bom: this.lexer.bom,
      statements: this.count,
    };
  }

  private run(buf: string, base: number, final: boolean): void {
    this.buf = buf;
    this.base = base;
    const stop = this.lexer.run(buf, base, final);
    if (this.whole === null && !this.lexer.inData) {
      const from = Math.max(this.heldFrom, base);
      if (stop > from) this.held.push(buf.slice(from - base, stop - base));
    }
    this.carry = buf.slice(stop - base);
  }

  // LexerSink

  complete(raw: RawStatement): void {
    const source = this.sourceOf(raw.nested ? raw.start : raw.leadingStart, raw.tailEnd);
    if (!raw.nested) this.release(raw.tailEnd);
    const statement = this.describer.describe(raw, source);
    const { copy, standardStrings } = this.describer;
    if (standardStrings !== null) this.lexer.setStandardStrings(standardStrings, raw.endLine);
    if (copy !== null) {
      if (copy.format === 'binary') {
        throw new ScriptSyntaxError(
          'binary-copy',
          `${tableName(statement)} FROM STDIN in binary format: psql would read the rest of the input as binary data`,
          raw.line,
          raw.column,
          raw.start,
        );
      }
      this.waiting.push({ statement, source, column: raw.column, copy, data: dataFormat(copy) });
      this.lexer.copyWaiting = true;
    } else if (this.waiting.length > 0) {
      this.waiting.push({ statement, source, column: raw.column, copy: null, data: null });
    } else {
      this.emit(statement, source);
    }
  }

  startData(at: number): DataFormat | null {
    while (this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      if (next.data === null) {
        this.emit(next.statement, next.source);
        continue;
      }
      next.statement.index = this.count++;
      this.active = next;
      this.heldFrom = at;
      this.held = [];
      if (this.options.onCopyStart) {
        const copyData: CopyData = {
          span: { start: at, end: at },
          line: this.lexer.line,
          ...next.data,
        };
        this.options.onCopyStart({ ...next.statement, copyData }, next.source);
      }
      return { csv: next.data.format === 'csv', quote: next.data.quote, escape: next.data.escape };
    }
    return null;
  }

  copyData(buf: string, from: number, to: number): void {
    this.options.onCopyData?.(buf.slice(from, to));
  }

  endData(end: DataEnd): DataFormat | null {
    const active = this.active!;
    this.active = null;
    const { statement } = active;
    if (end.terminator === null && this.options.copyWithoutTerminator !== 'accept') {
      throw new ScriptSyntaxError(
        'unterminated-copy-data',
        `the data of ${tableName(statement)} FROM STDIN (from line ${end.line}) has no \\. line before the end of the input; psql would load everything up to the end as data, which is what a dump cut short looks like`,
        statement.line,
        active.column,
        statement.span.start,
      );
    }
    const copyData: CopyData = {
      span: { start: end.start, end: end.end },
      line: end.line,
      ...active.data!,
    };
    if (end.terminator !== null) copyData.terminator = end.terminator;
    if (end.quoteLine > 0) copyData.unterminatedQuoteLine = end.quoteLine;
    this.heldFrom = end.end;
    this.held = [];
    statement.copyData = copyData;
    this.options.onStatement(statement, active.source);
    return this.startData(end.end);
  }

  private emit(statement: ScriptStatement, source: StatementSource): void {
    statement.index = this.count++;
    this.options.onStatement(statement, source);
  }

  /** The text of [from, to), which lies in the held text and the current buffer. */
  private sourceOf(from: number, to: number): StatementSource {
    if (this.wholeSource !== null) return this.wholeSource;
    const { base, buf } = this;
    if (from >= base) return { text: buf.slice(from - base, to - base), offset: from };
    const held = this.joinHeld();
    const head = held.slice(from - this.heldFrom, Math.min(to, base) - this.heldFrom);
    return { text: to > base ? head + buf.slice(0, to - base) : head, offset: from };
  }

  /** Forgets the held text before `to`, which now belongs to a statement. */
  private release(to: number): void {
    if (this.whole !== null) return;
    if (to < this.base) {
      const rest = this.joinHeld().slice(to - this.heldFrom);
      this.held = rest.length > 0 ? [rest] : [];
    } else {
      this.held = [];
    }
    this.heldFrom = to;
  }

  private joinHeld(): string {
    if (this.held.length !== 1) this.held = [this.held.join('')];
    return this.held[0]!;
  }

  private nulError(buf: string, base: number, cut: number): ScriptSyntaxError {
    let line = this.lexer.line;
    let lineStart = this.lexer.lineStart;
    for (let k = this.lexer.pos - base; k < cut; k++) {
      if (buf.charCodeAt(k) === 10) {
        line++;
        lineStart = base + k + 1;
      }
    }
    const offset = base + cut;
    return new ScriptSyntaxError(
      'nul-byte',
      'the input contains a NUL byte (a binary file?)',
      line,
      offset - lineStart + 1,
      offset,
    );
  }
}

/** A splitter for a script that arrives in chunks (a file stream, stdin). */
export function createSplitter(options: SplitOptions & SplitHandlers): Splitter {
  return new ScriptSplitter(options);
}
