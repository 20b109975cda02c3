// The parts of an INSERT that fkdoctor rewrites or points at: the target table (to load the same
// rows into a scratch table), and the rows of a VALUES list (to say which line a row is on).

import type { Span } from '../model/script.js';
import { matchingParen } from './copy-statement.js';
import { identifierOf, type Token, tokenize, tokenText, wordOf } from './tokenize.js';

export interface InsertStatement {
  /** The table name as written, qualified or not. */
  target: Span;
  /** The table's own name (last part, folded as the server folds it). */
  relation: string;
  /** `INSERT INTO t AS alias` was written. */
  hasAlias: boolean;
  /** The column list with its parentheses, or null. */
  columns: Span | null;
  /** Each `( ... )` row of a `VALUES` list written right after the target; null otherwise. */
  valuesRows: Span[] | null;
  hasOnConflict: boolean;
}

/** Finds the parts of an INSERT (after any WITH clause); null for any other statement. */
export function findInsert(sql: string, tokens: Token[] = tokenize(sql)): InsertStatement | null {
  const word = (i: number) => wordOf(sql, tokens[i]);
  const symbol = (i: number) => (tokens[i]?.kind === 'symbol' ? tokenText(sql, tokens[i]!) : null);

  // The statement's own INSERT is the first one outside parentheses (CTE bodies are inside).
  let i = 0;
  let depth = 0;
  for (; i < tokens.length; i++) {
    if (symbol(i) === '(') depth++;
    else if (symbol(i) === ')') depth--;
    else if (depth === 0 && word(i) === 'insert' && word(i + 1) === 'into') break;
  }
  if (i >= tokens.length) return null;
  i += 2;
  const first = tokens[i];
  if (!isNamePart(first)) return null;
  let last = first!;
  i++;
  while (symbol(i) === '.' && isNamePart(tokens[i + 1])) {
    last = tokens[i + 1]!;
    i += 2;
  }
  const relation = identifierOf(sql, last);
  if (relation === null) return null;
  let hasAlias = false;
  if (word(i) === 'as') {
    hasAlias = true;
    i += 2;
  }
  let columns: Span | null = null;
  if (symbol(i) === '(' && !startsQuery(word(i + 1))) {
    const close = matchingParen(sql, tokens, i);
    if (close === null) return null;
    columns = { start: tokens[i]!.start, end: tokens[close]!.end };
    i = close + 1;
  }
  if (word(i) === 'overriding') i += 3;
  const valuesRows = word(i) === 'values' ? rowsAfter(sql, tokens, i + 1) : null;
  let hasOnConflict = false;
  depth = 0;
  for (let k = i; k < tokens.length; k++) {
    if (symbol(k) === '(') depth++;
    else if (symbol(k) === ')') depth--;
    else if (depth === 0 && word(k) === 'on' && word(k + 1) === 'conflict') hasOnConflict = true;
  }
  return {
    target: { start: first!.start, end: last.end },
    relation,
    hasAlias,
    columns,
    valuesRows,
    hasOnConflict,
  };
}

function isNamePart(token: Token | undefined): boolean {
  return token?.kind === 'word' || token?.kind === 'quoted-identifier';
}

/** `INSERT INTO t (SELECT ...)`: the parentheses hold a query, not a column list. */
function startsQuery(word: string | null): boolean {
  return word === 'select' || word === 'values' || word === 'with' || word === 'table';
}

/** The `( ... ), ( ... )` rows of a VALUES list starting at token `at`. */
function rowsAfter(sql: string, tokens: Token[], at: number): Span[] | null {
  const rows: Span[] = [];
  let i = at;
  while (tokens[i] && tokenText(sql, tokens[i]!) === '(') {
    const close = matchingParen(sql, tokens, i);
    if (close === null) return null;
    rows.push({ start: tokens[i]!.start, end: tokens[close]!.end });
    i = close + 1;
    if (!tokens[i] || tokenText(sql, tokens[i]!) !== ',') break;
    i++;
  }
  return rows.length > 0 ? rows : null;
}
