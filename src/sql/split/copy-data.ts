// The data block after COPY ... FROM STDIN, read the way psql reads it: line by line, up to a line
// that is exactly `\.` (with a LF or CRLF break). psql does not know CSV quoting, so a `\.` line
// inside a quoted CSV field ends the data too (its own source says so); we end it there as well
// and only note the open quote, because the server will reject that COPY.

import type { Span } from '../../model/script.js';

/** The line counter the reader advances; the lexer owns it. */
export interface LineCounter {
  line: number;
  lineStart: number;
}

export interface DataFormat {
  csv: boolean;
  quote: string;
  escape: string;
}

const BACKSLASH = 92;
const DOT = 46;
const LF = 10;
const CR = 13;

/**
 * Length of the end-marker line at `i` (3 or 4 with its line break; 2 or 3 at the input's end), 0
 * when the line is data, -1 when more input is needed to tell.
 */
function markerLength(buf: string, i: number, n: number, final: boolean): number {
  if (i + 1 >= n) return final ? 0 : -1;
  if (buf.charCodeAt(i + 1) !== DOT) return 0;
  if (i + 2 >= n) return final ? 2 : -1;
  const c = buf.charCodeAt(i + 2);
  if (c === LF) return 3;
  if (c !== CR) return 0;
  if (i + 3 >= n) return final ? 3 : -1;
  return buf.charCodeAt(i + 3) === LF ? 4 : 0;
}

export class CopyDataReader {
  private csv = false;
  private quote = 34;
  private escape = 34;
  private quoteText = '"';
  private inQuote = false;
  private lastWasEscape = false;
  private atLineStart = true;
  /** Where the data began, and its 1-based line. */
  start = 0;
  line = 0;
  /** Set once the end marker is read. */
  finished = false;
  terminator: Span | null = null;
  /** The line where a still-open CSV quoted field began, or 0. */
  quoteLine = 0;

  begin(format: DataFormat, start: number, line: number): void {
    this.csv = format.csv;
    this.quoteText = format.quote;
    this.quote = format.quote.charCodeAt(0);
    // An escape equal to the quote is no escape at all: the quote then simply toggles.
    this.escape = format.escape === format.quote ? -1 : format.escape.charCodeAt(0);
    this.inQuote = false;
    this.lastWasEscape = false;
    this.atLineStart = true;
    this.start = start;
    this.line = line;
    this.finished = false;
    this.terminator = null;
    this.quoteLine = 0;
  }

  /** Whether the data so far ends inside a quoted CSV field. */
  get openQuote(): boolean {
    return this.inQuote;
  }

  /**
   * Reads data from buf[i..n) (`base` is buf's offset in the input). Returns where it stopped: after
   * the end marker once `finished`, at n, or `~p` when the line at p may be the end marker but the
   * input stops too soon to tell.
   */
  scan(
    buf: string,
    i: number,
    n: number,
    base: number,
    final: boolean,
    lines: LineCounter,
  ): number {
    while (i < n) {
      if (this.atLineStart && buf.charCodeAt(i) === BACKSLASH) {
        const length = markerLength(buf, i, n, final);
        if (length < 0) return ~i;
        if (length > 0) {
          this.finished = true;
          this.terminator = { start: base + i, end: base + i + length };
          if (buf.charCodeAt(i + length - 1) === LF) {
            lines.line++;
            lines.lineStart = base + i + length;
          }
          return i + length;
        }
      }
      const lf = buf.indexOf('\n', i);
      const stop = lf < 0 ? n : lf + 1;
      if (this.csv) this.trackQuotes(buf, i, stop, lines.line);
      if (lf < 0) {
        this.atLineStart = false;
        return n;
      }
      lines.line++;
      lines.lineStart = base + stop;
      this.atLineStart = true;
      i = stop;
    }
    return i;
  }

  /** PostgreSQL's CSV rule: a quote toggles the quoted state unless an escape precedes it. */
  private trackQuotes(buf: string, i: number, stop: number, line: number): void {
    if (!this.inQuote) {
      const q = buf.indexOf(this.quoteText, i);
      if (q < 0 || q >= stop) return;
      i = q;
    }
    const { quote, escape: escapeChar } = this;
    let inQuote = this.inQuote;
    let lastWasEscape = this.lastWasEscape;
    for (; i < stop; i++) {
      const c = buf.charCodeAt(i);
      if (inQuote && c === escapeChar) lastWasEscape = !lastWasEscape;
      if (c === quote && !lastWasEscape) {
        inQuote = !inQuote;
        if (inQuote) this.quoteLine = line;
      }
      if (c !== escapeChar) lastWasEscape = false;
    }
    this.inQuote = inQuote;
    this.lastWasEscape = lastWasEscape;
  }
}
