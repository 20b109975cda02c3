// The value of a string literal token, for the few places where the splitter needs one: COPY
// options (DELIMITER E'\t'), UESCAPE characters and SET values.

import type { TokenView } from './token-view.js';
import { DOLLAR_STRING, ESCAPE_STRING, STRING, UNICODE_STRING } from './tokens.js';

const SIMPLE_ESCAPES = new Map([
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);

function isHex(c: string): boolean {
  return /^[0-9A-Fa-f]$/.test(c);
}

/** Backslash escapes of E'...' (the `''` pairs already undone by the caller or not: both work). */
export function decodeEscapeString(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "'" && body[i + 1] === "'") {
      out += "'";
      i++;
      continue;
    }
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const d = body[++i]!;
    const simple = SIMPLE_ESCAPES.get(d);
    if (simple !== undefined) {
      out += simple;
    } else if (d >= '0' && d <= '7') {
      let digits = d;
      while (digits.length < 3 && body[i + 1]! >= '0' && body[i + 1]! <= '7') digits += body[++i];
      out += String.fromCharCode(Number.parseInt(digits, 8) & 0xff);
    } else if (d === 'x' && isHex(body[i + 1] ?? '')) {
      let digits = body[++i]!;
      if (isHex(body[i + 1] ?? '')) digits += body[++i];
      out += String.fromCharCode(Number.parseInt(digits, 16));
    } else if (
      (d === 'u' || d === 'U') &&
      /^[0-9A-Fa-f]+$/.test(body.slice(i + 1, i + (d === 'u' ? 5 : 9)))
    ) {
      const length = d === 'u' ? 4 : 8;
      out += String.fromCodePoint(Number.parseInt(body.slice(i + 1, i + 1 + length), 16));
      i += length;
    } else {
      out += d;
    }
  }
  return out;
}

/** U&'...' and U&"..." escapes: `\XXXX`, `\+XXXXXX`, and the escape doubled; null when malformed. */
export function decodeUnicodeEscapes(body: string, escapeChar: string): string | null {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== escapeChar) {
      out += c;
      continue;
    }
    if (body[i + 1] === escapeChar) {
      out += escapeChar;
      i++;
      continue;
    }
    const plus = body[i + 1] === '+';
    const length = plus ? 6 : 4;
    const hex = body.slice(i + (plus ? 2 : 1), i + (plus ? 2 : 1) + length);
    if (hex.length !== length || !/^[0-9A-Fa-f]+$/.test(hex)) return null;
    const codePoint = Number.parseInt(hex, 16);
    if (codePoint > 0x10ffff) return null;
    out += String.fromCodePoint(codePoint);
    i += length + (plus ? 1 : 0);
  }
  // A surrogate pair written as two escapes has become two units, which is the right string.
  return out;
}

/** The value of the string literal at token i, or null when it is not a (decodable) string. */
export function stringAt(view: TokenView, i: number): string | null {
  const kind = view.kind(i);
  const raw = view.raw(i);
  const open = raw.indexOf("'");
  switch (kind) {
    case STRING:
      return raw.slice(open + 1, -1).replaceAll("''", "'");
    case ESCAPE_STRING:
      return decodeEscapeString(raw.slice(open + 1, -1));
    case UNICODE_STRING: {
      const body = raw.slice(open + 1, -1).replaceAll("''", "'");
      let escapeChar = '\\';
      if (view.is(i + 1, 'uescape')) {
        const custom = stringAt(view, i + 2);
        if (custom !== null && custom.length === 1) escapeChar = custom;
      }
      return decodeUnicodeEscapes(body, escapeChar);
    }
    case DOLLAR_STRING: {
      const tag = raw.slice(0, raw.indexOf('$', 1) + 1);
      return raw.slice(tag.length, raw.length - tag.length);
    }
    default:
      return null;
  }
}
