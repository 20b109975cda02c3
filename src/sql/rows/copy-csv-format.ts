// One row of COPY CSV data, as copyfromparse.c reads it: a quote may open anywhere in a field
// (`ab"c,d"e` is `abc,de`), inside quotes the ESCAPE character protects a quote or itself (with
// the default ESCAPE = QUOTE that is the doubled quote), line endings inside quotes are data,
// and only an unquoted field equal to the NULL string (compared as written) is null.

import { type CopyCursor, countNewlines } from './copy-cursor.js';

export class CsvRowReader {
  private nextQuote = -1;
  private nextCr = -1;

  constructor(
    private readonly cursor: CopyCursor,
    private readonly delimiter: string,
    private readonly quote: string,
    private readonly escapeChar: string,
    private readonly nullString: string,
  ) {}

  private indexFrom(which: 'nextQuote' | 'nextCr', char: string, p: number): number {
    const cached = this[which];
    if (cached === Number.POSITIVE_INFINITY || cached >= p) return cached;
    const found = this.cursor.text.indexOf(char, p);
    this[which] = found < 0 ? Number.POSITIVE_INFINITY : found;
    return this[which];
  }

  /** The fields of the row at the cursor; moves the cursor to the next row. */
  read(): (string | null)[] {
    const cursor = this.cursor;
    const { text, end } = cursor;
    const { delimiter, nullString } = this;
    const start = cursor.pos;
    let lf = text.indexOf('\n', start);
    if (lf < 0 || lf > end) lf = end;
    const cr = this.indexFrom('nextCr', '\r', start);
    const stop = cr < lf ? cr : lf;
    const fields: (string | null)[] = [];
    let p = start;
    // Fields without a quote are what lies between delimiters; the first one with a quote
    // hands the rest of the row to the character-by-character reader.
    for (;;) {
      let d = text.indexOf(delimiter, p);
      if (d < 0 || d > stop) d = stop;
      if (this.indexFrom('nextQuote', this.quote, p) < d) return this.readQuoted(start, p, fields);
      const isNull = d - p === nullString.length && text.startsWith(nullString, p);
      const marker = isNull || cursor.isDefault(p, d, fields.length);
      fields.push(marker ? null : text.slice(p, d));
      if (d >= stop) break;
      p = d + 1;
    }
    const rowEnd = stop < end ? stop + cursor.lineEndLength(stop, true) : end;
    if (text.charCodeAt(rowEnd - 1) === 10) cursor.line++;
    cursor.pos = rowEnd;
    return fields;
  }

  /** The general case, character by character; the row may run over several lines. */
  private readQuoted(start: number, from: number, fields: (string | null)[]): (string | null)[] {
    const cursor = this.cursor;
    const { text, end } = cursor;
    const delimiterCode = this.delimiter.charCodeAt(0);
    const quoteCode = this.quote.charCodeAt(0);
    const escapeCode = this.escapeChar.charCodeAt(0);
    const { nullString } = this;
    const sameEscape = escapeCode === quoteCode;
    let p = from;
    let rowEnd = -1;
    while (rowEnd < 0) {
      const fieldStart = p;
      let sawQuote = false;
      let out = '';
      let segment = p;
      let fieldEnd = -1;
      while (fieldEnd < 0) {
        if (p >= end) {
          fieldEnd = end;
          rowEnd = end;
          break;
        }
        const c = text.charCodeAt(p);
        if (c === delimiterCode) {
          fieldEnd = p;
          p++;
        } else if (c === 10 || c === 13) {
          fieldEnd = p;
          rowEnd = p + cursor.lineEndLength(p, true);
        } else if (c === quoteCode) {
          sawQuote = true;
          out += text.slice(segment, p);
          p = sameEscape ? this.quotedEndDoubling(p + 1) : this.quotedEndEscaping(p + 1);
          out += this.quotedText;
          segment = p;
        } else {
          p++;
        }
      }
      out += text.slice(segment, fieldEnd);
      const marker =
        !sawQuote &&
        ((fieldEnd - fieldStart === nullString.length && text.startsWith(nullString, fieldStart)) ||
          cursor.isDefault(fieldStart, fieldEnd, fields.length));
      fields.push(marker ? null : out);
    }
    cursor.line += countNewlines(text, start, rowEnd);
    cursor.pos = rowEnd;
    return fields;
  }

  /** The text of the quoted part just read by quotedEnd*. */
  private quotedText = '';

  /** After an opening quote, ESCAPE = QUOTE: `""` is a quote. The position after the close. */
  private quotedEndDoubling(pos: number): number {
    const { text, end } = this.cursor;
    let out = '';
    let segment = pos;
    for (;;) {
      const q = text.indexOf(this.quote, segment);
      if (q < 0 || q >= end) {
        throw this.cursor.error('unterminated-quote', 'unterminated CSV quoted field');
      }
      if (q + 1 < end && text.charCodeAt(q + 1) === text.charCodeAt(q)) {
        out += text.slice(segment, q + 1);
        segment = q + 2;
        continue;
      }
      this.quotedText = out + text.slice(segment, q);
      return q + 1;
    }
  }

  /** After an opening quote, with a distinct ESCAPE that protects a quote or itself. */
  private quotedEndEscaping(pos: number): number {
    const { text, end } = this.cursor;
    const quoteCode = this.quote.charCodeAt(0);
    const escapeCode = this.escapeChar.charCodeAt(0);
    let out = '';
    let segment = pos;
    let p = pos;
    for (;;) {
      if (p >= end) throw this.cursor.error('unterminated-quote', 'unterminated CSV quoted field');
      const c = text.charCodeAt(p);
      const next = text.charCodeAt(p + 1);
      if (c === escapeCode && p + 1 < end && (next === quoteCode || next === escapeCode)) {
        out += text.slice(segment, p);
        segment = p + 1;
        p += 2;
      } else if (c === quoteCode) {
        this.quotedText = out + text.slice(segment, p);
        return p + 1;
      } else {
        p++;
      }
    }
  }
}
