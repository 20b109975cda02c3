// Whether a foreign key can be "broken" for a while, so that rows of a cycle of tables can be
// loaded before the rows they reference exist.

import type { ForeignKey, Table } from './catalog.js';

/**
 * - `nullable`: insert the referencing columns as NULL, then UPDATE them once the parent rows
 *   are in.
 * - `deferrable`: `SET CONSTRAINTS ... DEFERRED` inside the loading transaction; the check runs
 *   at COMMIT.
 * - `both`: either works (deferring is cheaper: no second pass over the rows).
 * - `none`: the constraint is checked at the end of every statement and cannot be avoided.
 */
export type BreakMethod = 'nullable' | 'deferrable' | 'both' | 'none';

export interface Breakability {
  breakBy: BreakMethod;
  /**
   * Referencing columns that may hold NULL. For MATCH SIMPLE, NULL in any one of them is
   * enough; for MATCH FULL they are all the columns, all set to NULL together.
   */
  nullableColumns: string[];
}

export function breakability(fk: ForeignKey, child: Table): Breakability {
  const nullableColumns = fk.columns.filter((name) => {
    const column = child.columns.find((c) => c.name === name);
    // Generated and identity columns cannot be given a NULL even when the column allows it.
    return (
      column !== undefined &&
      !column.notNull &&
      column.generated === null &&
      column.identity === null
    );
  });
  // MATCH SIMPLE does not check a key at all as soon as one of its columns is NULL, so one
  // nullable column is enough to get the row in before its parent. MATCH FULL accepts a NULL
  // only when every column is NULL, so every column must be nullable. (MATCH PARTIAL is not
  // implemented by PostgreSQL; treat it like FULL, the stricter reading.)
  const nullable =
    fk.match === 'simple'
      ? nullableColumns.length > 0
      : nullableColumns.length === fk.columns.length && fk.columns.length > 0;
  const breakBy: BreakMethod =
    nullable && fk.deferrable
      ? 'both'
      : nullable
        ? 'nullable'
        : fk.deferrable
          ? 'deferrable'
          : 'none';
  return { breakBy, nullableColumns: nullable ? nullableColumns : [] };
}
