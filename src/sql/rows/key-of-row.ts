// The key a row carries: the values of a foreign key's referencing columns (or of a key's
// columns) in one INSERT row or COPY row, as comparable text (see key-text.ts), or `unknown`
// where only the server could tell: an expression, a default that is not a constant, an
// identity or generated value.

import type { Column, Table } from '../../model/catalog.js';
import { castTypeName, keyFamily, normaliseKeyText, normaliseNumberConstant } from './key-text.js';
import { type RowValue, readStandaloneValue } from './row-value.js';
import type { Overriding } from './values-insert.js';

export type UnknownReason =
  /** A function call, subquery, operator...: its value is computed by the server. */
  | 'expression'
  /** DEFAULT (or an absent column) whose default is not a constant, e.g. nextval(...). */
  | 'default'
  /** An identity column's generated value (also OVERRIDING USER VALUE). */
  | 'identity'
  /** A generated column. */
  | 'generated'
  /** A value the server would reject for the column's type (the statement fails). */
  | 'invalid';

export interface UnknownKeyPart {
  unknown: UnknownReason;
  column: string;
}

/** One column of a key: comparable text, null for NULL, or unknown. */
export type KeyPart = string | null | UnknownKeyPart;

export function isUnknownKeyPart(part: KeyPart): part is UnknownKeyPart {
  return typeof part === 'object' && part !== null;
}

export interface RowSource {
  /**
   * `insert`: an INSERT's VALUES row; `copy`: a COPY row, whose default column list leaves out
   * generated columns and which writes identity values as given.
   */
  source: 'insert' | 'copy';
  /** The columns the values fill, in order; null for the statement's default column list. */
  columns: readonly string[] | null;
  /** INSERT values (RowValue) or COPY fields (text, null for NULL). */
  values: readonly (RowValue | string | null)[];
  /** INSERT ... OVERRIDING {SYSTEM|USER} VALUE. */
  overriding?: Overriding | null;
  /** COPY: indexes of the fields that were the DEFAULT marker (CopyRow.defaults). */
  defaults?: readonly number[];
}

/** The key of one row; see keyReader to read many rows of one statement. */
export function keyOfRow(row: RowSource, table: Table, keyColumns: readonly string[]): KeyPart[] {
  return keyReader(table, keyColumns, row)(row.values, row.defaults);
}

/**
 * A function that reads the key of each row of one statement: where each key column sits in
 * the rows is worked out once.
 */
export function keyReader(
  table: Table,
  keyColumns: readonly string[],
  statement: Omit<RowSource, 'values' | 'defaults'>,
): (values: readonly (RowValue | string | null)[], defaults?: readonly number[]) => KeyPart[] {
  const { source } = statement;
  const overriding = statement.overriding ?? null;
  const order =
    statement.columns ??
    [...table.columns]
      .filter((c) => source === 'insert' || c.generated === null)
      .sort((a, b) => a.position - b.position)
      .map((c) => c.name);
  const slots = keyColumns.map((name) => {
    const column = table.columns.find((c) => c.name === name);
    if (column === undefined) {
      throw new RangeError(`table ${table.schema}.${table.name} has no column ${name}`);
    }
    return { column, index: order.indexOf(name), absent: defaultPart(column) };
  });
  return (values, defaults) =>
    slots.map(({ column, index, absent }) => {
      const value = index < 0 ? undefined : values[index];
      if (value === undefined || defaults?.includes(index)) return absent;
      return valuePart(value, column, overriding, absent);
    });
}

function unknown(reason: UnknownReason, column: Column): UnknownKeyPart {
  return { unknown: reason, column: column.name };
}

/** What a column gets when the row does not give it a value (or gives DEFAULT). */
function defaultPart(column: Column): KeyPart {
  if (column.identity !== null) return unknown('identity', column);
  if (column.generated !== null) return unknown('generated', column);
  if (column.default === null) return null;
  const value = readStandaloneValue(column.default);
  if (value === null || value.kind === 'default' || value.kind === 'expression') {
    return unknown('default', column);
  }
  return literalPart(value, column);
}

function valuePart(
  value: RowValue | string | null,
  column: Column,
  overriding: Overriding | null,
  absent: KeyPart,
): KeyPart {
  if (value === null) return null;
  if (typeof value === 'string') {
    // COPY writes identity values as given, even GENERATED ALWAYS ones (as if OVERRIDING
    // SYSTEM VALUE); a generated column it cannot fill at all.
    if (column.generated !== null) return unknown('invalid', column);
    return normaliseKeyText(value, column) ?? unknown('invalid', column);
  }
  if (value.kind === 'default') return absent;
  if (column.generated !== null) return unknown('invalid', column);
  if (column.identity !== null) {
    if (overriding === 'user') return unknown('identity', column);
    if (column.identity === 'always' && overriding !== 'system') return unknown('invalid', column);
  }
  if (value.kind === 'expression') return unknown('expression', column);
  return literalPart(value, column);
}

/** A literal (string, number, boolean, null, maybe cast) stored into the column. */
function literalPart(value: RowValue, column: Column): KeyPart {
  if (value.kind === 'null') return null;
  const text = value.text;
  if (text === null) return unknown('expression', column);
  if (value.cast !== null && !castKeepsValue(value.cast, column)) {
    return unknown('expression', column);
  }
  const family = keyFamily(column.typeName);
  switch (value.kind) {
    case 'number':
      return normaliseNumberConstant(text, column) ?? unknown('invalid', column);
    case 'boolean':
      if (family === 'boolean') return text === 'true' ? 't' : 'f';
      if (family === 'text' || family === 'bpchar' || family === 'citext') {
        return normaliseKeyText(text, column) ?? unknown('invalid', column);
      }
      return unknown('invalid', column);
    default:
      return normaliseKeyText(text, column) ?? unknown('invalid', column);
  }
}

/**
 * A cast to the column's own type, or to another of the same family (int4 → int8, varchar →
 * text), leaves the value as the column would read the literal; any other cast may change it
 * (`'2024-1-1'::date` into a text column is stored as `2024-01-01`).
 */
function castKeepsValue(cast: string, column: Column): boolean {
  const castType = castTypeName(cast);
  if (castType === column.typeName) return true;
  const family = keyFamily(castType);
  return family !== 'other' && family === keyFamily(column.typeName);
}
