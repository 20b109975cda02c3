// The value of a string literal token, for the few places where the splitter needs one: COPY
// options (DELIMITER E'\t'), UESCAPE characters and SET values. The text is decoded as the row
// readers decode it (sql/rows/string-literal.ts); a literal the server would reject gives null.

import { decodeEscape, decodeStandard, decodeUnicode } from '../rows/string-literal.js';
import type { TokenView } from './token-view.js';
import { DOLLAR_STRING, ESCAPE_STRING, STRING, UNICODE_STRING } from './tokens.js';

/** The value of the string literal at token i, or null when it is not a (decodable) string. */
export function stringAt(view: TokenView, i: number): string | null {
  const kind = view.kind(i);
  const raw = view.raw(i);
  const open = raw.indexOf("'");
  switch (kind) {
    case STRING:
      return decodeStandard(raw.slice(open + 1, -1));
    case ESCAPE_STRING:
      return decodeEscape(raw.slice(open + 1, -1));
    case UNICODE_STRING:
      return decodeUnicode(raw.slice(open + 1, -1), uescapeAt(view, i + 1));
    case DOLLAR_STRING: {
      const tag = raw.slice(0, raw.indexOf('$', 1) + 1);
      return raw.slice(tag.length, raw.length - tag.length);
    }
    default:
      return null;
  }
}

/** The escape character of the U&'...' or U&"..." token before token i: its UESCAPE, or `\`. */
export function uescapeAt(view: TokenView, i: number): string {
  if (!view.is(i, 'uescape')) return '\\';
  const custom = stringAt(view, i + 1);
  return custom !== null && custom.length === 1 ? custom : '\\';
}
