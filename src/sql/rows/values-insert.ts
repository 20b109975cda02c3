// The fast path for `INSERT INTO table [AS alias] [(cols)] [OVERRIDING ... VALUE] VALUES (...),
// ... [ON CONFLICT ...] [RETURNING ...]`: the rows with their spans and literal values, read by
// hand, because data scripts are mostly this and libpg-query is over ten times slower on them
// (bench/rows.mjs). Anything else (INSERT ... SELECT, DEFAULT VALUES, WITH, ORDER BY after
// VALUES, an unterminated string) gives null and the caller turns to the full parser. `ONLY`
// is not INSERT syntax, so `INSERT INTO ONLY t` gives null too.

import type { Span } from '../../model/script.js';
import { readIdentifier, readQualifiedName } from './identifier.js';
import { groupEnd, isSpace, isWord, skipSpace, tokenEnd, wordEnd } from './lex.js';
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
  const head = readInsertHead(text, p);
  // A column list that is not plain names assigns into a column's parts: not for the fast path.
  if (head === null || head.parts.length > 2 || (head.columnsSpan && !head.columns)) return null;
  const [first, second] = head.parts as [string, string | undefined];
  const target =
    second === undefined ? { schema: null, name: first } : { schema: first, name: second };

  p = expectWord(text, head.end, 'values');
  if (p < 0) return null;
  const rows = readValuesRows(text, p, options);
  if (rows === null) return null;
  const valuesSpan = { start: rows[0]!.span.start, end: rows[rows.length - 1]!.span.end };
  const tail = readTail(text, valuesSpan.end, options.standardConformingStrings !== false);
  if (tail === null) return null;
  return {
    text,
    target,
    alias: head.alias,
    columns: head.columns,
    overriding: head.overriding,
    rows,
    valuesSpan,
    prefix: text.slice(0, valuesSpan.start),
    suffix: text.slice(valuesSpan.end),
    onConflict: tail.onConflict,
    returning: tail.returning,
  };
}

/** What follows `INSERT INTO`: the target, its alias, the column list and OVERRIDING. */
export interface InsertHead {
  /** The target's names, folded: one to three parts (`t`, `s.t`, `db.s.t`). */
  parts: string[];
  /** The target as written, qualified or not. */
  targetSpan: Span;
  alias: string | null;
  /** The column list's names; null when there is none or it is not plain names (`a.b`, `a[1]`). */
  columns: string[] | null;
  /** The column list with its parentheses, or null when there is none. */
  columnsSpan: Span | null;
  overriding: Overriding | null;
  /** After the head and the space after it: where VALUES, SELECT, DEFAULT VALUES... begin. */
  end: number;
}

/**
 * Reads the head of an INSERT from `pos`, just after `INSERT INTO` and its space; null when it
 * is malformed. `INSERT INTO t (SELECT ...)` has no column list: its head ends at the `(`.
 */
export function readInsertHead(text: string, pos: number): InsertHead | null {
  const targetName = readQualifiedName(text, pos);
  if (targetName === null) return null;
  const targetSpan = { start: pos, end: targetName.end };
  let p = skipSpace(text, targetName.end);
  if (p < 0) return null;

  let alias: string | null = null;
  const asEnd = expectWord(text, p, 'as');
  if (asEnd >= 0) {
    const id = readIdentifier(text, asEnd);
    if (id === null) return null;
    alias = id.name;
    p = skipSpace(text, id.end);
    if (p < 0) return null;
  }

  let columns: string[] | null = null;
  let columnsSpan: Span | null = null;
  if (text.charCodeAt(p) === 40) {
    const list = readColumnList(text, p + 1);
    if (list !== null) {
      columns = list.columns;
      columnsSpan = { start: p, end: list.close };
      p = skipSpace(text, list.close);
      if (p < 0) return null;
    } else if (!startsQuery(text, p + 1)) {
      const close = groupEnd(text, p + 1);
      if (close < 0) return null;
      columnsSpan = { start: p, end: close };
      p = skipSpace(text, close);
      if (p < 0) return null;
    }
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
  return { parts: targetName.parts, targetSpan, alias, columns, columnsSpan, overriding, end: p };
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

/**
 * After `(`: `col, col, ...)`; plain names only (`a.b` and `a[1]` assign into a column). `close`
 * is the position after the `)`.
 */
export function readColumnList(
  text: string,
  pos: number,
): { columns: string[]; close: number } | null {
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
    if (c === 41) return { columns, close: next + 1 };
    if (c !== 44) return null;
    pos = next + 1;
  }
}

/** After `(`: a query rather than a column list (`INSERT INTO t (SELECT ...)`). */
function startsQuery(text: string, pos: number): boolean {
  const at = skipSpace(text, pos);
  if (at < 0) return false;
  const end = wordEnd(text, at);
  return (
    isWord(text, at, end, 'select') ||
    isWord(text, at, end, 'values') ||
    isWord(text, at, end, 'with') ||
    isWord(text, at, end, 'table')
  );
}

/**
 * The `( ... ), ( ... )` rows of a VALUES list from `pos` (the first `(`), each with its values;
 * null when there is none or one is malformed. Reading stops after the last row.
 */
export function readValuesRows(
  text: string,
  pos: number,
  options: LiteralOptions = {},
): InsertRow[] | null {
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
