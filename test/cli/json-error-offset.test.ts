// jsonErrorOffset agrees with JSON.parse on what is valid, and points at the first bad character.

import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../src/cli/json-error-offset.js';

const valid = [
  '{}',
  '[]',
  ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ',
  '"s"',
  '0',
  '{"a":{"b":[]}}',
];
const invalid: Array<[string, number]> = [
  ['', 0],
  ['{', 1],
  ['{"a": [1, 2,]}', 12],
  ['{"a" 1}', 5],
  ["{'a': 1}", 1],
  ['[01]', 2],
  ['{"a": tru}', 9],
  ['"\t"', 1],
  ['{} x', 3],
  ['{"a": "\\q"}', 8],
];

describe('jsonErrorOffset', () => {
  it.each(valid)('finds nothing wrong in %j, as JSON.parse', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(jsonErrorOffset(text)).toBeNull();
  });
  it.each(invalid)('points into %j at %i, which JSON.parse refuses', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});
