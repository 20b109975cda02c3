// One value of a VALUES row, read straight from the SQL text: simple literals get the text the
// server would see (string escapes decoded, integer constants in decimal, a cast's operand),
// everything else is an `expression` whose value only the server can know.

import type { Span } from '../../model/script.js';
import { readUescape } from './identifier.js';
import {
  continuationQuote,
  dollarTagLength,
  escapeQuotedEnd,
  isIdentStart,
  isSpace,
  isWord,
  quotedEnd,
  skipSpace,
  tokenEnd,
  wordEnd,
} from './lex.js';
import { negateNumberText, numberEnd, numberTokenText } from './number-token.js';
import {
  decodeBits,
  decodeEscape,
  decodeHexBits,
  decodeStandard,
  decodeUnicode,
} from './string-literal.js';
import { readTypeName } from './type-name.js';

export type RowValueKind = 'string' | 'number' | 'null' | 'default' | 'boolean' | 'expression';

export interface RowValue {
  /** The value's source, from its first token to the end of its last (no surrounding space). */
  span: Span;
  kind: RowValueKind;
  /**
   * The literal's text as the server sees it (`'O''Brien'` → `O'Brien`; numbers as written,
   * integers in decimal; booleans `true`/`false`); null for null, default and expression.
   */
  text: string | null;
  /**
   * The type the literal is cast to (`'42'::int`, `CAST(... AS int)`, `date '...'`), as written
   * with names folded and words single-spaced (`integer`, `pg_catalog.int4`, `text[]`,
   * `character varying`); null when there is no cast.
   */
  cast: string | null;
}

export interface LiteralOptions {
  /**
   * standard_conforming_strings (on unless a script turns it off): when off, backslashes in
   * plain '...' strings are escapes, as in E'...'.
   */
  standardConformingStrings?: boolean;
}

// readSimple fills this instead of returning a fresh object for every value of every row.
const simple = {
  kind: 'null' as RowValueKind,
  text: null as string | null,
  cast: null as string | null,
  end: 0,
};

const NOT_SIMPLE = 0;
const SIMPLE = 1;
const MALFORMED = -1;

/**
 * Reads the value starting at `pos` (no leading space). Returns it with its span, or null when
 * the text is malformed (an unterminated string or comment, unbalanced brackets, a `;`). The
 * value ends before a `,` or `)` at bracket depth 0, or at the end of the text.
 */
export function readValue(
  text: string,
  pos: number,
  options: LiteralOptions = {},
): RowValue | null {
  const scs = options.standardConformingStrings !== false;
  const status = readSimple(text, pos, scs);
  if (status === MALFORMED) return null;
  if (status === SIMPLE) {
    const value = finishSimple(text, pos);
    if (value !== undefined) return value;
  }
  const end = expressionEnd(text, pos, scs);
  if (end < 0) return null;
  return { span: { start: pos, end }, kind: 'expression', text: null, cast: null };
}

/**
 * The literal in `simple`, with a `::type` after it, when the value ends there; undefined when
 * more follows (it is part of an expression), null when the text is malformed.
 */
function finishSimple(text: string, start: number): RowValue | null | undefined {
  let end = simple.end;
  let cast = simple.cast;
  const c = text.charCodeAt(end);
  if (c === 44 || c === 41) {
    return { span: { start, end }, kind: simple.kind, text: simple.text, cast };
  }
  let after = skipSpace(text, end);
  if (after < 0) return null;
  if (text.charCodeAt(after) === 58 && text.charCodeAt(after + 1) === 58) {
    // One cast at most: in `'1.5'::numeric::int` the second one rounds.
    if (cast !== null || !castKeepsText(simple.kind, simple.text)) return undefined;
    const type = readCastType(text, after + 2);
    if (type === null) return undefined;
    cast = type.name;
    end = type.end;
    after = skipSpace(text, end);
    if (after < 0) return null;
  }
  if (!isValueEnd(text, after)) return undefined;
  return { span: { start, end }, kind: simple.kind, text: simple.text, cast };
}

/** A cast rounds a fractional number (`1.7::int` is 2): then the written text is not the value. */
function castKeepsText(kind: RowValueKind, text: string | null): boolean {
  return kind !== 'number' || /^-?[0-9]+$/.test(text!);
}

function isValueEnd(text: string, pos: number): boolean {
  const c = text.charCodeAt(pos);
  return c === 44 || c === 41 || pos >= text.length;
}

/** After `::`: a type without a modifier (a modifier can change the value: varchar(3)). */
function readCastType(text: string, pos: number): { name: string; end: number } | null {
  const at = skipSpace(text, pos);
  if (at < 0) return null;
  const type = readTypeName(text, at);
  if (type === null || type.typmod || !type.keepsText) return null;
  return type;
}

/** A literal at `pos`, maybe signed, maybe in CAST(...). Fills `simple`. */
function readSimple(text: string, pos: number, scs: boolean): number {
  const c = text.charCodeAt(pos);
  if (c === 39) return scs ? readPlainString(text, pos + 1) : readString(text, pos + 1, 'escape');
  if (c >= 48 && c <= 57) return readPlainNumber(text, pos);
  if (c === 46) return readNumber(text, pos, '');
  if (c === 45 || c === 43) {
    const at = skipSpace(text, pos + 1);
    if (at < 0) return MALFORMED;
    return readNumber(text, at, c === 45 ? '-' : '+');
  }
  if (c === 36) return readDollar(text, pos);
  if (!isIdentStart(c)) return NOT_SIMPLE;
  const wEnd = wordEnd(text, pos);
  const next = text.charCodeAt(wEnd);
  if (next === 39) return readPrefixedString(text, pos, wEnd, scs);
  if (wEnd === pos + 1 && (c | 0x20) === 117 && next === 38 && text.charCodeAt(wEnd + 1) === 39) {
    if (!scs) {
      // The server refuses U&'' strings when standard_conforming_strings is off.
      const end = quotedEnd(text, wEnd + 2);
      return end < 0 ? MALFORMED : NOT_SIMPLE;
    }
    return readString(text, wEnd + 2, 'unicode');
  }
  switch (wEnd - pos) {
    case 4:
      if (isWord(text, pos, wEnd, 'null')) return setSimple('null', null, wEnd);
      if (isWord(text, pos, wEnd, 'true')) return setSimple('boolean', 'true', wEnd);
      if (isWord(text, pos, wEnd, 'cast')) return readCast(text, wEnd, scs);
      break;
    case 5:
      if (isWord(text, pos, wEnd, 'false')) return setSimple('boolean', 'false', wEnd);
      break;
    case 7:
      if (isWord(text, pos, wEnd, 'default')) return setSimple('default', null, wEnd);
      break;
  }
  return readTypedLiteral(text, pos, scs);
}

function setSimple(
  kind: RowValueKind,
  text: string | null,
  end: number,
  cast: string | null = null,
): number {
  simple.kind = kind;
  simple.text = text;
  simple.cast = cast;
  simple.end = end;
  return SIMPLE;
}

function readNumber(text: string, pos: number, sign: string): number {
  const end = numberEnd(text, pos);
  if (end < 0) return NOT_SIMPLE;
  const value = numberTokenText(text.slice(pos, end));
  return setSimple('number', sign === '-' ? negateNumberText(value) : value, end);
}

/**
 * The common case first: `42`, `0`, `12.50`, no leading zeros, separators or exponent, ending
 * at `,` `)` or space. Anything else goes the general way.
 */
function readPlainNumber(text: string, pos: number): number {
  let p = pos;
  let c = text.charCodeAt(p);
  if (c === 48) {
    c = text.charCodeAt(++p);
  } else {
    while (c >= 48 && c <= 57) c = text.charCodeAt(++p);
  }
  if (c === 46) {
    c = text.charCodeAt(++p);
    while (c >= 48 && c <= 57) c = text.charCodeAt(++p);
  }
  if (c === 44 || c === 41 || c === 32 || c === 10) {
    return setSimple('number', text.slice(pos, p), p);
  }
  return readNumber(text, pos, '');
}

/** A standard '...' string: one indexOf per quote, no decoding unless it has a `''`. */
function readPlainString(text: string, pos: number): number {
  let q = text.indexOf("'", pos);
  if (q < 0) return MALFORMED;
  if (text.charCodeAt(q + 1) !== 39) {
    const c = text.charCodeAt(q + 1);
    // Only whitespace can lead to a continuation on the next line.
    if (c === 44 || c === 41 || c === 58) return setSimple('string', text.slice(pos, q), q + 1);
    if (continuationQuote(text, q + 1) < 0) return setSimple('string', text.slice(pos, q), q + 1);
    return readString(text, pos, 'standard');
  }
  // Doubled quotes: find the real end, then undouble.
  do {
    q = text.indexOf("'", q + 2);
    if (q < 0) return MALFORMED;
  } while (text.charCodeAt(q + 1) === 39);
  if (continuationQuote(text, q + 1) >= 0) return readString(text, pos, 'standard');
  return setSimple('string', text.slice(pos, q).replaceAll("''", "'"), q + 1);
}

type StringMode = 'standard' | 'escape' | 'unicode' | 'bits' | 'hex';

/** `x'..'`, `E'..'`, `N'..'`, `B'..'` or a typed literal `date '...'` with no space. */
function readPrefixedString(text: string, pos: number, wEnd: number, scs: boolean): number {
  if (wEnd === pos + 1) {
    switch (text.charCodeAt(pos) | 0x20) {
      case 101:
        return readString(text, wEnd + 1, 'escape');
      case 98:
        return readString(text, wEnd + 1, 'bits');
      case 120:
        return readString(text, wEnd + 1, 'hex');
      case 110: {
        // N'...' is a national character literal: the string as `nchar`, i.e. unlimited bpchar.
        const status = readString(text, wEnd + 1, scs ? 'standard' : 'escape');
        if (status === SIMPLE) simple.cast = 'bpchar';
        return status;
      }
    }
  }
  return readTypedLiteral(text, pos, scs);
}

/**
 * After the opening quote: the literal's body up to its closing quote, joined with the parts
 * that continue it on later lines, decoded per `mode`.
 */
function readString(text: string, pos: number, mode: StringMode): number {
  let body = '';
  let start = pos;
  for (;;) {
    const end = mode === 'escape' ? escapeQuotedEnd(text, start) : quotedEnd(text, start);
    if (end < 0) return MALFORMED;
    body = body === '' ? text.slice(start, end - 1) : body + text.slice(start, end - 1);
    const next = continuationQuote(text, end);
    if (next < 0) {
      pos = end;
      break;
    }
    start = next + 1;
  }
  let value: string | null;
  switch (mode) {
    case 'standard':
      value = decodeStandard(body);
      break;
    case 'escape':
      value = decodeEscape(body);
      break;
    case 'bits':
      value = decodeBits(body);
      break;
    case 'hex':
      value = decodeHexBits(body);
      break;
    case 'unicode': {
      const uescape = readUescape(text, pos);
      if (uescape === null) return NOT_SIMPLE;
      pos = uescape.end;
      value = decodeUnicode(body, uescape.escapeChar);
      break;
    }
  }
  // A literal the server would reject is left for the server to judge.
  if (value === null) return NOT_SIMPLE;
  return setSimple('string', value, pos);
}

function readDollar(text: string, pos: number): number {
  const tagLength = dollarTagLength(text, pos);
  if (tagLength === 0) return NOT_SIMPLE;
  const tag = text.slice(pos, pos + tagLength);
  const close = text.indexOf(tag, pos + tagLength);
  if (close < 0) return MALFORMED;
  return setSimple('string', text.slice(pos + tagLength, close), close + tagLength);
}

/** `CAST(literal AS type)` from after the word CAST. */
function readCast(text: string, pos: number, scs: boolean): number {
  const open = skipSpace(text, pos);
  if (open < 0 || text.charCodeAt(open) !== 40) return NOT_SIMPLE;
  const inner = skipSpace(text, open + 1);
  if (inner < 0) return MALFORMED;
  const status = readSimple(text, inner, scs);
  if (status !== SIMPLE) return status;
  const { kind, text: value } = simple;
  if (kind === 'default' || simple.cast !== null || !castKeepsText(kind, value)) return NOT_SIMPLE;
  const as = skipSpace(text, simple.end);
  if (as < 0) return MALFORMED;
  const asEnd = wordEnd(text, as);
  if (!isWord(text, as, asEnd, 'as')) return NOT_SIMPLE;
  const type = readCastType(text, asEnd);
  if (type === null) return NOT_SIMPLE;
  const close = skipSpace(text, type.end);
  if (close < 0) return MALFORMED;
  if (text.charCodeAt(close) !== 41) return NOT_SIMPLE;
  return setSimple(kind, value, close + 1, type.name);
}

/** `date '2024-01-01'`, `int '42'`, `timestamp with time zone '...'`: a type, then a string. */
function readTypedLiteral(text: string, pos: number, scs: boolean): number {
  const type = readTypeName(text, pos);
  if (type === null || type.typmod || !type.keepsText) return NOT_SIMPLE;
  const at = skipSpace(text, type.end);
  if (at < 0) return MALFORMED;
  const c = text.charCodeAt(at);
  let status: number;
  if (c === 39) {
    status = readString(text, at + 1, scs ? 'standard' : 'escape');
  } else if (c === 36) {
    status = readDollar(text, at);
  } else if ((c | 0x20) === 101 && text.charCodeAt(at + 1) === 39) {
    status = readString(text, at + 2, 'escape');
  } else {
    return NOT_SIMPLE;
  }
  if (status === SIMPLE) simple.cast = type.name;
  return status;
}

/**
 * The end of the last token of the expression at `pos`, which stops before a `,` or `)` at
 * depth 0 or at the end of the text; -1 when malformed.
 */
export function expressionEnd(text: string, pos: number, scs = true): number {
  let depth = 0;
  let last = pos;
  const n = text.length;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (
      isSpace(c) ||
      (c === 45 && text.charCodeAt(pos + 1) === 45) ||
      (c === 47 && text.charCodeAt(pos + 1) === 42)
    ) {
      pos = skipSpace(text, pos);
      if (pos < 0) return -1;
      continue;
    }
    if (c === 44 || c === 41) {
      if (depth === 0) return last;
      if (c === 41) depth--;
      pos++;
    } else if (c === 40 || c === 91) {
      depth++;
      pos++;
    } else if (c === 93) {
      if (--depth < 0) return -1;
      pos++;
    } else if (c === 59) {
      return -1;
    } else {
      pos = tokenEnd(text, pos, scs);
      if (pos < 0) return -1;
    }
    last = pos;
  }
  return depth === 0 ? last : -1;
}

/** A value written alone, e.g. a column default as pg_get_expr prints it (`'new'::text`). */
export function readStandaloneValue(text: string, options: LiteralOptions = {}): RowValue | null {
  const start = skipSpace(text, 0);
  if (start < 0 || start >= text.length) return null;
  const value = readValue(text, start, options);
  if (value === null) return null;
  const rest = skipSpace(text, value.span.end);
  return rest === text.length ? value : null;
}
