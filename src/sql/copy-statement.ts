// The parts of `COPY table [(columns)] FROM STDIN ...` that fkdoctor rewrites: the table (to
// load the same data elsewhere), the column list, and the STDIN word (PGlite reads a file).

import type { Span } from '../model/script.js';
import { type Token, tokenize, wordOf } from './tokenize.js';

export interface CopyFromStdin {
  /** The table name as written, qualified or not. */
  target: Span;
  /** The column list with its parentheses, or null when the statement has none. */
  columns: Span | null;
  /** The `STDIN` (or psql's `PSTDIN`) word. */
  source: Span;
}

/**
 * Finds the parts of a `COPY ... FROM STDIN` statement (also the text of a psql `\copy` line
 * after its backslash); null for any other statement, including `COPY (query) TO ...`.
 */
export function findCopyFromStdin(
  sql: string,
  tokens: Token[] = tokenize(sql),
): CopyFromStdin | null {
  let i = 0;
  if (wordOf(sql, tokens[i]) !== 'copy') return null;
  i++;
  // `COPY BINARY table`: the pre-7.3 spelling, still accepted.
  if (wordOf(sql, tokens[i]) === 'binary' && isNamePart(tokens[i + 1])) i++;
  const targetStart = tokens[i];
  if (!targetStart || !isNamePart(targetStart)) return null;
  let targetEnd = targetStart;
  i++;
  while (isSymbol(sql, tokens[i], '.') && isNamePart(tokens[i + 1])) {
    targetEnd = tokens[i + 1]!;
    i += 2;
  }
  let columns: Span | null = null;
  if (isSymbol(sql, tokens[i], '(')) {
    const close = matchingParen(sql, tokens, i);
    if (close === null) return null;
    columns = { start: tokens[i]!.start, end: tokens[close]!.end };
    i = close + 1;
  }
  if (wordOf(sql, tokens[i]) !== 'from') return null;
  const source = tokens[i + 1];
  const word = wordOf(sql, source);
  if (!source || (word !== 'stdin' && word !== 'pstdin')) return null;
  return {
    target: { start: targetStart.start, end: targetEnd.end },
    columns,
    source: { start: source.start, end: source.end },
  };
}

function isNamePart(token: Token | undefined): boolean {
  return token?.kind === 'word' || token?.kind === 'quoted-identifier';
}

function isSymbol(sql: string, token: Token | undefined, symbol: string): boolean {
  return token?.kind === 'symbol' && sql.slice(token.start, token.end) === symbol;
}

/** Index of the `)` that closes the `(` at `open`, or null. */
export function matchingParen(sql: string, tokens: Token[], open: number): number | null {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isSymbol(sql, tokens[i], '(')) depth++;
    else if (isSymbol(sql, tokens[i], ')')) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return null;
}

/** The statement with its STDIN source replaced by a quoted file name (PGlite's `/dev/blob`). */
export function copyFromFileInstead(sql: string, fileLiteral: string): string | null {
  const parts = findCopyFromStdin(sql);
  if (!parts) return null;
  return sql.slice(0, parts.source.start) + fileLiteral + sql.slice(parts.source.end);
}
