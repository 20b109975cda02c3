// The result of planning a fix: a new statement order, what moved and why, which foreign keys
// are deferred (and inside which transaction), and what reordering cannot fix.

import type { FkEdge } from '../../../model/fk-graph.js';
import type { RowPiece } from './row-pieces.js';

export interface Move {
  /** Index of the statement that moved. */
  statement: number;
  /** The statement it now comes before (its new place), or null when it moved to the end. */
  before: number | null;
  /** The FK edge that asked for it. */
  edge: FkEdge | null;
}

export interface Deferral {
  /** Constraints to defer (SET CONSTRAINTS ... DEFERRED), with the edges that need it. */
  edges: FkEdge[];
  /** Statement index after which `SET CONSTRAINTS` goes (the script's own BEGIN), or null. */
  afterBegin: number | null;
  /** When the script has no transaction there: wrap from this statement to that one. */
  wrap: { first: number; last: number } | null;
  /** With afterBegin: the script's COMMIT that ends that transaction. */
  commit: number | null;
  /**
   * Constraints that are NOT DEFERRABLE and made so for the load only (--allow-schema-changes):
   * ALTER CONSTRAINT ... DEFERRABLE first, and back to NOT DEFERRABLE after the COMMIT, so the
   * schema ends as it began.
   */
  alter: FkEdge[];
}

/**
 * A cycle edge broken the Jailer way: the child statements load the FK's nullable columns as
 * NULL, and an UPDATE after the parent's rows are in writes the references back.
 */
export interface Nulling {
  edge: FkEdge;
  /** Statements loading the child table before the parent rows exist. */
  statements: number[];
  /** The parent-loading statement the UPDATE must follow (the last one, in the new order). */
  parentStatement: number;
}

export interface Unfixable {
  /** The statement that needs a parent that no order can give it. */
  statement: number;
  edge: FkEdge;
  /**
   * `self-reference`: statements loading a self-referencing table need each other and their
   * rows cannot be split (see `detail`).
   */
  reason: 'no-parent-rows' | 'cycle-not-breakable' | 'behind-barrier' | 'self-reference';
  /** The statement that loads the parent, when there is one. */
  parentStatement: number | null;
  /** For `behind-barrier`: the statement the parent's statement may not move past. */
  blockedBy?: number | null;
  /** For `self-reference`: why. */
  detail?: string;
}

/** A self-referencing table whose statements' rows were split so that parents load first. */
export interface RowSplit {
  table: string;
  constraint: string;
  /** The rows in load order: the first piece of a statement stays in it, later ones follow. */
  pieces: RowPiece[];
}

export interface FixPlan {
  /** Statement indexes in the order to write them. */
  order: number[];
  moves: Move[];
  deferrals: Deferral[];
  nullings: Nulling[];
  unfixable: Unfixable[];
  /** Statements whose rows were split (filled in after planning, by splitRewrites). */
  splits?: RowSplit[];
  /** Whether the script changes at all. */
  changed: boolean;
}
