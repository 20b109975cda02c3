// Small read-only queries about one key: does it exist, is it valid for the column type, what
// is nearby. Values travel as parameters; names go through quoteIdent.

import type { Engine } from '../../../engine/engine.js';
import type { Column, QualifiedName } from '../../../model/catalog.js';
import { quoteIdent, quoteQualified } from '../../../sql/quote.js';

/** Parameter `n`, a key value sent as text, cast to the column's type as the server would. */
function typedParameter(column: Column, n: number): string {
  return `$${n}::text::${column.type}`;
}

export async function keyExists(
  engine: Engine,
  table: QualifiedName,
  columns: Column[],
  values: string[],
): Promise<boolean | null> {
  const where = columns
    .map((column, i) => `${quoteIdent(column.name)} = ${typedParameter(column, i + 1)}`)
    .join(' AND ');
  try {
    const result = await engine.query<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${quoteQualified(table)} WHERE ${where}) AS found`,
      values,
    );
    return result.rows[0]?.found ?? null;
  } catch {
    // The value does not convert to the column type, or we may not read the table.
    return null;
  }
}

export async function validForTypes(
  engine: Engine,
  columns: Column[],
  values: string[],
): Promise<boolean> {
  try {
    const casts = columns.map((column, i) => typedParameter(column, i + 1)).join(', ');
    await engine.query(`SELECT ${casts}`, values);
    return true;
  } catch {
    return false;
  }
}

/** The keys just below and above a numeric value (two each): typos and off-by-one ids. */
export async function nearestKeys(
  engine: Engine,
  table: QualifiedName,
  column: Column,
  value: string,
): Promise<string[]> {
  const name = quoteIdent(column.name);
  const typed = typedParameter(column, 1);
  const sql = `(SELECT ${name}::text AS key FROM ${quoteQualified(table)} WHERE ${name} < ${typed} ORDER BY ${name} DESC LIMIT 2)
UNION ALL
(SELECT ${name}::text FROM ${quoteQualified(table)} WHERE ${name} > ${typed} ORDER BY ${name} LIMIT 2)`;
  return keysOrNone(engine, sql, value);
}

/** Keys equal to the value but for case and surrounding white space. */
export async function textVariants(
  engine: Engine,
  table: QualifiedName,
  column: Column,
  value: string,
): Promise<string[]> {
  const name = quoteIdent(column.name);
  const sql = `SELECT ${name}::text AS key FROM ${quoteQualified(table)}
    WHERE lower(btrim(${name}::text)) = lower(btrim($1)) AND ${name}::text <> $1 LIMIT 5`;
  return keysOrNone(engine, sql, value);
}

/** The `key` column of a near-miss query; none when the query cannot run (rights, timeout). */
async function keysOrNone(engine: Engine, sql: string, value: string): Promise<string[]> {
  try {
    const result = await engine.query<{ key: string }>(sql, [value]);
    return result.rows.map((row) => row.key);
  } catch {
    return [];
  }
}
