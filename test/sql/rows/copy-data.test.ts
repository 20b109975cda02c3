// readCopyRows / rebuildCopyBlock against the server: every block is also loaded into PGlite
// with COPY ... FROM '/dev/blob' and the stored rows (or the server's error and line) are the
// expected answer.

import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CopyData } from '../../../src/model/script.js';
import {
  type CopyRow,
  CopyRowError,
  readCopyRows,
  rebuildCopyBlock,
} from '../../../src/sql/rows/copy-data.js';
import { type CopyOptions, copyDataOf } from '../../support/copy-data.js';

let db: PGlite;

beforeAll(async () => {
  const { PGlite } = await import('@electric-sql/pglite');
  db = await PGlite.create();
  await db.exec(
    'CREATE TABLE one (a text); CREATE TABLE two (a text, b text); CREATE TABLE three (a text, b text, c text)',
  );
});

afterAll(async () => {
  await db?.close();
});

const HEAD = '-- a script\nCOPY public.t (a, b) FROM stdin;\n';
const FIRST_LINE = 3;

/** A script with the data block, ended by psql's `\.` line. */
function script(data: string, options: CopyOptions = {}): { text: string; copyData: CopyData } {
  const text = `${HEAD}${data}\\.\n-- after\n`;
  return {
    text,
    copyData: copyDataOf(
      { start: HEAD.length, end: text.length - '-- after\n'.length },
      FIRST_LINE,
      options,
    ),
  };
}

function sqlOptions(options: CopyOptions): string {
  const parts: string[] = [];
  if (options.format === 'csv') parts.push('FORMAT csv');
  if (options.delimiter) parts.push(`DELIMITER '${options.delimiter.replaceAll("'", "''")}'`);
  if (options.nullString !== undefined)
    parts.push(`NULL '${options.nullString.replaceAll("'", "''")}'`);
  if (options.header) parts.push('HEADER');
  if (options.quote) parts.push(`QUOTE '${options.quote.replaceAll("'", "''")}'`);
  if (options.escape) parts.push(`ESCAPE '${options.escape.replaceAll("'", "''")}'`);
  if (options.defaultString) parts.push(`DEFAULT '${options.defaultString.replaceAll("'", "''")}'`);
  return parts.length > 0 ? `WITH (${parts.join(', ')})` : '';
}

const tables = { 1: 'one', 2: 'two', 3: 'three' } as const;

/** What the server makes of the data: its rows as text, or its error with the data line. */
async function server(
  data: string,
  columns: 1 | 2 | 3,
  options: CopyOptions = {},
): Promise<{ rows: (string | null)[][] } | { error: string; line: number | null }> {
  const table = tables[columns];
  await db.exec(`TRUNCATE ${table}`);
  try {
    await db.query(`COPY ${table} FROM '/dev/blob' ${sqlOptions(options)}`, [], {
      blob: new Blob([data]),
    });
  } catch (error) {
    const where = (error as { where?: string }).where ?? '';
    const line = /line (\d+)/.exec(where);
    return { error: (error as Error).message, line: line ? Number(line[1]) : null };
  }
  const { rows } = await db.query<(string | null)[]>(`SELECT * FROM ${table} ORDER BY ctid`, [], {
    rowMode: 'array',
  });
  return { rows };
}

function ours(data: string, columns: number, options: CopyOptions = {}): CopyRow[] {
  const { text, copyData } = script(data, options);
  return [...readCopyRows(text, copyData, { columnCount: columns })];
}

async function expectSameAsServer(data: string, columns: 1 | 2 | 3, options: CopyOptions = {}) {
  const expected = await server(data, columns, options);
  expect(expected, 'the server accepts the data').toHaveProperty('rows');
  const rows = ours(data, columns, options);
  expect(rows.map((r) => r.fields)).toEqual((expected as { rows: unknown }).rows);
  return rows;
}

async function expectSameErrorAsServer(
  data: string,
  columns: 1 | 2 | 3,
  code: CopyRowError['code'],
  options: CopyOptions = {},
  /** The server names the last line of a multi-line CSV row; we name its first. */
  linesBeforeServers = 0,
) {
  const expected = await server(data, columns, options);
  expect(expected, 'the server rejects the data').toHaveProperty('error');
  let caught: unknown;
  try {
    ours(data, columns, options);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CopyRowError);
  const error = caught as CopyRowError;
  expect(error.code).toBe(code);
  const { line } = expected as { line: number | null };
  if (line !== null) expect(error.line - FIRST_LINE + 1 + linesBeforeServers).toBe(line);
}

describe('readCopyRows: text format', () => {
  it('splits at tabs, reads \\N as null and gives each row its line and span', async () => {
    const data = 'a\tb\n\\N\tc d\n\t\n';
    const rows = await expectSameAsServer(data, 2);
    const { text } = script(data);
    expect(rows.map((r) => [r.line, text.slice(r.span.start, r.span.end)])).toEqual([
      [3, 'a\tb\n'],
      [4, '\\N\tc d\n'],
      [5, '\t\n'],
    ]);
  });

  it('reads every backslash escape', async () => {
    await expectSameAsServer(
      '\\b\\f\\n\\r\\t\\v\\\\\\a\\Nx\tq\n' +
        '\\x41\\x4\\xg\\x\\101\\1012\\7\t\\\\N\n' +
        '\\xc3\\xa9 \\303\\251\t\\\t\n',
      2,
    );
  });

  it('reads a custom delimiter and NULL string, escaped delimiters and raw NULL look-alikes', async () => {
    await expectSameAsServer('a\\|b|NULL\n\\N|x\n|NULLx\n', 2, {
      delimiter: '|',
      nullString: 'NULL',
    });
    await expectSameAsServer('a,,b\n,\\,,\n', 3, { delimiter: ',', nullString: '' });
  });

  it('takes a backslash before a line ending as data: the row goes on', async () => {
    const rows = await expectSameAsServer('a\\\nb\tc\nd\te\n', 2);
    expect(rows.map((r) => r.line)).toEqual([3, 5]);
  });

  it('reads \\r\\n line endings', async () => {
    await expectSameAsServer('a\tb\r\nc\t\\N\r\n', 2);
  });

  it('reads an empty line as one empty field', async () => {
    await expectSameAsServer('\nx\n', 1);
  });

  it('skips a header line', async () => {
    await expectSameAsServer('h1\th2\na\tb\n', 2, { header: true });
  });

  it('reads unicode as is', async () => {
    await expectSameAsServer('Zoë 😀\t東京\n', 2);
  });

  it('stops at the \\. line and reads a last line without a line ending', () => {
    const text = 'COPY t FROM stdin;\na\tb\n\\.\nc\td\n';
    const copyData = script('').copyData;
    const rows = [
      ...readCopyRows(text, { ...copyData, span: { start: 19, end: text.length }, line: 2 }),
    ];
    expect(rows.map((r) => r.fields)).toEqual([['a', 'b']]);
    const noEnd = 'COPY t FROM stdin;\na\tb\nc\td';
    const last = [
      ...readCopyRows(noEnd, { ...copyData, span: { start: 19, end: noEnd.length }, line: 2 }),
    ];
    expect(last.map((r) => [r.line, r.fields])).toEqual([
      [2, ['a', 'b']],
      [3, ['c', 'd']],
    ]);
  });

  it.each([
    ['too many fields', 'a\tb\nc\td\te\n', 'extra-data'],
    ['too few fields', 'a\tb\nc\n', 'missing-data'],
    ['an empty line in a two-column table', 'a\tb\n\n', 'missing-data'],
    ['a NUL byte', 'a\tb\nx\\0y\tb\n', 'invalid-encoding'],
    ['bytes that are not UTF-8', 'a\tb\n\\xc3\tx\n', 'invalid-encoding'],
    ['\\. inside a line', 'a\tb\na\\.b\tc\n', 'end-marker'],
    ['a \\n line after \\r\\n ones', 'a\tb\r\nc\td\n', 'newline'],
    ['a \\r inside a line', 'a\tb\nc\rd\te\n', 'carriage-return'],
  ] as const)('rejects %s, on the line the server names', async (_label, data, code) => {
    await expectSameErrorAsServer(data, 2, code);
  });
});

describe('readCopyRows: CSV format', () => {
  const csv = { format: 'csv' } as const;

  it('reads quoted fields, doubled quotes, and NULL only when unquoted and empty', async () => {
    await expectSameAsServer('a,"b ""q"""\n,""\n" , ",x\n', 2, csv);
  });

  it('reads a quoted field over several lines as one row', async () => {
    const data = 'x,"first\nsecond\n\nthird"\ny,"\r"\nz,w\n';
    const rows = await expectSameAsServer(data, 2, csv);
    const { text } = script(data, csv);
    expect(rows.map((r) => r.line)).toEqual([3, 7, 8]);
    expect(text.slice(rows[0]!.span.start, rows[0]!.span.end)).toBe('x,"first\nsecond\n\nthird"\n');
  });

  it('opens quotes mid-field and keeps unquoted spaces', async () => {
    await expectSameAsServer('ab"c,d"e,f\n a , " b " \n', 2, csv);
  });

  it('reads a custom ESCAPE, QUOTE, DELIMITER and NULL', async () => {
    await expectSameAsServer('"a\\"b","c\\\\d"\n"e\\f",g\n', 2, { ...csv, escape: '\\' });
    await expectSameAsServer("'a;b';NA\n'NA';''''\n", 2, {
      ...csv,
      quote: "'",
      escape: "'",
      delimiter: ';',
      nullString: 'NA',
    });
  });

  it('skips a header line, even a quoted multi-line one', async () => {
    await expectSameAsServer('"h\n1",h2\n1,2\n', 2, { ...csv, header: true });
  });

  it('reads \\r\\n line endings, in and out of quotes', async () => {
    await expectSameAsServer('a,b\r\nc,"d\r\ne"\r\n', 2, csv);
  });

  it('keeps backslashes as data', async () => {
    await expectSameAsServer('\\N,a\\tb\n', 2, csv);
  });

  it.each([
    ['an unterminated quote', 'a,b\n"abc,d\n', 'unterminated-quote', 1],
    ['too many fields', 'a,b,c\n', 'extra-data', 0],
    ['too few fields', 'a,b\n"x\ny"\n', 'missing-data', 1],
    ['an unquoted \\r in \\n data', 'a,b\nc\rd,e\n', 'carriage-return', 0],
  ] as const)('rejects %s', async (_label, data, code, extraLines) => {
    await expectSameErrorAsServer(data, 2, code, csv, extraLines);
  });

  it('gives the line where an unterminated quote starts', () => {
    const { text, copyData } = script('a,b\n"x\ny\n', csv);
    expect(() => [...readCopyRows(text, copyData)]).toThrow(
      expect.objectContaining({ code: 'unterminated-quote', line: 4 }),
    );
  });
});

describe('readCopyRows: the DEFAULT marker', () => {
  it.each([
    ['text', 'M\tx\ny\tM\n\\M\t\\N\nMM\tM\n', { defaultString: 'M' }],
    ['csv', 'M,x\ny,M\n"M",\nMM,M\n', { format: 'csv', defaultString: 'M' }],
  ] as const)('reads it like NULL and lists its fields (%s)', async (_label, data, options) => {
    await db.exec(
      "CREATE TABLE IF NOT EXISTS withdef (a text DEFAULT 'default a', b text DEFAULT 'default b')",
    );
    await db.exec('TRUNCATE withdef');
    await db.query(`COPY withdef FROM '/dev/blob' ${sqlOptions(options)}`, [], {
      blob: new Blob([data]),
    });
    const { rows: stored } = await db.query<(string | null)[]>(
      'SELECT a, b FROM withdef ORDER BY ctid',
      [],
      { rowMode: 'array' },
    );
    const rows = ours(data, 2, options);
    const withDefaults = rows.map((row) =>
      row.fields.map((f, i) => (row.defaults?.includes(i) ? `default ${'ab'[i]}` : f)),
    );
    expect(withDefaults).toEqual(stored);
    expect(rows.map((r) => r.defaults)).toEqual([[0], [1], undefined, [1]]);
  });
});

describe('rebuildCopyBlock', () => {
  const blocks: [string, string, CopyOptions][] = [
    ['text', '1\t\\N\n3\t2\n2\t1\n', {}],
    ['text with a header', 'id\tmanager\n1\t\\N\n3\t2\n2\t1\n', { header: true }],
    ['csv with multi-line fields', '1,"a\nb"\n3,"c"\n2,\n', { format: 'csv' }],
    ['crlf', '1\tx\r\n2\ty\r\n', {}],
  ];

  it.each(blocks)(
    'gives back the exact block for the identity order (%s)',
    (_label, data, options) => {
      const { text, copyData } = script(data, options);
      const rows = [...readCopyRows(text, copyData)];
      const block = text.slice(copyData.span.start, copyData.span.end);
      expect(
        rebuildCopyBlock(
          text,
          copyData,
          rows.map((_, i) => i),
        ),
      ).toBe(block);
      expect(
        rebuildCopyBlock(
          text,
          copyData,
          rows.map((_, i) => i),
          rows,
        ),
      ).toBe(block);
    },
  );

  it('reorders rows, keeping the header and the \\. line', () => {
    const { text, copyData } = script('id\tmanager\n1\t\\N\n3\t2\n2\t1\n', { header: true });
    expect(rebuildCopyBlock(text, copyData, [0, 2, 1])).toBe(
      'id\tmanager\n1\t\\N\n2\t1\n3\t2\n\\.\n',
    );
    expect(rebuildCopyBlock(text, copyData, [1])).toBe('id\tmanager\n3\t2\n\\.\n');
  });

  it('moves multi-line CSV rows whole, and the result reads back the same', () => {
    const { text, copyData } = script('1,"a\nb"\n3,"c"\n2,\n', { format: 'csv' });
    const block = rebuildCopyBlock(text, copyData, [2, 0, 1]);
    expect(block).toBe('2,\n1,"a\nb"\n3,"c"\n\\.\n');
    const again = `${HEAD}${block}`;
    const rows = [
      ...readCopyRows(again, { ...copyData, span: { start: HEAD.length, end: again.length } }),
    ];
    expect(rows.map((r) => r.fields)).toEqual([
      ['2', null],
      ['1', 'a\nb'],
      ['3', 'c'],
    ]);
  });

  it('gives a last row without a line ending one when it moves up', () => {
    const text = 'COPY t FROM stdin;\na\nb';
    const copyData = { ...script('').copyData, span: { start: 19, end: text.length }, line: 2 };
    expect(rebuildCopyBlock(text, copyData, [1, 0])).toBe('b\na\n');
  });

  it('refuses rows that do not exist', () => {
    const { text, copyData } = script('1\n');
    expect(() => rebuildCopyBlock(text, copyData, [1])).toThrow(RangeError);
  });
});
