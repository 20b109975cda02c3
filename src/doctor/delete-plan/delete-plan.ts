// What `DELETE FROM table WHERE key` would do, as plain data: the rows it matches, the tree of
// foreign keys it reaches with the rows each one deletes, updates or is blocked by, the totals
// per table, the verdict, and the statements of the safe script.

import type { FkAction, QualifiedName } from '../../model/catalog.js';

/** `block`: RESTRICT or NO ACTION, so a referencing row that survives makes the DELETE fail. */
export type DeleteEffect = 'delete' | 'set-null' | 'set-default' | 'block';

export interface KeyValue {
  column: string;
  /** The column's type as format_type prints it; the value is cast to it. */
  type: string;
  value: string;
}

export interface DeleteHop {
  /** Its index in `DeletePlan.hops` (breadth first). */
  id: number;
  /** The hop whose rows this one references, or null for a hop from the target rows. */
  parent: number | null;
  depth: number;
  /** Key (`schema.name`) of the referencing table. */
  table: string;
  tableName: QualifiedName;
  /** Key of the table whose deleted rows are referenced. */
  from: string;
  fromName: QualifiedName;
  constraint: string;
  columns: string[];
  referencedColumns: string[];
  action: FkAction;
  effect: DeleteEffect;
  /** SET NULL / SET DEFAULT: the columns the server changes (PG 15+ may name a subset). */
  setColumns: string[];
  /**
   * delete: the referencing rows (the table's self-referencing CASCADE rows come on top, in
   * `recursiveRows`); set-null / set-default: the rows updated; block: the rows that still
   * reference a deleted row at the end of the DELETE (each makes it fail). Rows with a NULL in
   * a referencing column reference nothing (MATCH SIMPLE) and are not counted.
   */
  rows: number;
  /** set-null / set-default / block: referencing rows the DELETE removes anyway (not counted in `rows`). */
  alsoDeleted: number;
  /**
   * block (checked at the statement), or set-null on a NOT NULL column: of `alsoDeleted`, the
   * rows another CASCADE removes only
   * after the server has checked this FK (a longer path), so the DELETE fails on them; and those
   * it removes in the same round as the check, where the order the server fires its triggers
   * decides. The safe script deletes them first, so it is not blocked by either.
   */
  deletedTooLate: number;
  deletedSameRound: number;
  /**
   * delete hops of a table that references itself with ON DELETE CASCADE: the rows below them in
   * that tree (the whole subtree, found with a recursive query), and those constraints.
   */
  recursiveRows: number;
  recursiveConstraints: string[];
  /** The table was already on this hop's path (a cycle of CASCADEs): `rows` counts only new rows. */
  cycle: boolean;
  /** Rows were left unfollowed here because the depth or hop limit was reached. */
  truncated: boolean;
  deferrable: boolean;
  initiallyDeferred: boolean;
  /** block: when the server reports it: at the DELETE, or at COMMIT (NO ACTION initially deferred). */
  failsAt: 'statement' | 'commit' | null;
  /**
   * set-null: a column set is NOT NULL, so the DELETE fails (23502) when `rows` > 0, or when
   * `deletedTooLate` rows are updated before another CASCADE removes them.
   */
  notNullViolation: boolean;
  /** An index on the referencing table serves the server's lookup (`WHERE cols = $1`). */
  index: string | null;
  /** No index serves it: each deleted parent row costs a scan of the table. */
  unindexed: boolean;
  /** Deleted rows of `from` this hop starts from: the server looks up referencing rows once for each. */
  lookups: number;
  /** Planner estimate of the referencing table's rows (partitions summed), -1 when unknown. */
  estimatedRows: number;
}

export interface TableEffect {
  table: string;
  tableName: QualifiedName;
  /** Distinct rows deleted (a row reached along two paths counts once). */
  deleted: number;
  /** Distinct rows updated by SET NULL / SET DEFAULT and kept. */
  updated: number;
}

export interface Blocker {
  /** Index of the hop in `DeletePlan.hops`. */
  hop: number;
  table: string;
  constraint: string;
  rows: number;
  reason: 'restrict' | 'no-action' | 'not-null';
  failsAt: 'statement' | 'commit';
  /**
   * `remaining`: the rows outlive the DELETE; it fails, and so would any script.
   * `deleted-later`: another CASCADE removes them, but only after the server's check: the
   * DELETE fails; the safe script, deleting them first, does not.
   * `order-dependent`: removed in the same round as the check: the DELETE fails or not by the
   * order the server fires its triggers; the safe script does not fail.
   */
  kind: 'remaining' | 'deleted-later' | 'order-dependent';
}

/**
 * An FK the DELETE makes the server check with no index to serve it: `scans` lookups (one per
 * deleted referenced row), each reading the whole referencing table.
 */
export interface UnindexedLookup {
  table: string;
  tableName: QualifiedName;
  constraint: string;
  columns: string[];
  scans: number;
  estimatedRows: number;
}

export interface IgnoredForeignKey {
  table: string;
  constraint: string;
  /** Key of the referenced table, one whose rows are deleted. */
  referencedTable: string;
  /** PG 18 NOT ENFORCED, or its RI triggers are disabled: it neither cascades nor blocks. */
  reason: 'not-enforced' | 'triggers-disabled';
}

/** One statement of the safe script: every row of one table that the DELETE changes. */
export interface DeleteStep {
  table: string;
  tableName: QualifiedName;
  kind: 'delete' | 'update';
  /** Rows the plan expects it to change. */
  rows: number;
  /** The statement, without a trailing semicolon; key values are typed literals. */
  sql: string;
}

export interface DeletePlan {
  table: string;
  tableName: QualifiedName;
  key: KeyValue[];
  /** Whether the key's columns are the primary key, a unique key, or just some columns. */
  keyKind: 'primary-key' | 'unique-key' | 'columns';
  /** Rows of the table the key matches; the plan covers all of them. */
  matchedRows: number;
  /**
   * When the table references itself with ON DELETE CASCADE: the rows below the matched ones
   * (the whole subtree, every level), and those constraints.
   */
  subtreeRows: number;
  subtreeConstraints: string[];
  /** `DELETE FROM table WHERE key` as typed SQL. */
  deleteSql: string;
  hops: DeleteHop[];
  /** Per table touched: the target table first, then by name. */
  totals: TableEffect[];
  /** The plain DELETE succeeds for sure: no blockers at all. */
  succeeds: boolean;
  /**
   * The safe script can run: no blocker is `remaining` (it deletes the rows that block the
   * plain DELETE only by the server's trigger order first).
   */
  scriptRuns: boolean;
  blockers: Blocker[];
  /** Every FK lookup of the DELETE without an index (the hops', and the self-references'). */
  unindexedLookups: UnindexedLookup[];
  /** The depth or hop limit cut the walk short: counts below `truncated` hops are missing. */
  truncated: boolean;
  ignored: IgnoredForeignKey[];
  /** Things to know that do not change the verdict (SET DEFAULT needs a parent row, ...). */
  notes: string[];
  /** Updates first, then deletes deepest first, the target rows last. */
  steps: DeleteStep[];
}

/** Bad input for a delete plan: no such table or column, a value its type rejects, no row. */
export class DeletePlanError extends Error {
  override readonly name = 'DeletePlanError';
  constructor(
    message: string,
    readonly kind: 'table' | 'column' | 'value' | 'no-rows',
  ) {
    super(message);
  }
}
