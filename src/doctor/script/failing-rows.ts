// Every row of a failed INSERT or COPY that breaks a foreign key, not just the first the server
// names: the statement's rows are loaded again into a scratch table inside a savepoint, one
// anti-join per FK of the target lists the rows without a parent, and the savepoint is rolled
// back. What the replay cannot see: BEFORE triggers on the real table that change key columns.

import type { Engine } from '../../engine/engine.js';
import { isDatabaseError } from '../../engine/errors.js';
import { failingRowsSql } from './failing-rows-sql.js';
import type { FailingRow, FailingRows } from './outcome.js';
import { loadScratch, type RowStatement, writtenTarget } from './scratch-load.js';
import { resolveTarget, targetForeignKeys } from './target-foreign-keys.js';

export interface RowSource extends RowStatement {
  statementIndex: number;
  /** Line of the statement: for rows whose own line is not known. */
  line: number;
  /** Line of each row in load order (VALUES rows, COPY data rows), when known. */
  rowLines: number[] | null;
}

export interface FailingRowsOptions {
  /** At most this many rows in all (the total is still counted). */
  limit: number;
  /** Only deferrable FKs: at a COMMIT, the others were checked when each statement ran. */
  deferrableOnly?: boolean;
}

const SAVEPOINT = 'fkdoctor_rows';

/** The failing rows of the statements, or null when none of them could be replayed. */
export async function findFailingRows(
  tx: Engine,
  sources: RowSource[],
  options: FailingRowsOptions,
): Promise<FailingRows | null> {
  const rows: FailingRow[] = [];
  let total = 0;
  let replayed = false;
  for (const source of sources) {
    await tx.exec(`savepoint ${SAVEPOINT}`);
    try {
      const found = await replay(tx, source, options, options.limit - rows.length);
      if (found) {
        replayed = true;
        rows.push(...found.rows);
        total += found.total;
      }
    } catch (error) {
      // A replay the server refuses (an odd statement, a missing right) leaves the statement's
      // own error as the report; a lost connection is not ours to swallow.
      if (!isDatabaseError(error)) throw error;
    } finally {
      await tx.exec(`rollback to savepoint ${SAVEPOINT}; release savepoint ${SAVEPOINT}`);
    }
  }
  return replayed ? { rows, total } : null;
}

async function replay(
  tx: Engine,
  source: RowSource,
  options: FailingRowsOptions,
  room: number,
): Promise<FailingRows | null> {
  const written = writtenTarget(source);
  if (written === null) return null;
  const target = await resolveTarget(tx, written);
  if (!target) return null;
  const fks = (await targetForeignKeys(tx, target)).filter(
    (fk) => fk.deferrable || !options.deferrableOnly,
  );
  if (fks.length === 0) return { rows: [], total: 0 };
  const keyColumns = new Set(fks.flatMap((fk) => fk.columns));
  const rowColumn = await loadScratch(tx, source, target, keyColumns);
  if (rowColumn === null) return null;

  const rows: FailingRow[] = [];
  let total = 0;
  for (const fk of fks) {
    const limit = room - rows.length;
    if (limit <= 0) {
      // No room for more rows: only count them.
      const count = await tx.query<{ n: string }>(
        `select count(*) as n from (${failingRowsSql(fk, rowColumn, null)}) as failing`,
      );
      total += Number(count.rows[0]?.n ?? 0);
      continue;
    }
    const result = await tx.query<{ row_number: string; key: (string | null)[]; total: string }>(
      failingRowsSql(fk, rowColumn, limit),
    );
    total += result.rows.length > 0 ? Number(result.rows[0]!.total) : 0;
    for (const found of result.rows) {
      const rowNumber = Number(found.row_number);
      rows.push({
        statementIndex: source.statementIndex,
        rowNumber,
        line: source.rowLines?.[rowNumber - 1] ?? source.line,
        constraint: fk.name,
        columns: fk.columns,
        key: found.key,
      });
    }
  }
  rows.sort((a, b) => a.rowNumber - b.rowNumber || a.constraint.localeCompare(b.constraint));
  return { rows, total };
}
