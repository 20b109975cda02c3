// Offsets, lines, the trivia around statements, and the last statement without a `;`.

import { describe, expect, it } from 'vitest';
import type { Span } from '../../../src/model/script.js';
import { reassemble, scanScript } from '../../../src/sql/split/index.js';
import { split } from './support.js';

function pieces(script: string) {
  const text = (span: Span | undefined) => (span ? script.slice(span.start, span.end) : undefined);
  const result = split(script);
  return {
    statements: result.statements.map((s) => ({
      leading: text(s.leading),
      span: text(s.span),
      tail: text(s.tail),
      lines: [s.line, s.endLine],
    })),
    trailing: text(result.trailing),
  };
}

describe('leading, tail and trailing', () => {
  it('give comments before a statement to it, and the rest of its last line to its tail', () => {
    const script = [
      '--',
      '-- Name: actor; Type: TABLE',
      '--',
      '',
      'CREATE TABLE actor (',
      '  id int',
      '); -- the actor table',
      '/* one */ /* two */',
      'select 1; select 2;   ',
      '',
      '-- the end',
      '',
    ].join('\n');
    expect(pieces(script)).toEqual({
      statements: [
        {
          leading: '--\n-- Name: actor; Type: TABLE\n--\n\n',
          span: 'CREATE TABLE actor (\n  id int\n);',
          tail: ' -- the actor table\n',
          lines: [5, 7],
        },
        { leading: '/* one */ /* two */\n', span: 'select 1;', tail: '', lines: [9, 9] },
        { leading: ' ', span: 'select 2;', tail: '   \n', lines: [9, 9] },
      ],
      trailing: '\n-- the end\n',
    });
  });

  it('leave a comment that runs over several lines to the next statement', () => {
    expect(
      pieces('select 1; /* a\nb */ select 2;').statements.map((s) => [s.leading, s.tail]),
    ).toEqual([
      ['', ''],
      [' /* a\nb */ ', ''],
    ]);
  });

  it('count CRLF line breaks as one line each', () => {
    const script = 'select 1;\r\n\r\n-- c\r\nselect\r\n 2;\r\n';
    expect(pieces(script)).toEqual({
      statements: [
        { leading: '', span: 'select 1;', tail: '\r\n', lines: [1, 1] },
        { leading: '\r\n-- c\r\n', span: 'select\r\n 2;', tail: '\r\n', lines: [4, 5] },
      ],
      trailing: '',
    });
  });

  it('put a byte-order mark in the first leading, as psql skips it', () => {
    const script = '\ufeffselect 1;\n';
    const result = scanScript(script);
    expect(result.bom).toBe(true);
    expect(pieces(script).statements[0]).toMatchObject({ leading: '\ufeff', span: 'select 1;' });
  });

  it('count UTF-16 units, so emoji take two', () => {
    const script = "select '😀';\nselect 2;";
    const { statements } = split(script);
    expect(statements[0]!.span).toEqual({ start: 0, end: 12 });
    expect(statements[1]!.span.start).toBe(13);
  });

  it('give zero statements for empty, blank and comment-only input', () => {
    for (const script of ['', '   \n\n', '-- only\n/* comments */\n', '\ufeff']) {
      const result = split(script);
      expect(result.statements).toEqual([]);
      expect(result.trailing).toEqual({ start: 0, end: script.length });
    }
  });
});

describe('a last statement without ;', () => {
  it('is returned, flagged unterminated, because psql sends it at the end of the input', () => {
    const script = 'select 1;\nselect 2 -- no semicolon\n\n-- trailing\n';
    const result = split(script);
    expect(result.statements[1]).toMatchObject({
      kind: 'select',
      unterminated: true,
      line: 2,
      endLine: 2,
    });
    expect(pieces(script).statements[1]).toMatchObject({
      span: 'select 2',
      tail: ' -- no semicolon\n',
    });
    expect(script.slice(result.trailing.start)).toBe('\n-- trailing\n');
  });

  it('is returned even inside parentheses or a function body', () => {
    expect(split('select (1,').statements[0]!.unterminated).toBe(true);
    expect(split('create function f() returns int begin atomic select 1;').statements).toHaveLength(
      1,
    );
  });

  it('ends at its last token when the input ends on its line', () => {
    expect(pieces('select 1  ')).toEqual({
      statements: [{ leading: '', span: 'select 1', tail: '  ', lines: [1, 1] }],
      trailing: '',
    });
  });
});

describe('lines', () => {
  it('count line breaks inside strings, comments, dollar quotes and COPY data', () => {
    const script = [
      "select 'a",
      "b';",
      '/* c',
      'd */ select $$',
      '$$;',
      'copy t from stdin;',
      'x',
      'y',
      '\\.',
      'select "e',
      'f";',
    ].join('\n');
    const { statements, lines } = scanScript(script);
    expect(statements.map((s) => [s.line, s.endLine])).toEqual([
      [1, 2],
      [4, 5],
      [6, 6],
      [10, 11],
    ]);
    expect(statements[2]!.copyData!.line).toBe(7);
    expect(lines).toBe(11);
  });
});

describe('reassemble', () => {
  it('refuses pieces that leave a gap or overlap', () => {
    const script = 'select 1;\nselect 2;\nselect 3;\n';
    const { statements, trailing } = scanScript(script);
    expect(reassemble(script, statements, trailing)).toBe(script);
    expect(() => reassemble(script, [statements[0]!, statements[2]!], trailing)).toThrow(
      /do not meet/,
    );
    expect(() => reassemble(script, [...statements, statements[1]!], trailing)).toThrow(
      /do not meet/,
    );
    expect(() => reassemble(`${script} `, statements, trailing)).toThrow(/end at/);
  });
});
