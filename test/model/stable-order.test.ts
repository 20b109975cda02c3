import { describe, expect, it } from 'vitest';
import { stableOrder } from '../../src/model/stable-order.js';

const hard = (before: number, after: number) => ({ before, after, soft: false });
const soft = (before: number, after: number) => ({ before, after, soft: true });

describe('stableOrder', () => {
  it('keeps the input order when nothing forces a change', () => {
    expect(stableOrder(4, []).order).toEqual([0, 1, 2, 3]);
    expect(stableOrder(3, [hard(0, 2)]).order).toEqual([0, 1, 2]);
  });

  it('moves an item up only as far as it must, as pg_dump does', () => {
    // 2 must precede 0: filling from the end, 1 stays last and 2 goes just before 0.
    expect(stableOrder(3, [hard(2, 0)]).order).toEqual([2, 0, 1]);
  });

  it('ignores constraints of an item on itself', () => {
    expect(stableOrder(2, [hard(1, 1), hard(1, 0)])).toEqual({
      order: [1, 0],
      broken: [],
      forced: [],
    });
  });

  it('breaks a soft constraint to get out of a cycle, and says which', () => {
    const result = stableOrder(2, [soft(0, 1), hard(1, 0)]);
    expect(result).toEqual({ order: [1, 0], broken: [0], forced: [] });
  });

  it('forces hard constraints only when they form a cycle', () => {
    const result = stableOrder(2, [hard(0, 1), hard(1, 0)]);
    expect(result.order).toHaveLength(2);
    expect(result.forced).toHaveLength(1);
  });
});
