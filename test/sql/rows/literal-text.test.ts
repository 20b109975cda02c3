// The text readInsertValues gives each literal against what PostgreSQL (PGlite) stores when it
// runs the very same INSERT: the expected values come from the server, not from this file.

import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '../../../src/sql/quote.js';
import { readInsertValues } from '../../../src/sql/rows/values-insert.js';

let db: PGlite;

beforeAll(async () => {
  const { PGlite } = await import('@electric-sql/pglite');
  db = await PGlite.create();
  await db.exec('CREATE TABLE lit (n int PRIMARY KEY, t text, num numeric)');
});

afterAll(async () => {
  await db?.close();
});

/** Runs `INSERT INTO lit (n, <column>) VALUES (1, lit1), (2, lit2), ...` and reads it back. */
async function stored(column: 't' | 'num', literals: string[]): Promise<(string | null)[]> {
  await db.exec('TRUNCATE lit');
  const sql = `INSERT INTO lit (n, ${column}) VALUES\n${literals.map((l, i) => `(${i + 1}, ${l})`).join(',\n')};`;
  await db.exec(sql);
  const { rows } = await db.query<[string | null]>(
    `SELECT ${column}::text FROM lit ORDER BY n`,
    [],
    { rowMode: 'array' },
  );
  return rows.map((r) => r[0]);
}

/** The second value of each row of the same INSERT, as readInsertValues reads it. */
function parsed(column: string, literals: string[], scs = true) {
  const sql = `INSERT INTO lit (n, ${column}) VALUES\n${literals.map((l, i) => `(${i + 1}, ${l})`).join(',\n')};`;
  const result = readInsertValues(sql, { standardConformingStrings: scs });
  expect(result, sql).not.toBeNull();
  return result!.rows.map((row) => {
    expect(row.values).toHaveLength(2);
    return row.values[1]!;
  });
}

const strings = [
  "'plain'",
  "''",
  "'O''Brien'",
  "''''",
  "'back\\slash'",
  "'tab\there'",
  "'line\nbreak'",
  "'Zoë 😀 東京'",
  "'a'\n'b'",
  "'a' -- comment\n  'b'\n\t'c'",
  "E'a\\nb'",
  "e'\\b\\f\\n\\r\\t\\v'",
  "E'\\\\ \\' '' \\q \\a'",
  "E'\\101\\1011\\7'",
  "E'\\x41\\x4g\\x'",
  "E'\\xC3\\xA9'",
  "E'\\303\\251'",
  "E'\\u00e9\\U0001F600'",
  "E'\\uD83D\\uDE00'",
  "E'one'\n'\\n two'",
  "U&'\\0041\\+01F600 \\\\'",
  "U&'d!0061t!+000061' UESCAPE '!'",
  "u&'\\D83D\\DE00'",
  "U&'a''b'",
  "N'national'",
  "n'it''s'",
  '$$dollar$$',
  "$$it's \\n$$",
  '$tag$ $$ nested $ $tag$',
  '$ä$unicode tag$ä$',
  "B'0101'",
  "X'1F'",
  "b''",
  "'42'::int",
  "'42'::integer",
  "'007'::text",
  "CAST('x' AS text)",
  "cast( 'y' as character varying )",
  "'2024-01-01'::date",
  "date '2024-01-02'",
  "int '5'",
  "'{1,2}'::int[]",
  "'a'::pg_catalog.text",
  "'b' :: text",
  'NULL',
  'NULL::text',
  'CAST(NULL AS int)',
  'true',
  'FALSE',
  '42',
  '-42',
  '007',
  '0x1F',
  '0o17',
  '0b101',
  '1_000',
  '42::bigint',
  'CAST(-7 AS int)',
  '- /* c */ 9',
  '+3',
];

const numbers = [
  '0',
  '42',
  '-42',
  '007',
  '1.50',
  '-1.50',
  '1e3',
  '1.5E-2',
  '.5',
  '5.',
  '-0',
  '-0.0',
  '1_000.000_1',
  '0x7FFFFFFFFFFF',
  '99999999999999999999999',
  '0b1111',
];

describe('literal text against the server', () => {
  it('strings, casts, NULL and booleans: the text is what the server stores', async () => {
    const fromServer = await stored('t', strings);
    const ours = parsed('t', strings);
    const mismatches = strings.flatMap((literal, i) => {
      const v = ours[i]!;
      const expected = fromServer[i];
      return v.text === expected || (v.kind === 'null' && expected === null)
        ? []
        : [{ literal, ours: v.text, kind: v.kind, server: expected }];
    });
    expect(mismatches).toEqual([]);
    expect(ours.filter((v) => v.kind === 'expression')).toEqual([]);
  });

  it('casts to other types: the text is the input the cast reads', async () => {
    const casts = [
      "'t'::boolean",
      "' 042 '::int",
      "'2024-1-2'::date",
      "CAST('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11' AS uuid)",
      "'1.50'::numeric",
      "int8 '9'",
    ];
    for (const [i, v] of parsed('t', casts).entries()) {
      expect(v.kind, casts[i]).toBe('string');
      const { rows } = await db.query<[boolean]>(
        `SELECT (${casts[i]}) = CAST($1 AS ${v.cast})`,
        [v.text],
        { rowMode: 'array' },
      );
      expect(rows[0]![0], casts[i]).toBe(true);
    }
  });

  it('numbers: the text has the value the server stores', async () => {
    const fromServer = await stored('num', numbers);
    const ours = parsed('num', numbers);
    expect(ours.every((v) => v.kind === 'number')).toBe(true);
    const { rows } = await db.query<[boolean]>(
      'SELECT a::numeric = b::numeric FROM unnest($1::text[], $2::text[]) AS u(a, b)',
      [ours.map((v) => v.text), fromServer],
      { rowMode: 'array' },
    );
    expect(rows.map((r) => r[0])).toEqual(numbers.map(() => true));
  });

  it('integer constants: the text is the canonical decimal the server gives them', async () => {
    const integers = ['007', '0x1F', '0o17', '0b101', '1_000', '-0', '00', '0X_ff'];
    const fromServer = await stored('t', integers);
    expect(parsed('t', integers).map((v) => v.text)).toEqual(fromServer);
  });

  it('standard_conforming_strings off: backslashes in plain strings are escapes', async () => {
    const literals = ["'a\\nb'", "'it\\'s'", "'\\x41\\\\'", "E'\\t'", '$$a\\nb$$'];
    await db.exec('SET standard_conforming_strings = off; SET escape_string_warning = off');
    try {
      const fromServer = await stored('t', literals);
      expect(parsed('t', literals, false).map((v) => v.text)).toEqual(fromServer);
    } finally {
      await db.exec('RESET standard_conforming_strings; RESET escape_string_warning');
    }
  });

  it.each([
    ['a NUL byte', "E'\\0'"],
    ['an octal NUL', "E'\\400'"],
    ['bytes that are not UTF-8', "E'\\xC3'"],
    ['a lone surrogate', "E'\\uD83D'"],
    ['a short Unicode escape', "E'\\u12'"],
    ['a U+0000 escape', "E'\\u0000'"],
    ['a bad U& escape', "U&'\\00'"],
    ['a bad bit string', "B'012'"],
    ['a bad hex string', "X'1G'"],
  ])('leaves %s to the server, which rejects it', async (_label, literal) => {
    const [value] = parsed('t', [literal]);
    expect(value).toMatchObject({ kind: 'expression', text: null });
    await expect(stored('t', [literal])).rejects.toThrow();
  });

  it('decodes names the way the server resolves them', async () => {
    const sql =
      'INSERT INTO "Weird ""Name""" AS w (U&"d\\0061ta", CamelCase, "MiXed", U&"!0041b" UESCAPE \'!\') VALUES (1, 2, 3, 4)';
    const p = readInsertValues(sql)!;
    expect(p.target).toEqual({ schema: null, name: 'Weird "Name"' });
    expect(p.columns).toEqual(['data', 'camelcase', 'MiXed', 'Ab']);
    await db.exec(
      `CREATE TABLE ${quoteIdent(p.target.name)} (${p.columns!.map((c) => `${quoteIdent(c)} int`).join(', ')})`,
    );
    await db.exec(sql);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${quoteIdent(p.target.name)}`);
    expect(rows).toEqual([{ n: 1 }]);
  });
});
