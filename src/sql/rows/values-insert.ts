// The fast path for `INSERT INTO table [AS alias] [(cols)] [OVERRIDING ... VALUE] VALUES (...),
// ... [ON CONFLICT ...] [RETURNING ...]`: the rows with their spans and literal values, read by
// hand, because data scripts are mostly this and libpg-query is over ten times slower on them
// (bench/rows.mjs). Anything else (INSERT ... SELECT, DEFAULT VALUES, WITH, ORDER BY after
// VALUES, an unterminated string) gives null and the caller turns to the full parser. `ONLY`
// is not INSERT syntax, so `INSERT INTO ONLY t` gives null too.

import type { Span } from '../../model/script.js';
import { readIdentifier, readQualifiedName } from './identifier.js';
import { isSpace, isWord, skipSpace, tokenEnd, wordEnd } from './lex.js';
import { type LiteralOptions, type RowValue, readValue } from './row-value.js';

export interface InsertRow {
  /** The parenthesised tuple, `(` to `)` inclusive, relative to the statement text. */
  span: Span;
  values: RowValue[];
}

export type Overriding = 'system' | 'user';

export interface InsertValues {
  /** The statement text the spans point into. */
  text: string;
  /** The target as written: raw names, schema null when unqualified. */
  target: { schema: string | null; name: string };
  alias: string | null;
  /** The column list, or null when none is given (the table's columns in order). */
  columns: string[] | null;
  /** OVERRIDING SYSTEM VALUE / OVERRIDING USER VALUE (the latter ignores identity values). */
  overriding: Overriding | null;
  rows: InsertRow[];
  /** From the first row's `(` to the last row's `)`. */
  valuesSpan: Span;
  /** The text before and after `valuesSpan`. */
  prefix: string;
  suffix: string;
  onConflict: boolean;
  returning: boolean;
}

/** Parses an INSERT ... VALUES statement, or returns null when it is anything else. */
export function readInsertValues(
  statementText: string,
  options: LiteralOptions = {},
): InsertValues | null {
  const text = statementText;
  let p = expectWord(text, skipSpace(text, 0), 'insert');
  p = expectWord(text, p, 'into');
  if (p < 0) return null;
  const targetName = readQualifiedName(text, p);
  if (targetName === null || targetName.parts.length > 2) return null;
  const [first, second] = targetName.parts as [string, string | undefined];
  const target =
    second === undefined ? { schema: null, name: first } : { schema: first, name: second };
  p = skipSpace(text, targetName.end);

  let alias: string | null = null;
  const asEnd = expectWord(text, p, 'as');
  if (asEnd >= 0) {
    const id = readIdentifier(text, asEnd);
    if (id === null) return null;
    alias = id.name;
    p = skipSpace(text, id.end);
  }

  let columns: string[] | null = null;
  if (text.charCodeAt(p) === 40) {
    const list = readColumnList(text, p + 1);
    if (list === null) return null;
    columns = list.columns;
    p = list.end;
  }

  let overriding: Overriding | null = null;
  const overridingEnd = expectWord(text, p, 'overriding');
  if (overridingEnd >= 0) {
    let kindEnd = expectWord(text, overridingEnd, 'system');
    overriding = 'system';
    if (kindEnd < 0) {
      kindEnd = expectWord(text, overridingEnd, 'user');
      overriding = 'user';
    }
    p = expectWord(text, kindEnd, 'value');
    if (p < 0) return null;
  }

  p = expectWord(text, p, 'values');
  if (p < 0) return null;
  const rows = readRows(text, p, options);
  if (rows === null) return null;
  const valuesSpan = { start: rows[0]!.span.start, end: rows[rows.length - 1]!.span.end };
  const tail = readTail(text, valuesSpan.end, options.standardConformingStrings !== false);
  if (tail === null) return null;
  return {
    text,
    target,
    alias,
    columns,
    overriding,
    rows,
    valuesSpan,
    prefix: text.slice(0, valuesSpan.start),
    suffix: text.slice(valuesSpan.end),
    onConflict: tail.onConflict,
    returning: tail.returning,
  };
}

/**
 * The statement with only the given rows, in the given order: the text around the VALUES list
 * and between rows is kept (the n-th gap stays the n-th gap), so the identity order gives back
 * the original text byte for byte.
 */
export function rebuildInsert(parsed: InsertValues, rowIndexes: readonly number[]): string {
  if (rowIndexes.length === 0) throw new RangeError('an INSERT needs at least one row');
  const { rows, text } = parsed;
  const parts: string[] = [parsed.prefix];
  for (let i = 0; i < rowIndexes.length; i++) {
    const row = rows[rowIndexes[i]!];
    if (row === undefined) throw new RangeError(`no row ${rowIndexes[i]} in this INSERT`);
    if (i > 0) {
      const before = rows[i - 1];
      const after = rows[i];
      parts.push(before && after ? text.slice(before.span.end, after.span.start) : ',\n');
    }
    parts.push(text.slice(row.span.start, row.span.end));
  }
  parts.push(parsed.suffix);
  return parts.join('');
}

/**
 * After optional space at `pos`, the keyword `word` (any case): the position after it and the
 * space that follows; -1 when it is not there. -1 in gives -1 out.
 */
function expectWord(text: string, pos: number, word: string): number {
  if (pos < 0) return -1;
  const at = skipSpace(text, pos);
  if (at < 0) return -1;
  const end = wordEnd(text, at);
  if (!isWord(text, at, end, word)) return -1;
  return skipSpace(text, end);
}

/** After `(`: `col, col, ...)`; plain names only (`a.b` and `a[1]` assign into a column). */
function readColumnList(text: string, pos: number): { columns: string[]; end: number } | null {
  const columns: string[] = [];
  for (;;) {
    const at = skipSpace(text, pos);
    if (at < 0) return null;
    const id = readIdentifier(text, at);
    // `INSERT INTO t (SELECT ...)` is a query in parentheses, not a column list.
    if (id === null || (!id.quoted && id.name === 'select')) return null;
    columns.push(id.name);
    const next = skipSpace(text, id.end);
    if (next < 0) return null;
    const c = text.charCodeAt(next);
    if (c === 41) return { columns, end: skipSpace(text, next + 1) };
    if (c !== 44) return null;
    pos = next + 1;
  }
}

function readRows(text: string, pos: number, options: LiteralOptions): InsertRow[] | null {
  const rows: InsertRow[] = [];
  for (;;) {
    if (text.charCodeAt(pos) !== 40) return null;
    const start = pos;
    const values: RowValue[] = [];
    pos++;
    for (;;) {
      const at = skipSpace(text, pos);
      if (at < 0) return null;
      const value = readValue(text, at, options);
      if (value === null || value.span.end === at) return null;
      values.push(value);
      pos = value.span.end;
      let c = text.charCodeAt(pos);
      if (c !== 44 && c !== 41) {
        pos = skipSpace(text, pos);
        if (pos < 0) return null;
        c = text.charCodeAt(pos);
      }
      pos++;
      if (c === 41) break;
      if (c !== 44) return null;
    }
    rows.push({ span: { start, end: pos }, values });
    const next = skipSpace(text, pos);
    if (next < 0) return null;
    if (text.charCodeAt(next) !== 44) return rows;
    pos = skipSpace(text, next + 1);
    if (pos < 0) return null;
  }
}

/**
 * What may follow the rows: ON CONFLICT ..., RETURNING ..., a `;`, then only space and
 * comments. The clauses' insides are skipped token by token.
 */
function readTail(
  text: string,
  pos: number,
  scs: boolean,
): { onConflict: boolean; returning: boolean } | null {
  let p = skipSpace(text, pos);
  if (p < 0) return null;
  let onConflict = false;
  let returning = false;
  const on = expectWord(text, p, 'on');
  if (on >= 0) {
    p = expectWord(text, on, 'conflict');
    if (p < 0) return null;
    onConflict = true;
  } else if (expectWord(text, p, 'returning') >= 0) {
    returning = true;
  } else if (p < text.length && text.charCodeAt(p) !== 59) {
    return null;
  }
  let depth = 0;
  const n = text.length;
  while (p < n) {
    const c = text.charCodeAt(p);
    if (c === 59 && depth === 0) {
      const rest = skipSpace(text, p + 1);
      return rest === n ? { onConflict, returning } : null;
    }
    if (c === 40 || c === 91) {
      depth++;
      p++;
    } else if (c === 41 || c === 93) {
      if (--depth < 0) return null;
      p++;
    } else if (isSpace(c) || c === 45 || c === 47) {
      const next = skipSpace(text, p);
      p = next === p ? p + 1 : next;
    } else {
      const end = tokenEnd(text, p, scs);
      if (depth === 0 && end > p && isWord(text, p, end, 'returning')) returning = true;
      p = end;
    }
    if (p < 0) return null;
  }
  return depth === 0 ? { onConflict, returning } : null;
}
