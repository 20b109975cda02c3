// Identifiers as PostgreSQL stores them: unquoted ones folded to lower case (ASCII letters only,
// as the server does in UTF-8), quoted ones with "" undone, U&"..." with its escapes decoded, and
// anything longer than 63 bytes cut to 63, as the server cuts it.

import { foldIdentifier, truncateIdentifier } from '../rows/lex.js';
import { decodeUnicode } from '../rows/string-literal.js';
import { uescapeAt } from './literals.js';
import type { TokenView } from './token-view.js';
import { QUOTED_IDENT, UNICODE_IDENT, WORD } from './tokens.js';

export interface TableName {
  schema: string | null;
  name: string;
}

/** The identifier at token i and the index after it (and after its UESCAPE clause), or null. */
export function identifierAt(view: TokenView, i: number): { value: string; next: number } | null {
  const kind = view.kind(i);
  if (kind === WORD) return { value: truncateIdentifier(foldIdentifier(view.raw(i))), next: i + 1 };
  if (kind === QUOTED_IDENT) {
    const raw = view.raw(i);
    return { value: truncateIdentifier(raw.slice(1, -1).replaceAll('""', '"')), next: i + 1 };
  }
  if (kind === UNICODE_IDENT) {
    const value = decodeUnicode(view.raw(i).slice(3, -1), uescapeAt(view, i + 1), '"');
    const next = view.is(i + 1, 'uescape') ? i + 3 : i + 1;
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
