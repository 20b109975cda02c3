// Numeric constants as the SQL scanner reads them (PostgreSQL 16+ syntax: `1_000`, `0x1F`,
// `0o17`, `0b101`, `1.5`, `.5`, `5.`, `1e3`). An integer constant becomes a number, so its text
// is the canonical decimal (`007` → `7`, `0x1F` → `31`); any other constant keeps its spelling.

import { isIdentChar } from './lex.js';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function radixDigit(c: number, radix: number): boolean {
  if (radix === 16) return isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
  return c >= 48 && c < 48 + radix;
}

/** Digits of `radix` with single `_` between them, from `pos`: the end (pos when none). */
function digitsEnd(text: string, pos: number, radix: number): number {
  if (!radixDigit(text.charCodeAt(pos), radix)) return pos;
  let p = pos + 1;
  for (;;) {
    const c = text.charCodeAt(p);
    if (radixDigit(c, radix)) p++;
    else if (c === 95 && radixDigit(text.charCodeAt(p + 1), radix)) p += 2;
    else return p;
  }
}

const prefixRadix: Record<number, number> = { 120: 16, 111: 8, 98: 2 };

/**
 * The end of the numeric constant starting at `pos`, or -1 when there is none or the server
 * would reject it (`123abc` is "trailing junk", `1e` is not a number).
 */
export function numberEnd(text: string, pos: number): number {
  const first = text.charCodeAt(pos);
  let p = pos;
  if (first === 48) {
    const radix = prefixRadix[text.charCodeAt(pos + 1) | 0x20];
    if (radix !== undefined) {
      // `0x_1F` is allowed: the underscore may follow the prefix.
      let start = pos + 2;
      if (text.charCodeAt(start) === 95) start++;
      const end = digitsEnd(text, start, radix);
      if (end === start) return -1;
      return isIdentChar(text.charCodeAt(end)) ? -1 : end;
    }
  }
  if (isDigit(first)) p = digitsEnd(text, pos, 10);
  if (text.charCodeAt(p) === 46) {
    if (p === pos && !isDigit(text.charCodeAt(p + 1))) return -1;
    p = digitsEnd(text, p + 1, 10);
  } else if (p === pos) {
    return -1;
  }
  if ((text.charCodeAt(p) | 0x20) === 101) {
    let q = p + 1;
    const sign = text.charCodeAt(q);
    if (sign === 43 || sign === 45) q++;
    const end = digitsEnd(text, q, 10);
    if (end === q) return -1;
    p = end;
  }
  return isIdentChar(text.charCodeAt(p)) ? -1 : p;
}

/** True for an integer constant (no point, no exponent). */
export function isIntegerToken(token: string): boolean {
  const second = token.charCodeAt(1) | 0x20;
  if (token.charCodeAt(0) === 48 && (second === 120 || second === 111 || second === 98))
    return true;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c === 46 || c === 101 || c === 69) return false;
  }
  return true;
}

/**
 * The text the server gives a constant: integers in canonical decimal, other numbers as
 * written without their digit separators.
 */
export function numberTokenText(token: string): string {
  const plain = token.includes('_') ? token.replaceAll('_', '') : token;
  if (!isIntegerToken(plain)) return plain;
  if (plain.length === 1 || plain.charCodeAt(0) !== 48) return plain;
  const prefix = plain.charCodeAt(1) | 0x20;
  if (prefix === 120 || prefix === 111 || prefix === 98) {
    return BigInt(`0${String.fromCharCode(prefix)}${plain.slice(2)}`).toString();
  }
  return BigInt(plain).toString();
}

/** `-` applied to a constant's text: the server folds it into the constant (`-0` is `0`). */
export function negateNumberText(text: string): string {
  if (isIntegerToken(text) && /^0+$/.test(text)) return '0';
  return `-${text}`;
}
