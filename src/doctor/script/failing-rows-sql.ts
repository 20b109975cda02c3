// One anti-join per foreign key over a statement's rows loaded into a scratch table: the rows
// whose key has no parent, in the order they were loaded. It asks what the server's RI check
// asks (MATCH SIMPLE skips keys with a NULL, MATCH FULL fails a partly NULL key; ONLY unless the
// parent is partitioned), and counts the statement's own rows as parents when they land in the
// referenced table, since the check runs at the end of the statement.

import { quoteIdent, quoteQualified } from '../../sql/quote.js';
import type { TargetForeignKey } from './target-foreign-keys.js';

export const SCRATCH_TABLE = 'pg_temp.fkdoctor_rows';

/** The query; `limit` null for all rows (to count them). */
export function failingRowsSql(
  fk: TargetForeignKey,
  rowColumn: string,
  limit: number | null,
): string {
  const row = `t.${quoteIdent(rowColumn)}`;
  const child = fk.columns.map((c) => `t.${quoteIdent(c)}`);
  const matches = (alias: string) =>
    fk.referencedColumns.map((c, i) => `${alias}.${quoteIdent(c)} = ${child[i]}`).join(' and ');

  const only = fk.referencedPartitioned ? '' : 'only ';
  const parent = quoteQualified(fk.referencedTable);
  let missing = `not exists (select 1 from ${only}${parent} p where ${matches('p')})`;
  if (fk.ownRows !== null) {
    // Unqualified columns in a partition constraint bind to `s`, the innermost table.
    const routed = fk.ownRows === 'all' ? '' : `(${fk.ownRows.condition}) and `;
    missing += ` and not exists (select 1 from ${SCRATCH_TABLE} s where ${routed}${matches('s')})`;
  }
  const allSet = child.map((c) => `${c} is not null`).join(' and ');
  const checked =
    fk.match === 'full'
      ? `not (${child.map((c) => `${c} is null`).join(' and ')}) and (not (${allSet}) or (${missing}))`
      : `${allSet} and ${missing}`;
  // Bare columns of a partition's constraint bind to `t` here: the rows routed to that partition.
  const routedHere = fk.rowCondition === null ? '' : `(${fk.rowCondition}) and `;
  return `select ${row}::text as row_number,
       array[${child.map((c) => `${c}::text`).join(', ')}] as key,
       count(*) over () as total
  from ${SCRATCH_TABLE} t
 where ${routedHere}${checked}
 order by ${row}${limit === null ? '' : `\n limit ${Math.max(0, Math.floor(limit))}`}`;
}
