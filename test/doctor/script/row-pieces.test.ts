// rowPieces: the rows of a self-referencing table's statements, in pieces that load every parent
// before (or with) the rows naming it, splitting no more statements than needed.

import { describe, expect, it } from 'vitest';
import {
  type PieceSource,
  type RowPiece,
  rowPieces,
} from '../../../src/doctor/script/plan/row-pieces.js';

const rows = (...pairs: [string, string | null][]) =>
  pairs.map(([key, parent]) => ({ key, parent }));

/** Every row once, and each row's parent (when some row loads it) in an earlier or the same piece. */
function valid(sources: PieceSource[], pieces: RowPiece[]): boolean {
  const loadedAt = new Map<string, number>();
  const seen = new Set<string>();
  pieces.forEach((piece, p) => {
    const source = sources.find((s) => s.statement === piece.statement)!;
    for (const r of piece.rows) {
      seen.add(`${piece.statement}:${r}`);
      loadedAt.set(source.rows[r]!.key, p);
    }
  });
  const total = sources.reduce((n, s) => n + s.rows.length, 0);
  if (seen.size !== total) return false;
  return pieces.every((piece, p) => {
    const source = sources.find((s) => s.statement === piece.statement)!;
    return piece.rows.every((r) => {
      const parent = source.rows[r]!.parent;
      return parent === null || !loadedAt.has(parent) || loadedAt.get(parent)! <= p;
    });
  });
}

describe('rowPieces', () => {
  it('splits only the statement that must be split', () => {
    const sources = [
      { statement: 0, rows: rows(['2', '1']) },
      { statement: 1, rows: rows(['1', null], ['3', '2']) },
    ];
    const pieces = rowPieces(sources)!;
    expect(valid(sources, pieces)).toBe(true);
    expect(pieces).toEqual([
      { statement: 1, rows: [0] },
      { statement: 0, rows: [0] },
      { statement: 1, rows: [1] },
    ]);
  });

  it('rows of one statement may name each other in any order', () => {
    const sources = [{ statement: 4, rows: rows(['3', '2'], ['2', '1'], ['1', null]) }];
    expect(rowPieces(sources)).toEqual([{ statement: 4, rows: [0, 1, 2] }]);
  });

  it('a ring across statements has no order', () => {
    expect(
      rowPieces([
        { statement: 0, rows: rows(['1', '2']) },
        { statement: 1, rows: rows(['2', '1']) },
      ]),
    ).toBeNull();
  });

  it('random forests over random statements always come out valid', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round++) {
      const count = 1 + Math.floor(random() * 60);
      const statements = 1 + Math.floor(random() * 6);
      const sources: PieceSource[] = Array.from({ length: statements }, (_, i) => ({
        statement: i * 2,
        rows: [],
      }));
      // Row k's parent is an earlier row (a forest), or a key no row loads, or none.
      for (let k = 0; k < count; k++) {
        const pick = random();
        const parent =
          k > 0 && pick < 0.7 ? String(Math.floor(random() * k)) : pick < 0.85 ? 'x' : null;
        const target = sources[Math.floor(random() * statements)]!;
        (target.rows as { key: string; parent: string | null }[]).push({ key: String(k), parent });
      }
      for (const source of sources) (source.rows as unknown[]).sort(() => random() - 0.5);
      const filled = sources.filter((s) => s.rows.length > 0);
      const pieces = rowPieces(filled);
      expect(pieces).not.toBeNull();
      expect(valid(filled, pieces!)).toBe(true);
    }
  });
});
