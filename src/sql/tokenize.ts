// A small SQL tokenizer for the places that must find words in a whole statement without being
// fooled by strings, quoted names, dollar quotes or comments: reading transaction control and
// SET, psql variable substitution, the sandbox's checks of what a statement does. It does not
// parse; where a string, comment, name or number ends is decided by the scanners of sql/rows.

import { readIdentifier } from './rows/identifier.js';
import {
  dollarTagLength,
  escapeQuotedEnd,
  isIdentChar,
  isIdentStart,
  isSpace,
  quotedEnd,
  quotedIdentEnd,
  skipSpace,
  wordEnd,
} from './rows/lex.js';
import { numberEnd } from './rows/number-token.js';

export type TokenKind =
  /** A bare word: keyword or unquoted identifier (`$` allowed after the first character). */
  | 'word'
  /** `"Name"` or `U&"..."`. */
  | 'quoted-identifier'
  /** `'...'` with any prefix (E, B, X, N, U&). */
  | 'string'
  /** `$tag$...$tag$`. */
  | 'dollar-string'
  | 'number'
  /** `$1`. */
  | 'parameter'
  /** psql `:name`, `:'name'`, `:"name"` (only when asked for). */
  | 'psql-variable'
  /** Operators and punctuation; `::` is one token, brackets and `,;.` are one character each. */
  | 'symbol';

export interface Token {
  kind: TokenKind;
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
}

export interface TokenizeOptions {
  /**
   * standard_conforming_strings: when off, a backslash escapes the next character in plain
   * `'...'` strings too. On by default since PostgreSQL 9.1, and pg_dump sets it on.
   */
  standardConformingStrings?: boolean;
  /** Recognise psql variable references (`:name`, `:'name'`, `:"name"`). */
  psqlVariables?: boolean;
}

const OPERATOR_CHARS = '+-*/<>=~!@#%^&|`?';
const SINGLE_CHARS = '()[],;.:';

/** psql's variable_char: letters, digits, underscore and any non-ASCII character, no `$`. */
export function isPsqlVariableChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return isIdentChar(code) && code !== 36;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The end a scanner of sql/rows/lex.ts found, or the end of the text when it found none. */
function orTextEnd(end: number, text: string): number {
  return end < 0 ? text.length : end;
}

export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  const standard = options.standardConformingStrings ?? true;
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  const push = (kind: TokenKind, start: number, end: number) => {
    tokens.push({ kind, start, end });
    i = end;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    const lower = c | 0x20;
    if (isSpace(c) || (c === 45 && next === 45) || (c === 47 && next === 42)) {
      i = orTextEnd(skipSpace(text, i), text);
    } else if (c === 39) {
      const end = standard ? quotedEnd(text, i + 1) : escapeQuotedEnd(text, i + 1);
      push('string', i, orTextEnd(end, text));
    } else if (next === 39 && (lower === 101 || lower === 98 || lower === 120 || lower === 110)) {
      // E'', and B'', X'', N'' read as plain strings are: backslashes escape when scs is off.
      const escapes = lower === 101 || !standard;
      const end = escapes ? escapeQuotedEnd(text, i + 2) : quotedEnd(text, i + 2);
      push('string', i, orTextEnd(end, text));
    } else if (lower === 117 && next === 38 && text.charCodeAt(i + 2) === 39) {
      push('string', i, orTextEnd(quotedEnd(text, i + 3), text));
    } else if (lower === 117 && next === 38 && text.charCodeAt(i + 2) === 34) {
      push('quoted-identifier', i, orTextEnd(quotedIdentEnd(text, i + 3), text));
    } else if (c === 34) {
      push('quoted-identifier', i, orTextEnd(quotedIdentEnd(text, i + 1), text));
    } else if (c === 36) {
      const tag = dollarTagLength(text, i);
      if (tag > 0) {
        const close = text.indexOf(text.slice(i, i + tag), i + tag);
        push('dollar-string', i, close === -1 ? n : close + tag);
      } else if (isDigit(next)) {
        let j = i + 1;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
        push('parameter', i, j);
      } else {
        push('symbol', i, i + 1);
      }
    } else if (isIdentStart(c)) {
      push('word', i, wordEnd(text, i));
    } else if (isDigit(c) || (c === 46 && isDigit(next))) {
      push('number', i, numberTokenEnd(text, i));
    } else if (c === 58 && next === 58) {
      push('symbol', i, i + 2);
    } else if (c === 58 && options.psqlVariables) {
      const end = psqlVariableEnd(text, i);
      if (end !== null) push('psql-variable', i, end);
      else push('symbol', i, i + 1);
    } else if (SINGLE_CHARS.includes(text[i]!)) {
      push('symbol', i, i + 1);
    } else if (OPERATOR_CHARS.includes(text[i]!)) {
      let j = i + 1;
      // An operator ends where a comment starts.
      while (
        j < n &&
        OPERATOR_CHARS.includes(text[j]!) &&
        !(text[j] === '-' && text[j + 1] === '-') &&
        !(text[j] === '/' && text[j + 1] === '*')
      ) {
        j++;
      }
      push('symbol', i, j);
    } else {
      push('symbol', i, i + 1);
    }
  }
  return tokens;
}

/** A numeric constant as the server reads it; a malformed one (`123abc`) is one bad token. */
function numberTokenEnd(text: string, start: number): number {
  const end = numberEnd(text, start);
  if (end >= 0) return end;
  let j = start + 1;
  while (j < text.length && (isIdentChar(text.charCodeAt(j)) || text.charCodeAt(j) === 46)) j++;
  return j;
}

/** `:name`, `:'name'` or `:"name"` starting at the colon; null when none is there. */
function psqlVariableEnd(text: string, colon: number): number | null {
  const first = text[colon + 1] ?? '';
  if (first === "'" || first === '"') {
    let j = colon + 2;
    while (j < text.length && isPsqlVariableChar(text[j]!)) j++;
    return j > colon + 2 && text[j] === first ? j + 1 : null;
  }
  let j = colon + 1;
  while (j < text.length && isPsqlVariableChar(text[j]!)) j++;
  return j > colon + 1 ? j : null;
}

/** The token's text. */
export function tokenText(text: string, token: Token): string {
  return text.slice(token.start, token.end);
}

/** A word token's text in lower case, or null for any other token. */
export function wordOf(text: string, token: Token | undefined): string | null {
  return token?.kind === 'word' ? text.slice(token.start, token.end).toLowerCase() : null;
}

/**
 * The identifier a word or quoted-identifier token names, as PostgreSQL stores it (read by
 * sql/rows/identifier.ts): bare words folded to lower case (ASCII only, as the server does),
 * quoted names as written, U&"..." decoded. Null for other tokens.
 */
export function identifierOf(text: string, token: Token | undefined): string | null {
  if (token?.kind !== 'word' && token?.kind !== 'quoted-identifier') return null;
  return readIdentifier(text, token.start)?.name ?? null;
}
