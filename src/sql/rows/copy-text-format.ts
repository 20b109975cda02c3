// One row of COPY text-format data: fields split at the delimiter, `\N` (the NULL string,
// compared before unescaping) for null, backslash escapes as copyfromparse.c reads them. A
// backslash before a line ending makes it data, so a row can span lines.

import { ByteRun } from './byte-run.js';
import type { CopyCursor } from './copy-cursor.js';
import { isHex, isOctal, simpleEscapes } from './string-literal.js';

export class TextRowReader {
  private readonly delimiter: string;
  private readonly nullString: string;
  // Next \r and backslash at or after the last search: both are rare, so one indexOf each
  // serves many rows instead of one per row.
  private nextCr = -1;
  private nextBackslash = -1;

  constructor(
    private readonly cursor: CopyCursor,
    delimiter: string,
    nullString: string,
  ) {
    this.delimiter = delimiter;
    this.nullString = nullString;
  }

  private crFrom(p: number): number {
    if (this.nextCr !== Number.POSITIVE_INFINITY && this.nextCr < p) {
      const found = this.cursor.text.indexOf('\r', p);
      this.nextCr = found < 0 ? Number.POSITIVE_INFINITY : found;
    }
    return this.nextCr;
  }

  private backslashFrom(p: number): number {
    if (this.nextBackslash !== Number.POSITIVE_INFINITY && this.nextBackslash < p) {
      const found = this.cursor.text.indexOf('\\', p);
      this.nextBackslash = found < 0 ? Number.POSITIVE_INFINITY : found;
    }
    return this.nextBackslash;
  }

  /** The fields of the row at the cursor; moves the cursor to the next row. */
  read(): (string | null)[] {
    const cursor = this.cursor;
    const { text, end } = cursor;
    const start = cursor.pos;
    let from = start;
    let contentEnd = end;
    let rowEnd = end;
    let lines = 0;
    for (;;) {
      let lf = text.indexOf('\n', from);
      if (lf < 0 || lf > end) lf = end;
      const cr = this.crFrom(from);
      const e = cr < lf ? cr : lf;
      if (e >= end) break;
      if (escaped(text, e, start)) {
        if (text.charCodeAt(e) === 10) lines++;
        from = e + 1;
        continue;
      }
      contentEnd = e;
      rowEnd = e + cursor.lineEndLength(e, false);
      if (text.charCodeAt(rowEnd - 1) === 10) lines++;
      break;
    }
    const fields = this.split(start, contentEnd);
    cursor.pos = rowEnd;
    cursor.line += lines;
    return fields;
  }

  private split(start: number, stop: number): (string | null)[] {
    const { text } = this.cursor;
    const { delimiter, nullString } = this;
    const delimiterCode = delimiter.charCodeAt(0);
    const fields: (string | null)[] = [];
    let p = start;
    for (;;) {
      let d = text.indexOf(delimiter, p);
      if (d < 0 || d > stop) d = stop;
      if (this.backslashFrom(p) >= d) {
        const isNull = d - p === nullString.length && text.startsWith(nullString, p);
        const marker = isNull || this.cursor.isDefault(p, d, fields.length);
        fields.push(marker ? null : text.slice(p, d));
      } else {
        // An escaped delimiter does not end the field: walk it escape by escape.
        d = p;
        while (d < stop) {
          const c = text.charCodeAt(d);
          if (c === 92) d += 2;
          else if (c === delimiterCode) break;
          else d++;
        }
        if (d > stop) d = stop;
        const isNull = d - p === nullString.length && text.startsWith(nullString, p);
        const marker = isNull || this.cursor.isDefault(p, d, fields.length);
        fields.push(marker ? null : this.unescape(p, d));
      }
      if (d >= stop) return fields;
      p = d + 1;
    }
  }

  private unescape(start: number, stop: number): string {
    const { text } = this.cursor;
    let out = '';
    const bytes = new ByteRun();
    let p = start;
    const emit = (piece: string) => {
      const pending = bytes.flush();
      if (pending === null) {
        throw this.cursor.error('invalid-encoding', 'invalid byte sequence for encoding UTF8', p);
      }
      out += pending + piece;
    };
    while (p < stop) {
      const next = text.indexOf('\\', p);
      if (next < 0 || next >= stop) {
        emit(text.slice(p, stop));
        break;
      }
      if (next > p) emit(text.slice(p, next));
      p = next;
      const ch = text[p + 1] ?? '';
      const c = ch.charCodeAt(0);
      if (c >= 48 && c <= 55) {
        let q = p + 1;
        let value = 0;
        while (q < stop && q < p + 4 && isOctal(text.charCodeAt(q))) {
          value = value * 8 + text.charCodeAt(q++) - 48;
        }
        bytes.push(value);
        p = q;
      } else if (ch === 'x' && isHex(text.charCodeAt(p + 2)) && p + 2 < stop) {
        const len = isHex(text.charCodeAt(p + 3)) && p + 3 < stop ? 2 : 1;
        bytes.push(Number.parseInt(text.slice(p + 2, p + 2 + len), 16));
        p += 2 + len;
      } else if (ch === '.') {
        throw this.cursor.error('end-marker', 'end-of-copy marker is not alone on its line', p);
      } else {
        emit(simpleEscapes[ch] ?? ch);
        p += 2;
      }
    }
    emit('');
    return out;
  }
}

/** An odd run of backslashes before `p` (not reaching back past `start`) escapes it. */
function escaped(text: string, p: number, start: number): boolean {
  let count = 0;
  while (p - count - 1 >= start && text.charCodeAt(p - count - 1) === 92) count++;
  return count % 2 === 1;
}
