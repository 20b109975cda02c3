// Identifiers as PostgreSQL stores them: unquoted ones folded to lower case (ASCII letters only,
// as the server does in UTF-8), quoted ones with "" undone, U&"..." with its escapes decoded, and
// anything longer than 63 bytes cut to 63, as the server cuts it.

import { decodeUnicodeEscapes, stringAt } from './literals.js';
import type { TokenView } from './token-view.js';
import { QUOTED_IDENT, UNICODE_IDENT, WORD } from './tokens.js';

export interface TableName {
  schema: string | null;
  name: string;
}

const NAME_BYTES = 63;

function foldLower(word: string): string {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 65 && c <= 90) return word.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
  }
  return word;
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** The server keeps the first 63 bytes of a name, never splitting a character. */
export function truncateIdentifier(name: string): string {
  // A UTF-16 unit is at most 3 bytes of UTF-8 (a pair of them 4), so short names always fit.
  if (name.length <= NAME_BYTES / 3) return name;
  let bytes = 0;
  let i = 0;
  while (i < name.length) {
    const codePoint = name.codePointAt(i)!;
    bytes += utf8Length(codePoint);
    if (bytes > NAME_BYTES) return name.slice(0, i);
    i += codePoint > 0xffff ? 2 : 1;
  }
  return name;
}

/** The identifier at token i and the index after it (and after its UESCAPE clause), or null. */
export function identifierAt(view: TokenView, i: number): { value: string; next: number } | null {
  const kind = view.kind(i);
  if (kind === WORD) return { value: truncateIdentifier(foldLower(view.raw(i))), next: i + 1 };
  if (kind === QUOTED_IDENT) {
    const raw = view.raw(i);
    return { value: truncateIdentifier(raw.slice(1, -1).replaceAll('""', '"')), next: i + 1 };
  }
  if (kind === UNICODE_IDENT) {
    const body = view.raw(i).slice(3, -1).replaceAll('""', '"');
    let escapeChar = '\\';
    let next = i + 1;
    if (view.is(next, 'uescape')) {
      const custom = stringAt(view, next + 1);
      if (custom !== null && custom.length === 1) escapeChar = custom;
      next += 2;
    }
    const value = decodeUnicodeEscapes(body, escapeChar);
    return value === null ? null : { value: truncateIdentifier(value), next };
  }
  return null;
}

/** A possibly qualified name (`a`, `s.a`, `db.s.a`) at token i, and the index after it. */
export function qualifiedNameAt(
  view: TokenView,
  i: number,
): { name: TableName; next: number } | null {
  const first = identifierAt(view, i);
  if (first === null) return null;
  let schema: string | null = null;
  let name = first.value;
  let next = first.next;
  while (view.punct(next, '.')) {
    const part = identifierAt(view, next + 1);
    if (part === null) break;
    schema = name;
    name = part.value;
    next = part.next;
  }
  return { name: { schema, name }, next };
}
