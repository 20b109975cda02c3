// Running a delete plan against the real rows: `verifyDelete` runs the plain DELETE (the
// server's own cascades) in a transaction that is always rolled back; `applyDelete` runs the
// safe script's statements and commits only when the rows changed are exactly those planned.
// Both measure what happened inside the transaction: rows deleted as the drop in each table's
// row count, rows updated as those whose current version this transaction wrote (xmin). Both
// need a writable session; verify never commits.

import type { Engine } from '../../engine/engine.js';
import { isDatabaseError } from '../../engine/errors.js';
import { quoteQualified } from '../../sql/quote.js';
import type { DeletePlan, TableEffect } from './delete-plan.js';

export interface DeleteRun {
  /** Whether anything was committed (only `applyDelete`, and only when it matched the plan). */
  committed: boolean;
  /** The server's error when the DELETE (or a deferred check, forced at once) failed. */
  error: { code: string | null; message: string; constraint: string | null } | null;
  /** What happened to each table of the plan, measured; empty when it failed. */
  totals: TableEffect[];
  /** Whether the measured rows equal the plan's (or, when it failed, whether the plan said so). */
  matchesPlan: boolean;
}

export function verifyDelete(engine: Engine, plan: DeletePlan): Promise<DeleteRun> {
  return run(engine, plan, [plan.deleteSql], false);
}

export function applyDelete(engine: Engine, plan: DeletePlan): Promise<DeleteRun> {
  if (!plan.scriptRuns) {
    throw new Error('the plan says this DELETE fails: nothing to apply');
  }
  return run(
    engine,
    plan,
    plan.steps.map((step) => step.sql),
    true,
  );
}

class Mismatch extends Error {
  constructor(readonly totals: TableEffect[]) {
    super('the rows changed differ from the plan');
  }
}

async function run(
  engine: Engine,
  plan: DeletePlan,
  statements: string[],
  commit: boolean,
): Promise<DeleteRun> {
  try {
    const totals = await engine.transaction(
      async (tx) => {
        const before = await rowCounts(tx, plan);
        for (const sql of statements) await tx.query(sql);
        // Deferred constraints would only fail at COMMIT: check them now.
        await tx.exec('SET CONSTRAINTS ALL IMMEDIATE');
        const measured = await measure(tx, plan, before);
        if (commit && !sameTotals(measured, plan.totals)) throw new Mismatch(measured);
        return measured;
      },
      { rollback: !commit },
    );
    return {
      committed: commit,
      error: null,
      totals,
      // apply commits only totals equal to the plan's; verify's DELETE ran, which the plan
      // allows only when the blockers it saw depend on the trigger order.
      matchesPlan:
        commit ||
        (plan.blockers.every((b) => b.kind === 'order-dependent') &&
          sameTotals(totals, plan.totals)),
    };
  } catch (error) {
    if (error instanceof Mismatch) {
      return { committed: false, error: null, totals: error.totals, matchesPlan: false };
    }
    if (!isDatabaseError(error) || /^(08|57P0)/.test(error.code ?? '')) throw error;
    return {
      committed: false,
      error: {
        code: error.code ?? null,
        message: error.message,
        constraint: error.constraint ?? null,
      },
      totals: [],
      matchesPlan: !commit && !plan.succeeds,
    };
  }
}

async function rowCounts(engine: Engine, plan: DeletePlan): Promise<number[]> {
  const counts: number[] = [];
  for (const table of plan.totals) {
    const result = await engine.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM ${quoteQualified(table.tableName)}`,
    );
    counts.push(Number(result.rows[0]?.n ?? 0));
  }
  return counts;
}

async function measure(engine: Engine, plan: DeletePlan, before: number[]): Promise<TableEffect[]> {
  const out: TableEffect[] = [];
  for (const [i, table] of plan.totals.entries()) {
    // pg_current_xact_id() is PG 13+; no rows are inserted, so xmin marks the rows updated.
    const result = await engine.query<{ n: string | number; updated: string | number }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE xmin = pg_current_xact_id()::xid) AS updated FROM ${quoteQualified(table.tableName)}`,
    );
    const row = result.rows[0];
    out.push({
      table: table.table,
      tableName: table.tableName,
      deleted: (before[i] ?? 0) - Number(row?.n ?? 0),
      updated: Number(row?.updated ?? 0),
    });
  }
  return out;
}

function sameTotals(a: readonly TableEffect[], b: readonly TableEffect[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (x, i) =>
        x.table === b[i]?.table && x.deleted === b[i]?.deleted && x.updated === b[i]?.updated,
    )
  );
}
