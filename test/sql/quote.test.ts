// quote.ts against the real thing: every expected answer comes from PostgreSQL (PGlite), not
// from a string typed into this file.

import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newerKeywords } from '../../src/sql/keywords.js';
import {
  lineComment,
  quoteIdent,
  quoteLiteral,
  quoteLiteralTyped,
  quoteQualified,
} from '../../src/sql/quote.js';

let db: PGlite;

beforeAll(async () => {
  const { PGlite } = await import('@electric-sql/pglite');
  db = await PGlite.create();
});

afterAll(async () => {
  await db?.close();
});

/** Runs `fn(x)` on the server for each input, in order. */
async function serverEach(fn: string, inputs: string[]): Promise<string[]> {
  const { rows } = await db.query<{ input: string; output: string }>(
    `SELECT input, ${fn}(input) AS output
       FROM unnest($1::text[]) WITH ORDINALITY AS u(input, n) ORDER BY n`,
    [inputs],
  );
  // Guard the harness itself: the inputs must reach the server unchanged.
  expect(rows.map((r) => r.input)).toEqual(inputs);
  return rows.map((r) => r.output);
}

const trickyNames = [
  'users',
  'user_id',
  'Order',
  'UPPER',
  'Mixed Case',
  'with space',
  ' leading',
  'trailing ',
  'a"b',
  '"',
  '""',
  "it's",
  'a\\b',
  'a.b',
  'a-b',
  'tab\there',
  'new\nline',
  'émile',
  'ß',
  'İstanbul',
  '日本語',
  'emoji😀',
  '',
  '$',
  'a$',
  '$a',
  'price$usd',
  '1abc',
  '123',
  '_',
  '_x',
  'x1',
  'select1',
  'order_',
  '_order',
  'snake_case_name',
  'x'.repeat(70),
];

describe('quoteIdent', () => {
  it('agrees with quote_ident() on every keyword the server knows', async () => {
    const { rows } = await db.query<{ word: string }>(
      'SELECT word FROM pg_get_keywords() ORDER BY word',
    );
    const words = rows.map((r) => r.word);
    expect(words.length).toBeGreaterThan(400);
    const expected = await serverEach('quote_ident', words);
    expect(words.map(quoteIdent)).toEqual(expected);
  });

  it('agrees with quote_ident() on the names people actually write', async () => {
    const expected = await serverEach('quote_ident', trickyNames);
    expect(trickyNames.map(quoteIdent)).toEqual(expected);
  });

  it('agrees with quote_ident() on the same names upper-cased', async () => {
    const inputs = ['USER', 'Select', 'ORDER', 'Type', 'NAME', 'Table'];
    expect(inputs.map(quoteIdent)).toEqual(await serverEach('quote_ident', inputs));
  });

  it('quotes keywords of newer servers that this server does not know yet', async () => {
    const words = [...newerKeywords];
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_get_keywords() WHERE word = ANY($1::text[])',
      [words],
    );
    // When the embedded server learns them, move them into the category lists.
    expect(rows[0]?.n).toBe(0);
    for (const word of words) expect(quoteIdent(word)).toBe(`"${word}"`);
  });

  it('round-trips: the server reads back exactly the original name', async () => {
    // Column aliases take any identifier; skip what the server cannot hold (empty, > 63 bytes).
    const names = trickyNames.filter((n) => n !== '' && Buffer.byteLength(n) <= 63);
    const { rows } = await db.query<{ word: string }>('SELECT word FROM pg_get_keywords()');
    const all = [...names, ...rows.map((r) => r.word)];
    const select = all.map((n, i) => `${i} AS ${quoteIdent(n)}`).join(', ');
    const result = await db.query(`SELECT ${select}`);
    expect(result.fields.map((f) => f.name)).toEqual(all);
  });

  it('rejects NUL, which no PostgreSQL name can hold', () => {
    expect(() => quoteIdent('a\0b')).toThrow(RangeError);
  });
});

describe('quoteQualified', () => {
  it('keeps the schema unless asked', () => {
    expect(quoteQualified({ schema: 'public', name: 'orders' })).toBe('public.orders');
    expect(quoteQualified({ schema: 'My Schema', name: 'Order' })).toBe('"My Schema"."Order"');
    expect(quoteQualified({ schema: 'user', name: 'a"b' })).toBe('"user"."a""b"');
  });

  it('omits the schema it is told to omit, and only that one', () => {
    const options = { omitSchema: 'public' };
    expect(quoteQualified({ schema: 'public', name: 'order' }, options)).toBe('"order"');
    expect(quoteQualified({ schema: 'sales', name: 'order' }, options)).toBe('sales."order"');
  });

  it('with a search path, omits only its first schema', () => {
    const options = { omitSchema: ['app', 'public'] };
    expect(quoteQualified({ schema: 'app', name: 't' }, options)).toBe('t');
    // app.t would capture an unqualified `t`, so public.t must stay qualified.
    expect(quoteQualified({ schema: 'public', name: 't' }, options)).toBe('public.t');
    expect(quoteQualified({ schema: 'public', name: 't' }, { omitSchema: [] })).toBe('public.t');
  });

  it('keeps the schema on pg_ names, which pg_catalog would capture', async () => {
    await db.exec('CREATE TABLE public.pg_class (x int)');
    const name = { schema: 'public', name: 'pg_class' };
    const sql = quoteQualified(name, { omitSchema: 'public' });
    expect(sql).toBe('public.pg_class');
    const { rows } = await db.query<{ n: string }>(
      `SELECT ${quoteLiteral(sql)}::regclass::text AS n`,
    );
    expect(rows[0]?.n).toBe('public.pg_class');
    const bare = await db.query<{ n: string }>(`SELECT 'pg_class'::regclass::oid::int AS n`);
    const user = await db.query<{ n: string }>(`SELECT 'public.pg_class'::regclass::oid::int AS n`);
    expect(bare.rows[0]?.n).not.toBe(user.rows[0]?.n);
    await db.exec('DROP TABLE public.pg_class');
  });

  it('names that the server creates and finds again', async () => {
    const table = { schema: 'My "Schema"', name: 'Order Lines ü' };
    await db.exec(`CREATE SCHEMA ${quoteIdent(table.schema)}`);
    await db.exec(`CREATE TABLE ${quoteQualified(table)} (${quoteIdent('user')} int)`);
    const { rows } = await db.query<{ nspname: string; relname: string; attname: string }>(
      `SELECT n.nspname, c.relname, a.attname
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = 1
        WHERE c.oid = ${quoteLiteral(quoteQualified(table))}::regclass`,
    );
    expect(rows).toEqual([{ nspname: table.schema, relname: table.name, attname: 'user' }]);
  });
});

const trickyTexts = [
  '',
  'plain',
  "it's",
  "''",
  "'",
  'back\\slash',
  '\\',
  "\\'",
  "E'x'",
  'new\nline',
  'tab\there',
  'carriage\rreturn',
  'unicode é 日本 😀',
  '$$',
  '$1',
  '-- comment',
  '/* c */',
  "'); DROP TABLE users; --",
  '"double"',
  'NULL',
];

describe('quoteLiteral', () => {
  it('agrees with quote_literal() on tricky text', async () => {
    const expected = await serverEach('quote_literal', trickyTexts);
    expect(trickyTexts.map((t) => quoteLiteral(t))).toEqual(expected);
  });

  it('agrees with quote_nullable() on null and undefined', async () => {
    const { rows } = await db.query<{ q: string }>('SELECT quote_nullable(NULL::text) AS q');
    expect(quoteLiteral(null)).toBe(rows[0]?.q);
    expect(quoteLiteral(undefined)).toBe(rows[0]?.q);
  });

  it('agrees with quote_literal() on numbers and booleans', async () => {
    const { rows } = await db.query<Record<string, string>>(
      `SELECT quote_literal(42) AS a, quote_literal(-1.5::float8) AS b,
              quote_literal(1e21::float8) AS c, quote_literal('NaN'::float8) AS d,
              quote_literal('-Infinity'::float8) AS e, quote_literal(9007199254740993::int8) AS f,
              quote_literal(true) AS g, quote_literal(false) AS h`,
    );
    expect({
      a: quoteLiteral(42),
      b: quoteLiteral(-1.5),
      c: quoteLiteral(1e21),
      d: quoteLiteral(Number.NaN),
      e: quoteLiteral(Number.NEGATIVE_INFINITY),
      f: quoteLiteral(9007199254740993n),
      g: quoteLiteral(true),
      h: quoteLiteral(false),
    }).toEqual(rows[0]);
  });

  for (const conforming of ['on', 'off']) {
    it(`round-trips with standard_conforming_strings = ${conforming}`, async () => {
      await db.exec(`SET standard_conforming_strings = ${conforming}`);
      try {
        const select = trickyTexts.map((t, i) => `${quoteLiteral(t)} AS c${i}`).join(', ');
        const { rows } = await db.query<Record<string, string>>(`SELECT ${select}`);
        expect(Object.values(rows[0] ?? {})).toEqual(trickyTexts);
      } finally {
        await db.exec('RESET standard_conforming_strings');
      }
    });
  }

  it('rejects NUL, which PostgreSQL text cannot hold', () => {
    expect(() => quoteLiteral('a\0b')).toThrow(RangeError);
  });
});

describe('quoteLiteralTyped', () => {
  it('casts to the type as format_type prints it', () => {
    expect(quoteLiteralTyped(42, 'integer')).toBe("'42'::integer");
    expect(quoteLiteralTyped(null, 'integer')).toBe('NULL::integer');
    expect(quoteLiteralTyped('happy', 'public."Mood"')).toBe(`'happy'::public."Mood"`);
    expect(quoteLiteralTyped('x', '"weird(type)"')).toBe(`'x'::"weird(type)"`);
  });

  it('drops type modifiers, so the cast never truncates', () => {
    expect(quoteLiteralTyped('a', 'character varying(20)')).toBe("'a'::character varying");
    expect(quoteLiteralTyped('{a}', 'character varying(20)[]')).toBe("'{a}'::character varying[]");
    expect(quoteLiteralTyped('1.5', 'numeric(10,2)')).toBe("'1.5'::numeric");
    expect(quoteLiteralTyped('2020-01-01', 'timestamp(3) with time zone')).toBe(
      "'2020-01-01'::timestamp with time zone",
    );
    expect(quoteLiteralTyped('ab', 'character(5)')).toBe("'ab'::bpchar");
    expect(quoteLiteralTyped('101', 'bit(8)')).toBe("'101'::bit varying");
  });

  it('keeps too-long values whole on the server, so storing them still fails', async () => {
    await db.exec('CREATE TEMP TABLE typed (v varchar(3), c char(3), b bit(3))');
    const cases = [
      ['abcdef', 'character varying(3)', 'v'],
      ['abcdef', 'character(3)', 'c'],
      ['10101', 'bit(3)', 'b'],
    ] as const;
    for (const [value, type, column] of cases) {
      const typed = quoteLiteralTyped(value, type);
      const { rows } = await db.query<{ v: string }>(`SELECT (${typed})::text AS v`);
      expect(rows[0]?.v).toBe(value);
      // With the typmod the cast would have cut the value down and the INSERT would succeed.
      const naive = await db.query<{ v: string }>(
        `SELECT (${quoteLiteral(value)}::${type})::text AS v`,
      );
      expect(naive.rows[0]?.v).not.toBe(value);
      await expect(db.exec(`INSERT INTO typed (${column}) VALUES (${typed})`)).rejects.toThrow();
    }
  });
});

describe('lineComment', () => {
  it('keeps a name with line breaks inside the comment', async () => {
    const comment = lineComment('for "a\nb"\r\n; SELECT 1/0');
    expect(comment).toBe('-- for "a b"  ; SELECT 1/0');
    const { rows } = await db.query<{ v: number }>(`SELECT 1 AS v ${comment}\n`);
    expect(rows).toEqual([{ v: 1 }]);
  });
});
