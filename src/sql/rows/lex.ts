// Character-level scanning of SQL text, shared by the row readers: whitespace and comments,
// identifiers, and where each kind of string literal ends. Every function takes a position and
// returns the position after what it read, or -1 when the text is cut off (an unterminated
// comment or string), so that callers can give up and leave the statement to the full parser.

/** Space, \t, \n, \v, \f, \r: PostgreSQL's `space`. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** A letter, `_`, or any non-ASCII character (the scanner's ident_start). */
export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

/** ident_cont: ident_start, digits and `$`. */
export function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
}

/** Skips whitespace, `--` comments and nested block comments; -1 on an unterminated comment. */
export function skipSpace(text: string, pos: number): number {
  const n = text.length;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === 32 || (c >= 9 && c <= 13)) {
      pos++;
    } else if (c === 45 && text.charCodeAt(pos + 1) === 45) {
      pos = lineCommentEnd(text, pos + 2);
    } else if (c === 47 && text.charCodeAt(pos + 1) === 42) {
      pos = blockCommentEnd(text, pos + 2);
      if (pos < 0) return -1;
    } else {
      break;
    }
  }
  return pos;
}

/** The position of the newline that ends a `--` comment (or the end of the text). */
export function lineCommentEnd(text: string, pos: number): number {
  const n = text.length;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === 10 || c === 13) return pos;
    pos++;
  }
  return n;
}

/** After the opening `/*`: the position after the matching `*\/` (they nest), or -1. */
function blockCommentEnd(text: string, pos: number): number {
  let depth = 1;
  const n = text.length;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === 42 && text.charCodeAt(pos + 1) === 47) {
      pos += 2;
      if (--depth === 0) return pos;
    } else if (c === 47 && text.charCodeAt(pos + 1) === 42) {
      pos += 2;
      depth++;
    } else {
      pos++;
    }
  }
  return -1;
}

/** After an opening `'` of a standard string: the position after the closing quote, or -1. */
export function quotedEnd(text: string, pos: number): number {
  for (;;) {
    const q = text.indexOf("'", pos);
    if (q < 0) return -1;
    if (text.charCodeAt(q + 1) !== 39) return q + 1;
    pos = q + 2;
  }
}

/** After an opening `'` of an E'' string (backslash escapes anything, `''` is a quote), or -1. */
export function escapeQuotedEnd(text: string, pos: number): number {
  const n = text.length;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === 92) {
      pos += 2;
    } else if (c === 39) {
      if (text.charCodeAt(pos + 1) !== 39) return pos + 1;
      pos += 2;
    } else {
      pos++;
    }
  }
  return -1;
}

/**
 * At a `$`: the length of a dollar-quote delimiter `$tag$` starting there, or 0 when it is not
 * one (a `$1` parameter, a lone `$`). Tags are like identifiers without `$`.
 */
export function dollarTagLength(text: string, pos: number): number {
  let p = pos + 1;
  const first = text.charCodeAt(p);
  if (first === 36) return 2;
  if (!isIdentStart(first)) return 0;
  p++;
  for (;;) {
    const c = text.charCodeAt(p);
    if (c === 36) return p + 1 - pos;
    if (!(isIdentStart(c) || (c >= 48 && c <= 57))) return 0;
    p++;
  }
}

/**
 * Adjacent string literals separated by whitespace that contains a newline are one literal
 * (`'a'` newline `'b'` is `ab`); `--` comments may sit in that whitespace, block comments may
 * not. Returns the position of the continuing quote, or -1.
 */
export function continuationQuote(text: string, pos: number): number {
  let newline = false;
  const n = text.length;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === 10 || c === 13) {
      newline = true;
      pos++;
    } else if (c === 32 || c === 9 || c === 11 || c === 12) {
      pos++;
    } else if (c === 45 && text.charCodeAt(pos + 1) === 45) {
      pos = lineCommentEnd(text, pos + 2);
    } else {
      return c === 39 && newline ? pos : -1;
    }
  }
  return -1;
}

const NAME_BYTES = 63;

/** PostgreSQL keeps at most 63 bytes of an identifier, cut at a character boundary. */
export function truncateIdentifier(name: string): string {
  // A UTF-16 unit is at most 3 bytes of UTF-8 (a pair of them 4), so short names always fit.
  if (name.length <= NAME_BYTES / 3) return name;
  let bytes = 0;
  let i = 0;
  while (i < name.length) {
    const codePoint = name.codePointAt(i)!;
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    if (bytes > NAME_BYTES) return name.slice(0, i);
    i += codePoint > 0xffff ? 2 : 1;
  }
  return name;
}

/** Unquoted identifiers fold ASCII letters only (the server's rule for UTF-8 databases). */
export function foldIdentifier(word: string): string {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 65 && c <= 90) return word.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  }
  return word;
}

/** The end of a bare word (identifier or keyword) starting at `pos`. */
export function wordEnd(text: string, pos: number): number {
  const n = text.length;
  while (pos < n && isIdentChar(text.charCodeAt(pos))) pos++;
  return pos;
}

/** True when the bare word text[start, end) is `keyword` (lowercase ASCII), in any case. */
export function isWord(text: string, start: number, end: number, keyword: string): boolean {
  if (end - start !== keyword.length) return false;
  for (let i = 0; i < keyword.length; i++) {
    // ASCII letters only: OR-ing 0x20 lowercases them and leaves `_` and digits unequal.
    if ((text.charCodeAt(start + i) | 0x20) !== keyword.charCodeAt(i)) return false;
  }
  return true;
}

/** After an opening `"`: the position after the closing one (`""` is a quote inside), or -1. */
export function quotedIdentEnd(text: string, pos: number): number {
  for (;;) {
    const q = text.indexOf('"', pos);
    if (q < 0) return -1;
    if (text.charCodeAt(q + 1) !== 34) return q + 1;
    pos = q + 2;
  }
}

/**
 * After an opening `(`: the position after the `)` that closes it, strings, quoted names and
 * comments skipped; -1 when it is not closed.
 */
export function groupEnd(text: string, pos: number, scs = true): number {
  let depth = 1;
  const n = text.length;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === 40) {
      depth++;
      pos++;
    } else if (c === 41) {
      pos++;
      if (--depth === 0) return pos;
    } else if (c === 45 || c === 47) {
      const next = skipSpace(text, pos);
      if (next < 0) return -1;
      pos = next === pos ? pos + 1 : next;
    } else {
      pos = tokenEnd(text, pos, scs);
      if (pos < 0) return -1;
    }
  }
  return -1;
}

/**
 * From `pos`, the first bare words `first second` (keywords, given in lowercase) outside
 * parentheses: the position after them and the space that follows; -1 when they are not there.
 */
export function findWords(
  text: string,
  pos: number,
  first: string,
  second: string,
  scs = true,
): number {
  let depth = 0;
  const n = text.length;
  for (;;) {
    pos = skipSpace(text, pos);
    if (pos < 0 || pos >= n) return -1;
    const c = text.charCodeAt(pos);
    if (c === 40 || c === 41) {
      depth += c === 40 ? 1 : -1;
      pos++;
      continue;
    }
    const end = tokenEnd(text, pos, scs);
    if (end < 0) return -1;
    if (depth === 0 && isWord(text, pos, end, first)) {
      const next = skipSpace(text, end);
      if (next < 0) return -1;
      const nextEnd = wordEnd(text, next);
      if (isWord(text, next, nextEnd, second)) return skipSpace(text, nextEnd);
    }
    pos = end;
  }
}

/**
 * The end of the token at `pos`, for skipping over SQL without understanding it: a string of
 * any kind with its prefix (E'', U&'', B'', typed `date '...'` ends at the word), a quoted
 * identifier, a dollar-quoted string, a word, or any other single character. -1 when a string
 * or identifier is not closed. `scs`: standard_conforming_strings.
 */
export function tokenEnd(text: string, pos: number, scs: boolean): number {
  const c = text.charCodeAt(pos);
  if (c === 39) return scs ? quotedEnd(text, pos + 1) : escapeQuotedEnd(text, pos + 1);
  if (c === 34) return quotedIdentEnd(text, pos + 1);
  if (c === 36) {
    const tag = dollarTagLength(text, pos);
    if (tag === 0) return pos + 1;
    const close = text.indexOf(text.slice(pos, pos + tag), pos + tag);
    return close < 0 ? -1 : close + tag;
  }
  if (!isIdentStart(c)) return pos + 1;
  const end = wordEnd(text, pos);
  const next = text.charCodeAt(end);
  const single = end === pos + 1;
  if (next === 39) {
    // Only E'' (or any string with scs off) lets a backslash hide a quote.
    const backslashes = !scs || (single && (c | 0x20) === 101);
    return backslashes ? escapeQuotedEnd(text, end + 1) : quotedEnd(text, end + 1);
  }
  if (single && (c | 0x20) === 117 && next === 38) {
    const q = text.charCodeAt(end + 1);
    if (q === 39) return quotedEnd(text, end + 2);
    if (q === 34) return quotedIdentEnd(text, end + 2);
  }
  return end;
}
