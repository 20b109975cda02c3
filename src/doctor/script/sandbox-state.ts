// What the sandbox remembers while it runs a script: the psql variables, the script's own open
// transaction block (emulated with savepoints), and how deferred constraints stand.

import type { Engine } from '../../engine/engine.js';
import type { ScriptStatement } from '../../model/script.js';
import type { CopyPiece } from './copy-pieces.js';
import type { RowSource } from './failing-rows.js';
import type { LineIndex } from './line-index.js';
import type { StatementOutcome } from './outcome.js';
import type { PsqlVariables } from './psql-variables.js';

export interface ScriptSavepoint {
  /** The name the script gave it (folded as the server folds it). */
  name: string;
  /** The savepoint fkdoctor actually made. */
  ours: string;
  /** Index of the SAVEPOINT statement. */
  index: number;
  /** How many block writes and SET LOCALs existed when it was taken. */
  writes: number;
  locals: number;
}

/** The script's BEGIN ... COMMIT/ROLLBACK, as a savepoint of the sandbox's transaction. */
export interface ScriptBlock {
  begin: ScriptStatement;
  /** The BEGIN's outcome, to note on it what became of the block. */
  beginOutcome: StatementOutcome;
  /** The first statement that failed in the block: a real run aborts the block there. */
  failedAt: ScriptStatement | null;
  /** INSERTs and COPYs that succeeded in the block: replayed when its COMMIT fails (read lazily). */
  writes: (() => RowSource | null)[];
  savepoints: ScriptSavepoint[];
  /** Settings changed with SET LOCAL, and their values before: a real run undoes them at COMMIT. */
  locals: { name: string; before: string | null }[];
}

export interface SandboxState {
  tx: Engine;
  text: string;
  lines: LineIndex;
  variables: PsqlVariables;
  standardConformingStrings: boolean;
  block: ScriptBlock | null;
  /**
   * `SET CONSTRAINTS ALL IMMEDIATE` has run: after each statement outside a block, so that
   * deferred checks fire where psql's own per-statement commit would fire them. A BEGIN then
   * puts INITIALLY DEFERRED constraints back to deferred.
   */
  constraintsForced: boolean;
  savepointCounter: number;
  /** The rows of the statement a `\gset` ended, for the `\gset` that follows it; null if it failed. */
  gsetRows: Record<string, unknown>[] | null;
  /** At most this many failing rows per failed statement. */
  rowLimit: number;
  /**
   * The data of the next COPY when it is not in `text` but arrives in pieces (a streamed script,
   * copy-pieces.ts); taken by that COPY.
   */
  copyPieces: AsyncIterable<CopyPiece> | null;
}

export const STATEMENT_SAVEPOINT = 'fkdoctor_statement';
export const BLOCK_SAVEPOINT = 'fkdoctor_block';
