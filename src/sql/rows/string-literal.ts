// The text PostgreSQL makes of a string literal's body (what lies between its quotes), for each
// kind of literal: '...', E'...', U&'...', B'...' and X'...'. A literal the server would reject
// (bytes that are not UTF-8, a NUL, a broken Unicode escape) decodes to null.

import { ByteRun } from './byte-run.js';

/** A standard string ('...' with standard_conforming_strings on): only `''` is special. */
export function decodeStandard(body: string): string {
  return body.includes("''") ? body.replaceAll("''", "'") : body;
}

/** Backslash escapes of one character, in E'...' strings and in COPY text data alike. */
export const simpleEscapes: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

export function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

export function isOctal(c: number): boolean {
  return c >= 48 && c <= 55;
}

function hexDigits(body: string, pos: number, count: number): number | null {
  if (pos + count > body.length) return null;
  for (let i = 0; i < count; i++) if (!isHex(body.charCodeAt(pos + i))) return null;
  return Number.parseInt(body.slice(pos, pos + count), 16);
}

/**
 * Joins UTF-16 code units and code points from Unicode escapes, pairing surrogates the way the
 * server does (a high surrogate must be followed by a low one), rejecting NUL and values beyond
 * U+10FFFF.
 */
class UnicodeRun {
  private high = -1;

  /** The character(s) to append, '' while a high surrogate waits, or null when invalid. */
  add(code: number): string | null {
    if (this.high >= 0) {
      if (code < 0xdc00 || code > 0xdfff) return null;
      const cp = 0x10000 + ((this.high - 0xd800) << 10) + (code - 0xdc00);
      this.high = -1;
      return String.fromCodePoint(cp);
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      this.high = code;
      return '';
    }
    if (code === 0 || code > 0x10ffff || (code >= 0xdc00 && code <= 0xdfff)) return null;
    return String.fromCodePoint(code);
  }

  /** False when a high surrogate is left without its low half. */
  get settled(): boolean {
    return this.high < 0;
  }
}

/**
 * An escape string (E'...', or '...' with standard_conforming_strings off): `\b \f \n \r \t \v`,
 * `\ooo` octal and `\xhh` hex bytes, `\uXXXX` and `\UXXXXXXXX`, a backslash before anything
 * else is that character; `''` is a quote.
 */
export function decodeEscape(body: string): string | null {
  if (!body.includes('\\')) return decodeStandard(body);
  let out = '';
  const bytes = new ByteRun();
  const unicode = new UnicodeRun();
  let i = 0;
  const n = body.length;
  const emit = (piece: string): boolean => {
    const pending = bytes.flush();
    if (pending === null || !unicode.settled) return false;
    out += pending + piece;
    return true;
  };
  while (i < n) {
    const c = body.charCodeAt(i);
    if (c === 39) {
      // Only `''` can appear inside the body.
      if (!emit("'")) return null;
      i += 2;
      continue;
    }
    if (c !== 92) {
      let j = i + 1;
      while (j < n && body.charCodeAt(j) !== 92 && body.charCodeAt(j) !== 39) j++;
      if (!emit(body.slice(i, j))) return null;
      i = j;
      continue;
    }
    const d = body.charCodeAt(i + 1);
    if (isOctal(d)) {
      let j = i + 1;
      let value = 0;
      while (j < n && j < i + 4 && isOctal(body.charCodeAt(j)))
        value = value * 8 + body.charCodeAt(j++) - 48;
      if (!unicode.settled) return null;
      bytes.push(value);
      i = j;
    } else if (d === 120 && isHex(body.charCodeAt(i + 2))) {
      const len = isHex(body.charCodeAt(i + 3)) ? 2 : 1;
      if (!unicode.settled) return null;
      bytes.push(Number.parseInt(body.slice(i + 2, i + 2 + len), 16));
      i += 2 + len;
    } else if (d === 117 || d === 85) {
      const len = d === 117 ? 4 : 8;
      const code = hexDigits(body, i + 2, len);
      if (code === null) return null;
      const pending = bytes.flush();
      if (pending === null) return null;
      const piece = unicode.add(code);
      if (piece === null) return null;
      out += pending + piece;
      i += 2 + len;
    } else {
      const ch = body[i + 1] ?? '';
      if (!emit(simpleEscapes[ch] ?? ch)) return null;
      i += 2;
    }
  }
  return emit('') ? out : null;
}

/**
 * A Unicode string (U&'...' with an optional UESCAPE): `\XXXX`, `\+XXXXXX`, `\\` is the escape
 * character itself; `''` is a quote. Also used for U&"..." identifiers (with `""` as the quote).
 */
export function decodeUnicode(body: string, escapeChar = '\\', quote = "'"): string | null {
  const unicode = new UnicodeRun();
  let out = '';
  let i = 0;
  const n = body.length;
  while (i < n) {
    const ch = body[i]!;
    if (ch === quote) {
      if (!unicode.settled) return null;
      out += quote;
      i += 2;
    } else if (ch !== escapeChar) {
      if (!unicode.settled) return null;
      out += ch;
      i++;
    } else if (body[i + 1] === escapeChar) {
      if (!unicode.settled) return null;
      out += escapeChar;
      i += 2;
    } else {
      const plus = body[i + 1] === '+';
      const len = plus ? 6 : 4;
      const code = hexDigits(body, i + (plus ? 2 : 1), len);
      if (code === null) return null;
      const piece = unicode.add(code);
      if (piece === null) return null;
      out += piece;
      i += (plus ? 2 : 1) + len;
    }
  }
  return unicode.settled ? out : null;
}

/** B'0101': the bits as written, or null when anything but 0 and 1 is there. */
export function decodeBits(body: string): string | null {
  return /^[01]*$/.test(body) ? body : null;
}

/** X'1F': four bits per hex digit (`00011111`), or null when not hex. */
export function decodeHexBits(body: string): string | null {
  if (!/^[0-9A-Fa-f]*$/.test(body)) return null;
  let out = '';
  for (const ch of body) out += Number.parseInt(ch, 16).toString(2).padStart(4, '0');
  return out;
}

/** A UESCAPE character must not be a hex digit, `+`, a quote or whitespace. */
export function isValidUescape(ch: string): boolean {
  return ch.length === 1 && !/[0-9A-Fa-f+'"\s]/.test(ch);
}
