// When the statements loading a self-referencing table need each other (a row of the first
// names a parent the second loads, and a row of the second one the first loads), no order of
// whole statements works: their rows are split into pieces, each piece a run of one statement's
// rows, in an order where every row's parent is loaded by an earlier piece or by its own piece
// (the check runs at the end of each statement, so rows of one piece may name each other).
// Statements are split only as much as needed: a statement whose rows are all ready goes whole,
// and only when none is does one statement give up the rows that are ready.

export interface SelfRow {
  /** The row's own key (as keyText gives it). */
  key: string;
  /** The key it names through the self-reference; null when it names none (NULL). */
  parent: string | null;
}

export interface PieceSource {
  statement: number;
  rows: readonly SelfRow[];
}

export interface RowPiece {
  statement: number;
  /** The statement's rows in this piece: 0-based indexes, in the statement's order. */
  rows: number[];
}

/**
 * The pieces, in load order; null when no order exists (rows that name each other in a ring
 * across statements: only deferring or NULL-then-UPDATE would do).
 */
export function rowPieces(sources: readonly PieceSource[]): RowPiece[] | null {
  const defined = new Set<string>();
  for (const source of sources) for (const row of source.rows) defined.add(row.key);
  const loaded = new Set<string>();
  const left = sources.map((s) => new Set(s.rows.map((_, i) => i)));
  const pieces: RowPiece[] = [];

  /** The rows of source `k` not yet loaded that can be loaded now, in one statement. */
  const ready = (k: number): number[] => {
    const { rows } = sources[k]!;
    const waiting = new Map<string, number[]>();
    const queue: number[] = [];
    for (const i of left[k]!) {
      const parent = rows[i]!.parent;
      if (parent === null || !defined.has(parent) || loaded.has(parent)) queue.push(i);
      else waiting.set(parent, [...(waiting.get(parent) ?? []), i]);
    }
    const taken: number[] = [];
    for (let i = queue.pop(); i !== undefined; i = queue.pop()) {
      taken.push(i);
      const key = rows[i]!.key;
      const released = waiting.get(key);
      if (released) {
        waiting.delete(key);
        queue.push(...released);
      }
    }
    return taken.sort((a, b) => a - b);
  };
  const take = (k: number, rows: number[]) => {
    for (const i of rows) {
      loaded.add(sources[k]!.rows[i]!.key);
      left[k]!.delete(i);
    }
    const last = pieces[pieces.length - 1];
    if (last?.statement === sources[k]!.statement) last.rows.push(...rows);
    else pieces.push({ statement: sources[k]!.statement, rows });
  };

  while (left.some((rows) => rows.size > 0)) {
    let progress = false;
    // Whole statements first, in script order: no split where none is needed.
    for (let k = 0; k < sources.length; k++) {
      if (left[k]!.size === 0) continue;
      const rows = ready(k);
      if (rows.length === left[k]!.size) {
        take(k, rows);
        progress = true;
      }
    }
    if (progress) continue;
    // Then the ready rows of the first statement that has some; then whole ones again.
    for (let k = 0; k < sources.length && !progress; k++) {
      if (left[k]!.size === 0) continue;
      const rows = ready(k);
      if (rows.length > 0) {
        take(k, rows);
        progress = true;
      }
    }
    if (!progress) return null;
  }
  for (const piece of pieces) piece.rows.sort((a, b) => a - b);
  return pieces;
}
