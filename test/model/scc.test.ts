import { describe, expect, it } from 'vitest';
import { stronglyConnected } from '../../src/model/scc.js';

const sorted = (components: number[][]) =>
  components
    .map((c) => [...c].sort((a, b) => a - b))
    .sort((a, b) => (a[0] as number) - (b[0] as number));

describe('stronglyConnected', () => {
  it('finds the components of a small graph, dependencies first', () => {
    // 0 → 1 → 2 → 0 is a cycle, 3 → 2, 3 ↔ 4, 5 alone with a self-loop.
    const successors = [[1], [2], [0], [2, 4], [3], [5]];
    const { components, componentOf } = stronglyConnected(successors);
    expect(sorted(components)).toEqual([[0, 1, 2], [3, 4], [5]]);
    // {3,4} has an edge into {0,1,2}, so it comes later.
    expect(componentOf[3]).toBeGreaterThan(componentOf[0] as number);
    expect(componentOf[1]).toBe(componentOf[0]);
  });

  it('walks a 100,000-node path without recursion', () => {
    const n = 100_000;
    const successors = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : []));
    const { components } = stronglyConnected(successors);
    expect(components).toHaveLength(n);
    expect(components[0]).toEqual([n - 1]);
  });

  it('and a 100,000-node ring as one component', () => {
    const n = 100_000;
    const { components } = stronglyConnected(Array.from({ length: n }, (_, i) => [(i + 1) % n]));
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(n);
  });
});
