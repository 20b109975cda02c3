// The SQL that finds a foreign key's orphans, asking exactly what the server's RI check asks:
// MATCH SIMPLE skips a key with any NULL; MATCH FULL exempts an all-NULL key and fails a partly
// NULL one (counted apart); a complete key is an orphan when no parent row is equal to it.
//
// Equality: `p.ref = c.col` with no cast resolves to the operator the constraint uses (the
// cross-type member of the key's operator family, e.g. int8 = int4, or the parent type's own
// operator when the child type coerces to it), so an index on the parent key serves it and a
// child value outside the parent type's range (int8 child, int4 parent) is an orphan, not a cast
// error. When either column has a non-default collation the comparison uses the parent
// column's, as the RI check does (it matters for nondeterministic collations only).
// Parent and child are read with ONLY unless partitioned: the RI check ignores inheritance
// children on both sides.

import {
  type Catalog,
  type Column,
  type ForeignKey,
  findTable,
  type Table,
} from '../../model/catalog.js';
import { quoteIdent, quoteQualified } from '../../sql/quote.js';

export const childAlias = 'c';
const parentAlias = 'p';

/** `ONLY schema.name` for a plain table, `schema.name` for a partitioned one. */
export function relationRef(catalog: Catalog, table: ForeignKey['table']): string {
  const found = findTable(catalog, table);
  const only = found?.kind === 'partitioned-table' ? '' : 'ONLY ';
  return `${only}${quoteQualified(table)}`;
}

function columnOf(table: Table | undefined, name: string): Column | undefined {
  return table?.columns.find((c) => c.name === name);
}

/** `pg_catalog."C"`, `public."My Coll"` from the catalog's `schema.name` / bare spelling. */
export function collationRef(name: string): string {
  const dot = name.indexOf('.');
  if (dot < 0) return `pg_catalog.${quoteIdent(name)}`;
  return `${quoteIdent(name.slice(0, dot))}.${quoteIdent(name.slice(dot + 1))}`;
}

function childColumn(column: string, alias = childAlias): string {
  return `${alias}.${quoteIdent(column)}`;
}

/** `c.a IS NOT NULL AND c.b IS NOT NULL AND NOT EXISTS (SELECT 1 FROM parent p WHERE ...)`. */
export function orphanCondition(catalog: Catalog, fk: ForeignKey, alias = childAlias): string {
  const child = findTable(catalog, fk.table);
  const parent = findTable(catalog, fk.referencedTable);
  const equal = fk.columns.map((column, i) => {
    const referenced = fk.referencedColumns[i] as string;
    const parentCol = columnOf(parent, referenced);
    const childCol = columnOf(child, column);
    let value = childColumn(column, alias);
    if (parentCol?.collation || childCol?.collation) {
      value += ` COLLATE ${parentCol?.collation ? collationRef(parentCol.collation) : 'pg_catalog."default"'}`;
    }
    return `${parentAlias}.${quoteIdent(referenced)} = ${value}`;
  });
  const notNull = fk.columns.map((c) => `${childColumn(c, alias)} IS NOT NULL`);
  const missing = `NOT EXISTS (SELECT 1 FROM ${relationRef(catalog, fk.referencedTable)} ${parentAlias} WHERE ${equal.join(' AND ')})`;
  return [...notNull, missing].join(' AND ');
}

/** MATCH FULL with two or more columns: some but not all key columns NULL; else null. */
export function partialNullCondition(fk: ForeignKey, alias = childAlias): string | null {
  if (fk.match !== 'full' || fk.columns.length < 2) return null;
  const anyNull = fk.columns.map((c) => `${childColumn(c, alias)} IS NULL`).join(' OR ');
  const anySet = fk.columns.map((c) => `${childColumn(c, alias)} IS NOT NULL`).join(' OR ');
  return `(${anyNull}) AND (${anySet})`;
}

/** Every row that breaks the constraint: orphans, and partly NULL keys under MATCH FULL. */
export function violationCondition(catalog: Catalog, fk: ForeignKey, alias = childAlias): string {
  const orphan = orphanCondition(catalog, fk, alias);
  const partial = partialNullCondition(fk, alias);
  return partial === null ? orphan : `((${orphan}) OR (${partial}))`;
}

/** `SELECT count(*) AS n FROM child c WHERE <condition>[ AND <range>]`. */
export function countSql(catalog: Catalog, fk: ForeignKey, condition: string, range = ''): string {
  return `SELECT count(*) AS n FROM ${relationRef(catalog, fk.table)} ${childAlias} WHERE ${range}${condition}`;
}

/**
 * The count and the FK columns of up to `limit` orphan rows in one scan: a window count over
 * the anti-join's rows, cut to the first `limit` by row_number outside it. There is no LIMIT
 * for the planner to chase a fast-start plan with, so it plans the same anti-join as the plain
 * count; zero rows back means zero orphans. `countColumn` is the name the count comes back as
 * (chosen not to clash with an FK column).
 */
export function countAndSampleSql(
  catalog: Catalog,
  fk: ForeignKey,
  condition: string,
  limit: number,
  range = '',
): { sql: string; countColumn: string } {
  let countColumn = 'fkdoctor_count';
  let rowColumn = 'fkdoctor_row';
  while (fk.columns.includes(countColumn)) countColumn += '_';
  while (fk.columns.includes(rowColumn)) rowColumn += '_';
  const inner = fk.columns.map((c) => childColumn(c)).join(', ');
  const outer = fk.columns.map((c) => `s.${quoteIdent(c)}`).join(', ');
  const sql = `SELECT ${outer}, s.${countColumn} FROM (SELECT ${inner}, count(*) OVER () AS ${countColumn}, row_number() OVER () AS ${rowColumn} FROM ${relationRef(catalog, fk.table)} ${childAlias} WHERE ${range}${condition}) s WHERE s.${rowColumn} <= ${Math.max(1, Math.floor(limit))}`;
  return { sql, countColumn };
}
