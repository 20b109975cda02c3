// COPY ... FROM STDIN and its data block: the data starts on the line after the command and ends
// at a line that is exactly `\.`, read line by line as psql reads it.

import { describe, expect, it } from 'vitest';
import type { CopyData, ScriptStatement } from '../../../src/model/script.js';
import { split, splitError } from './support.js';

function copyOf(script: string, index = 0): { statement: ScriptStatement; data: CopyData } {
  const statement = split(script).statements.filter((s) => s.copyData)[index]!;
  return { statement, data: statement.copyData! };
}

function dataText(script: string, data: CopyData): string {
  return script.slice(data.span.start, data.terminator?.start ?? data.span.end);
}

describe('COPY data blocks', () => {
  it('read a pg_dump text block', () => {
    const script = [
      'COPY public.actor (actor_id, first_name, last_update) FROM stdin;',
      '1\tPENELOPE\t2022-02-15 09:34:33+00',
      '2\tNICK\\tTAB\t\\N',
      '\\.',
      '',
      'SELECT 1;',
    ].join('\n');
    const { statement, data } = copyOf(script);
    expect(statement).toMatchObject({
      kind: 'copy',
      target: { schema: 'public', name: 'actor' },
      line: 1,
      endLine: 1,
    });
    const start = script.indexOf('1\t');
    const end = script.indexOf('\\.\n') + 3;
    expect(data).toEqual({
      span: { start, end },
      line: 2,
      format: 'text',
      delimiter: '\t',
      nullString: '\\N',
      header: false,
      quote: '"',
      escape: '"',
      terminator: { start: end - 3, end },
    });
    expect(dataText(script, data)).toBe(
      '1\tPENELOPE\t2022-02-15 09:34:33+00\n2\tNICK\\tTAB\t\\N\n',
    );
    const next = split(script).statements[1]!;
    expect(next.leading).toEqual({ start: end, end: end + 1 });
    expect(next.line).toBe(6);
  });

  it('take only an exact \\. line as the end', () => {
    const script = 'copy t from stdin;\n\\.x\n \\.\n\\\\.\n\\.\r\nselect 1;';
    const { data } = copyOf(script);
    expect(dataText(script, data)).toBe('\\.x\n \\.\n\\\\.\n');
    expect(script.slice(data.terminator!.start, data.terminator!.end)).toBe('\\.\r\n');
  });

  it('accept \\. as the very last line without a line break', () => {
    const script = 'copy t from stdin;\n1\n\\.';
    const { data } = copyOf(script);
    expect(data.terminator).toEqual({ start: 21, end: 23 });
    expect(split(script).trailing).toEqual({ start: 23, end: 23 });
  });

  it('may be empty', () => {
    const { data } = copyOf('COPY t FROM STDIN;\n\\.\n');
    expect(data.span).toEqual({ start: 19, end: 22 });
  });

  it('keep a comment on the COPY line as its tail', () => {
    const script = 'COPY t FROM stdin; -- rows\n1\n\\.\n';
    const { statement } = copyOf(script);
    expect(script.slice(statement.tail!.start, statement.tail!.end)).toBe(' -- rows\n');
    expect(statement.copyData!.span.start).toBe(statement.tail!.end);
  });

  it('run statements written after the COPY on its line after the data, as psql does', () => {
    const script = 'copy t from stdin; select 7; \\echo x\n5\tq\n\\.\nselect 8;\n';
    const { statements } = split(script);
    expect(statements.map((s) => [s.kind, script.slice(s.span.start, s.span.end)])).toEqual([
      ['copy', 'copy t from stdin;'],
      ['select', 'select 7;'],
      ['meta', '\\echo x'],
      ['select', 'select 8;'],
    ]);
    expect(dataText(script, statements[0]!.copyData!)).toBe('5\tq\n');
  });

  it('let two COPY commands on one line read their blocks one after the other', () => {
    const script = 'copy a from stdin; copy b from stdin;\n1\n\\.\n2\n\\.\n';
    const { statements } = split(script);
    expect(statements.map((s) => s.target?.name)).toEqual(['a', 'b']);
    expect(statements.map((s) => dataText(script, s.copyData!))).toEqual(['1\n', '2\n']);
  });

  it('can be sent by \\g as well as by ;', () => {
    const script = 'copy t from stdin \\g\n1\n\\.\nselect 1;';
    const { statements } = split(script);
    expect(statements.map((s) => s.kind)).toEqual(['copy', 'meta', 'select']);
    expect(statements[0]!.endedBy).toBe('g');
    expect(dataText(script, statements[0]!.copyData!)).toBe('1\n');
  });

  it('come after \\copy ... from stdin too, but not after pstdin or a file', () => {
    const script = [
      "\\copy public.t (a, b) from stdin with (format csv, delimiter ';')",
      '1;"x"',
      '\\.',
      '\\copy t from pstdin',
      "\\copy t from '/tmp/t.csv' csv",
      'select 1;',
    ].join('\n');
    const { statements } = split(script);
    expect(statements.map((s) => [s.kind, s.meta, s.target?.name])).toEqual([
      ['copy', 'copy', 't'],
      ['meta', 'copy', 't'],
      ['meta', 'copy', 't'],
      ['select', undefined, undefined],
    ]);
    expect(statements[0]!.copyData).toMatchObject({ format: 'csv', delimiter: ';' });
  });

  it('are not expected after COPY FROM a file, COPY TO or COPY (query)', () => {
    const script = [
      "COPY t FROM '/tmp/t.csv' WITH (FORMAT csv);",
      'COPY t FROM PROGRAM $$cat x$$;',
      'COPY t TO STDOUT;',
      'COPY (SELECT 1) TO STDOUT WITH CSV;',
      'select 1;',
    ].join('\n');
    const { statements } = split(script);
    expect(statements.map((s) => [s.kind, s.target?.name, s.copyData])).toEqual([
      ['copy', 't', undefined],
      ['copy', 't', undefined],
      ['other', undefined, undefined],
      ['other', undefined, undefined],
      ['select', undefined, undefined],
    ]);
  });
});

describe('COPY options', () => {
  const cases: [string, Partial<CopyData>][] = [
    [
      "COPY t FROM stdin WITH (FORMAT csv, HEADER, DELIMITER ';', NULL 'x', QUOTE '''', ESCAPE '\\')",
      { format: 'csv', header: true, delimiter: ';', nullString: 'x', quote: "'", escape: '\\' },
    ],
    [
      "copy t (a) from STDIN (format 'csv', header false, quote '\"', escape E'\\\\', default '\\D', encoding 'LATIN1')",
      {
        format: 'csv',
        header: false,
        quote: '"',
        escape: '\\',
        defaultString: '\\D',
        encoding: 'LATIN1',
      },
    ],
    ['COPY t FROM stdin (FORMAT csv, HEADER MATCH, FORCE_NOT_NULL (a, b))', { header: true }],
    [
      "COPY t FROM stdin WITH CSV HEADER DELIMITER AS ';' NULL AS ''",
      { format: 'csv', header: true, delimiter: ';', nullString: '' },
    ],
    [
      "COPY t FROM stdin WITH CSV QUOTE AS '|' FORCE NOT NULL a, b ESCAPE '~'",
      { format: 'csv', quote: '|', escape: '~', nullString: '', delimiter: ',' },
    ],
    [
      "COPY t FROM stdin WITH DELIMITER E'\\t' NULL 'NULL'",
      { delimiter: '\t', nullString: 'NULL' },
    ],
    ["COPY t FROM stdin USING DELIMITERS '|'", { format: 'text', delimiter: '|' }],
    ['copy t from stdin with (format text, header on)', { format: 'text', header: true }],
  ];
  it.each(cases)('%s', (command, expected) => {
    const { data } = copyOf(`${command};\n\\.\n`);
    expect(data).toMatchObject(expected);
  });
});

describe('CSV data', () => {
  it('may hold line breaks and \\. look-alikes inside quoted fields', () => {
    const script = 'COPY t FROM stdin CSV;\n1,"two\nlines \\. ;"\n2,"\\.x"\n\\.\nselect 1;';
    const { data } = copyOf(script);
    expect(dataText(script, data)).toBe('1,"two\nlines \\. ;"\n2,"\\.x"\n');
    expect(data.unterminatedQuoteLine).toBeUndefined();
  });

  it('ends at a \\. line even inside a quoted field, as psql does, and says so', () => {
    // psql ends the data here (a limitation its source admits); the server then rejects the COPY
    // with "unterminated CSV quoted field", and psql reads the rest of the field as SQL.
    const script = 'copy t from stdin with (format csv);\n3,"a\n\\.\nb\n\\.\nselect 42;\n';
    const { statements } = split(script);
    const copy = statements[0]!;
    expect(copy.copyData!.unterminatedQuoteLine).toBe(2);
    expect(dataText(script, copy.copyData!)).toBe('3,"a\n');
    expect(statements.map((s) => script.slice(s.span.start, s.span.end))).toEqual([
      'copy t from stdin with (format csv);',
      '\\.',
      'b\n\\.\nselect 42;',
    ]);
    // In psql, `\.` outside COPY data is a meta-command ("invalid command \.").
    expect(statements[1]!.meta).toBe('.');
  });

  it('knows an escaped quote from a closing one', () => {
    const script = 'COPY t FROM stdin WITH (FORMAT csv, ESCAPE \'\\\');\n"a\\"\n\\.\nselect 1;';
    // `\"` is an escaped quote, so the field is still open at the first \. line.
    const { data } = copyOf(script);
    expect(data.unterminatedQuoteLine).toBe(2);
  });

  it('reads "" as a quote inside a field', () => {
    const script = 'COPY t FROM stdin WITH (FORMAT csv);\n"a""\n""b"\n\\.\n';
    expect(copyOf(script).data.unterminatedQuoteLine).toBeUndefined();
  });
});

describe('COPY data that does not end', () => {
  it('is an error at the COPY command by default', () => {
    const error = splitError('SET x = 1;\nCOPY public.t (a) FROM stdin;\n1\n2\n');
    expect(error.code).toBe('unterminated-copy-data');
    expect([error.line, error.column]).toEqual([2, 1]);
    expect(error.message).toContain('public.t');
  });

  it('is taken to the end of the input on request, as psql takes it', () => {
    const script = 'COPY t FROM stdin;\n1\n2';
    const { statements, trailing } = split(script, { copyWithoutTerminator: 'accept' });
    expect(statements[0]!.copyData).toMatchObject({ span: { start: 19, end: 22 }, line: 2 });
    expect(statements[0]!.copyData!.terminator).toBeUndefined();
    expect(trailing).toEqual({ start: 22, end: 22 });
  });

  it('includes a COPY on the last line with no data at all', () => {
    expect(splitError('COPY t FROM stdin;').code).toBe('unterminated-copy-data');
    const { statements } = split('COPY t FROM stdin;', { copyWithoutTerminator: 'accept' });
    expect(statements[0]!.copyData!.span).toEqual({ start: 18, end: 18 });
  });
});

describe('COPY lines psql could not read as written', () => {
  it('reject a statement that goes on past the COPY line', () => {
    const error = splitError('COPY t FROM stdin; select\n1;\n\\.\n');
    expect([error.code, error.line, error.column]).toEqual(['copy-line-continues', 1, 20]);
    expect(splitError("COPY t FROM stdin; select 'a\nb';\n").code).toBe('copy-line-continues');
    expect(splitError('COPY t FROM stdin; /* a\nb */\n').code).toBe('copy-line-continues');
  });

  it('reject binary data inline', () => {
    const error = splitError('COPY t FROM stdin WITH (FORMAT binary);\n');
    expect([error.code, error.line]).toEqual(['binary-copy', 1]);
    expect(splitError('COPY BINARY t FROM stdin;\n').code).toBe('binary-copy');
  });
});
