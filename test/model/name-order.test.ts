import { describe, expect, it } from 'vitest';
import { compareCodePoints, compareNames } from '../../src/model/name-order.js';

describe('name order', () => {
  it('compares code points, not UTF-16 units', () => {
    // U+FF5E is a single unit 0xFF5E; U+1F600 starts with the surrogate 0xD83D.
    expect('😀' < '\uff5e').toBe(true);
    expect(compareCodePoints('😀', '\uff5e')).toBe(1);
    expect(compareCodePoints('Z', 'a')).toBe(-1);
    expect(compareCodePoints('ab', 'abc')).toBe(-1);
    expect(compareCodePoints('abc', 'ab')).toBe(1);
    expect(compareCodePoints('é', 'é')).toBe(0);
  });

  it('sorts by schema, then name', () => {
    expect(compareNames({ schema: 'a', name: 'z' }, { schema: 'b', name: 'a' })).toBe(-1);
    expect(compareNames({ schema: 'b', name: 'a' }, { schema: 'b', name: 'B' })).toBe(1);
  });
});
