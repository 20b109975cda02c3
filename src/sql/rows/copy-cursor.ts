// Where COPY data rows end. The server takes the first line ending it meets as the one the whole
// block uses (\n, \r\n or a lone \r) and rejects any other kind later ("literal newline found in
// data"); a `\.` line ends the data, as psql sends nothing after it.

import type { CopyData } from '../../model/script.js';

export type CopyRowErrorCode =
  /** A CSV quoted field that runs to the end of the block. */
  | 'unterminated-quote'
  /** Fewer fields than columns. */
  | 'missing-data'
  /** More fields than columns. */
  | 'extra-data'
  /** Escaped bytes that are not UTF-8, or a NUL. */
  | 'invalid-encoding'
  /** A line ending of another kind than the block's first one. */
  | 'carriage-return'
  | 'newline'
  /** `\.` somewhere else than alone on its line (text format). */
  | 'end-marker';

/** A row of COPY data the server would reject; `line` is the 1-based line in the script. */
export class CopyRowError extends Error {
  override readonly name = 'CopyRowError';

  constructor(
    readonly code: CopyRowErrorCode,
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

type Eol = 'lf' | 'crlf' | 'cr';

export class CopyCursor {
  readonly text: string;
  readonly end: number;
  /** Start of the current row. */
  pos: number;
  /** 1-based script line of `pos`. */
  line: number;
  /** COPY's DEFAULT marker (PostgreSQL 16+), matched like the NULL string; null when none. */
  readonly defaultString: string | null;
  /** Indexes of the current row's fields that were the DEFAULT marker. */
  defaults: number[] | null = null;
  private eol: Eol | null = null;

  constructor(text: string, copyData: CopyData) {
    this.text = text;
    this.end = copyData.span.end;
    this.pos = copyData.span.start;
    this.line = copyData.line;
    this.defaultString = copyData.defaultString ?? null;
  }

  /** The raw field text[start, end) is the DEFAULT marker (then it is read as null). */
  isDefault(start: number, end: number, index: number): boolean {
    const marker = this.defaultString;
    if (marker === null || end - start !== marker.length || !this.text.startsWith(marker, start)) {
      return false;
    }
    if (this.defaults === null) this.defaults = [];
    this.defaults.push(index);
    return true;
  }

  /** The current row is the `\.` line (or there is no row left). */
  atEnd(): boolean {
    const { text, pos, end } = this;
    if (pos >= end) return true;
    if (text.charCodeAt(pos) !== 92 || text.charCodeAt(pos + 1) !== 46) return false;
    const after = pos + 2;
    const c = text.charCodeAt(after);
    return after >= end || c === 10 || c === 13;
  }

  /**
   * `text[p]` is an unescaped (or unquoted) \r or \n: the length of the line ending there (1 or
   * 2), after checking it is the block's kind of line ending.
   */
  lineEndLength(p: number, csv: boolean): number {
    const text = this.text;
    const c = text.charCodeAt(p);
    const crlf = c === 13 && text.charCodeAt(p + 1) === 10 && p + 1 < this.end;
    const kind: Eol = c === 10 ? 'lf' : crlf ? 'crlf' : 'cr';
    if (this.eol === null) this.eol = kind;
    if (kind !== this.eol) {
      const what = csv ? 'unquoted' : 'literal';
      if (c === 10 || (this.eol === 'cr' && crlf)) {
        throw this.error('newline', `${what} newline found in data`, p);
      }
      throw this.error('carriage-return', `${what} carriage return found in data`, p);
    }
    return crlf ? 2 : 1;
  }

  /** A CopyRowError on the line of `p` (counting from the current row's line). */
  error(code: CopyRowErrorCode, message: string, p = this.pos): CopyRowError {
    return new CopyRowError(code, this.line + countNewlines(this.text, this.pos, p), message);
  }
}

export function countNewlines(text: string, start: number, end: number): number {
  let count = 0;
  for (let p = text.indexOf('\n', start); p >= 0 && p < end; p = text.indexOf('\n', p + 1)) count++;
  return count;
}
