// What psql could not run as written: the error names the line and column where it started.

import { describe, expect, it } from 'vitest';
import { splitError } from './support.js';

describe('ScriptSyntaxError', () => {
  it.each([
    ["select 1;\nselect 'abc;\n", 'unterminated-string', 2, 8],
    ["select E'a\\';", 'unterminated-e-string', 1, 8],
    ["select E'\\\\'';", 'unterminated-e-string', 1, 8],
    ["select U&'x", 'unterminated-unicode-string', 1, 8],
    ["select X'1F", 'unterminated-bit-string', 1, 8],
    ['select 1;\n  select "abc;', 'unterminated-quoted-identifier', 2, 10],
    ['do $body$ begin end $$;\nselect 1;', 'unterminated-dollar-string', 1, 4],
    ['select 1; /* a /* b */ still open', 'unterminated-comment', 1, 11],
  ])('%j → %s', (script, code, line, column) => {
    const error = splitError(script);
    expect([error.code, error.line, error.column]).toEqual([code, line, column]);
    expect(error.message).toMatch(/^line \d+, column \d+: unterminated/);
  });

  it('names a plain string an E-string once standard_conforming_strings is off', () => {
    const error = splitError("set standard_conforming_strings = off;\nselect 'a\\';");
    expect([error.code, error.line]).toEqual(['unterminated-e-string', 2]);
  });

  it('rejects NUL bytes anywhere, as a binary file', () => {
    for (const script of [
      'select 1;\nsel\0ect',
      "select 'a\0'",
      'copy t from stdin;\n1\0\n\\.\n',
    ]) {
      const error = splitError(script);
      expect(error.code).toBe('nul-byte');
      const lines = script.slice(0, script.indexOf('\0')).split('\n');
      expect([error.line, error.column]).toEqual([lines.length, lines.at(-1)!.length + 1]);
    }
  });
});
