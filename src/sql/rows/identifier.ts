// Identifiers as written in SQL text → the raw names the catalog holds: bare words fold to
// lowercase, "quoted" ones keep their case with `""` as a quote, U&"..." decode their escapes,
// and every name is cut to the server's 63 bytes.

import {
  foldIdentifier,
  isIdentStart,
  isWord,
  quotedEnd,
  quotedIdentEnd,
  skipSpace,
  truncateIdentifier,
  wordEnd,
} from './lex.js';
import { decodeUnicode, isValidUescape } from './string-literal.js';

export interface ReadName {
  name: string;
  /** Position after the identifier (after a UESCAPE clause when there is one). */
  end: number;
  /** It was written in double quotes, so it can be a keyword. */
  quoted: boolean;
}

/** The identifier at `pos`, or null when there is none (or it is malformed). */
export function readIdentifier(text: string, pos: number): ReadName | null {
  const c = text.charCodeAt(pos);
  if (c === 34) {
    const end = quotedIdentEnd(text, pos + 1);
    if (end < 0 || end === pos + 2) return null;
    const body = text.slice(pos + 1, end - 1);
    const name = body.includes('""') ? body.replaceAll('""', '"') : body;
    return { name: truncateIdentifier(name), end, quoted: true };
  }
  if (
    (c === 85 || c === 117) &&
    text.charCodeAt(pos + 1) === 38 &&
    text.charCodeAt(pos + 2) === 34
  ) {
    return readUnicodeIdentifier(text, pos);
  }
  if (!isIdentStart(c)) return null;
  const end = wordEnd(text, pos);
  return { name: truncateIdentifier(foldIdentifier(text.slice(pos, end))), end, quoted: false };
}

function readUnicodeIdentifier(text: string, pos: number): ReadName | null {
  const end = quotedIdentEnd(text, pos + 3);
  if (end < 0 || end === pos + 4) return null;
  const uescape = readUescape(text, end);
  if (uescape === null) return null;
  const name = decodeUnicode(text.slice(pos + 3, end - 1), uescape.escapeChar, '"');
  if (name === null || name === '') return null;
  return { name: truncateIdentifier(name), end: uescape.end, quoted: true };
}

/**
 * After a U&'...' or U&"..." literal: an optional `UESCAPE 'c'`. Returns the escape character
 * and the position after the clause (or `pos` unchanged when there is none); null when malformed.
 */
export function readUescape(text: string, pos: number): { escapeChar: string; end: number } | null {
  const at = skipSpace(text, pos);
  if (at < 0) return null;
  const wEnd = wordEnd(text, at);
  if (!isWord(text, at, wEnd, 'uescape')) return { escapeChar: '\\', end: pos };
  const q = skipSpace(text, wEnd);
  if (q < 0 || text.charCodeAt(q) !== 39) return null;
  const end = quotedEnd(text, q + 1);
  if (end < 0) return null;
  const body = text.slice(q + 1, end - 1);
  const escapeChar = body === "''" ? "'" : body;
  if (!isValidUescape(escapeChar)) return null;
  return { escapeChar, end };
}

export interface ReadQualifiedName {
  /** One to three parts: name, schema.name, or catalog.schema.name. */
  parts: string[];
  end: number;
}

/** A dotted name (`a`, `"S".t`, `s . t`), or null. */
export function readQualifiedName(text: string, pos: number): ReadQualifiedName | null {
  const parts: string[] = [];
  for (;;) {
    const id = readIdentifier(text, pos);
    if (id === null) return null;
    parts.push(id.name);
    const after = skipSpace(text, id.end);
    if (after < 0) return null;
    if (text.charCodeAt(after) !== 46 || parts.length === 3) return { parts, end: id.end };
    const next = skipSpace(text, after + 1);
    if (next < 0) return null;
    pos = next;
  }
}
