// The small tokenizer: words are found outside strings, quoted names, dollar quotes and comments.

import { describe, expect, it } from 'vitest';
import { identifierOf, tokenize, tokenText } from '../../src/sql/tokenize.js';

function kinds(sql: string, options = {}): [string, string][] {
  return tokenize(sql, options).map((t) => [t.kind, tokenText(sql, t)]);
}

describe('tokenize', () => {
  it('skips comments, nested block comments included', () => {
    expect(kinds('a -- b ;\n/* c /* d */ ; */ e')).toEqual([
      ['word', 'a'],
      ['word', 'e'],
    ]);
  });

  it('reads strings with their prefixes and escapes', () => {
    expect(kinds("'it''s' E'\\'' B'101' U&'d\\0061' x")).toEqual([
      ['string', "'it''s'"],
      ['string', "E'\\''"],
      ['string', "B'101'"],
      ['string', "U&'d\\0061'"],
      ['word', 'x'],
    ]);
    // With standard_conforming_strings off a backslash escapes the quote in a plain string too.
    expect(kinds("'a\\'b' c", { standardConformingStrings: false })).toEqual([
      ['string', "'a\\'b'"],
      ['word', 'c'],
    ]);
  });

  it('tells dollar quotes from parameters and from $ inside words', () => {
    expect(kinds('$fn$ ; $x$ $fn$ $1 a$b $$;$$')).toEqual([
      ['dollar-string', '$fn$ ; $x$ $fn$'],
      ['parameter', '$1'],
      ['word', 'a$b'],
      ['dollar-string', '$$;$$'],
    ]);
  });

  it('reads quoted identifiers, numbers and symbols', () => {
    expect(kinds('"a ""b""".c::int[] >= 1.5e3 - .5;')).toEqual([
      ['quoted-identifier', '"a ""b"""'],
      ['symbol', '.'],
      ['word', 'c'],
      ['symbol', '::'],
      ['word', 'int'],
      ['symbol', '['],
      ['symbol', ']'],
      ['symbol', '>='],
      ['number', '1.5e3'],
      ['symbol', '-'],
      ['number', '.5'],
      ['symbol', ';'],
    ]);
  });

  it('reads psql variables only when asked, never in a cast', () => {
    const sql = ':a :\'b\' :"c" x::int :: d';
    expect(kinds(sql, { psqlVariables: true })).toEqual([
      ['psql-variable', ':a'],
      ['psql-variable', ":'b'"],
      ['psql-variable', ':"c"'],
      ['word', 'x'],
      ['symbol', '::'],
      ['word', 'int'],
      ['symbol', '::'],
      ['word', 'd'],
    ]);
    expect(kinds(':a')).toEqual([
      ['symbol', ':'],
      ['word', 'a'],
    ]);
  });

  it('keeps an unterminated string or comment to the end of the text', () => {
    expect(kinds("a 'open")).toEqual([
      ['word', 'a'],
      ['string', "'open"],
    ]);
    expect(kinds('a /* open')).toEqual([['word', 'a']]);
  });

  it('folds identifiers as the server does', () => {
    const sql = 'MixedCase "Quoted ""Name""" ÄBC';
    const [a, b, c] = tokenize(sql);
    expect(identifierOf(sql, a)).toBe('mixedcase');
    expect(identifierOf(sql, b)).toBe('Quoted "Name"');
    expect(identifierOf(sql, c)).toBe('Äbc');
  });
});
