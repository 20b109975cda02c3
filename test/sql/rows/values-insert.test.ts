// readInsertValues / rebuildInsert: statement shapes, spans, what is refused, round trips.
// The decoded literal texts are checked against the server in literal-text.test.ts.

import { describe, expect, it } from 'vitest';
import type { RowValue } from '../../../src/sql/rows/row-value.js';
import {
  type InsertValues,
  readInsertValues,
  rebuildInsert,
} from '../../../src/sql/rows/values-insert.js';

function parse(sql: string): InsertValues {
  const parsed = readInsertValues(sql);
  if (parsed === null) throw new Error(`refused: ${sql}`);
  return parsed;
}

/** [kind, text, source] per value, per row. */
function values(parsed: InsertValues): [string, string | null, string][][] {
  return parsed.rows.map((row) =>
    row.values.map((v: RowValue) => [v.kind, v.text, parsed.text.slice(v.span.start, v.span.end)]),
  );
}

function identity(parsed: InsertValues): number[] {
  return parsed.rows.map((_, i) => i);
}

describe('readInsertValues: the statement around the rows', () => {
  it('reads the target, alias, column list and OVERRIDING', () => {
    const p = parse(
      'insert /* c */ INTO "Sales"."Order Lines" as ol ( id , "Qty", U&"d\\0061ta" ) overriding USER value values (1, 2, 3);',
    );
    expect(p.target).toEqual({ schema: 'Sales', name: 'Order Lines' });
    expect(p.alias).toBe('ol');
    expect(p.columns).toEqual(['id', 'Qty', 'data']);
    expect(p.overriding).toBe('user');
    expect(p.onConflict).toBe(false);
    expect(p.returning).toBe(false);
  });

  it('folds bare names to lowercase and leaves unqualified targets without a schema', () => {
    const p = parse('INSERT INTO Employees (ID, Manager_Id) VALUES (1, NULL)');
    expect(p.target).toEqual({ schema: null, name: 'employees' });
    expect(p.columns).toEqual(['id', 'manager_id']);
    expect(p.alias).toBeNull();
    expect(p.overriding).toBeNull();
  });

  it('gives null columns when none are listed', () => {
    expect(parse('INSERT INTO t VALUES (1)').columns).toBeNull();
  });

  it('cuts long names to 63 bytes like the server', () => {
    const long = `${'é'.repeat(40)}x`;
    const p = parse(`INSERT INTO "${long}" VALUES (1)`);
    expect(new TextEncoder().encode(p.target.name).length).toBe(62);
    expect(p.target.name).toBe('é'.repeat(31));
  });

  it('knows ON CONFLICT and RETURNING, whatever they contain', () => {
    const p = parse(
      "INSERT INTO t (id, v) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET v = excluded.v || ';' WHERE t.v <> ')' RETURNING id, (v);",
    );
    expect(p.onConflict).toBe(true);
    expect(p.returning).toBe(true);
    expect(p.suffix).toBe(
      " ON CONFLICT (id) DO UPDATE SET v = excluded.v || ';' WHERE t.v <> ')' RETURNING id, (v);",
    );
    const q = parse('INSERT INTO t VALUES (1) RETURNING *');
    expect([q.onConflict, q.returning]).toEqual([false, true]);
    const r = parse('INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING;\n-- done\n');
    expect([r.onConflict, r.returning]).toEqual([true, false]);
  });

  it.each([
    ['INSERT ... SELECT', 'INSERT INTO t SELECT * FROM u;'],
    ['INSERT ... (SELECT)', 'INSERT INTO t (SELECT 1);'],
    ['an empty SELECT in parentheses', 'INSERT INTO t (select);'],
    ['a parenthesised VALUES', 'INSERT INTO t (VALUES (1));'],
    ['DEFAULT VALUES', 'INSERT INTO t DEFAULT VALUES;'],
    ['a WITH clause', 'WITH x AS (SELECT 1) INSERT INTO t VALUES (1);'],
    ['ORDER BY after VALUES', 'INSERT INTO t VALUES (1), (2) ORDER BY 1;'],
    ['a set operation', 'INSERT INTO t VALUES (1) UNION VALUES (2);'],
    ['ONLY (not INSERT syntax)', 'INSERT INTO ONLY t VALUES (1);'],
    ['a three-part name', 'INSERT INTO db.s.t VALUES (1);'],
    ['a field assignment', 'INSERT INTO t (c.f) VALUES (1);'],
    ['a subscript assignment', 'INSERT INTO t (a[1]) VALUES (1);'],
    ['an empty row', 'INSERT INTO t VALUES ();'],
    ['an unterminated string', "INSERT INTO t VALUES ('abc);"],
    ['an unterminated comment', 'INSERT INTO t VALUES (1) /* ;'],
    ['an unterminated dollar quote', 'INSERT INTO t VALUES ($$abc);'],
    ['unbalanced brackets', 'INSERT INTO t VALUES (f(1);'],
    ['a second statement', 'INSERT INTO t VALUES (1); DELETE FROM t;'],
    ['another statement', 'UPDATE t SET a = 1;'],
    ['a missing row list', 'INSERT INTO t VALUES;'],
    ['a trailing comma', 'INSERT INTO t VALUES (1),;'],
  ])('refuses %s', (_label, sql) => {
    expect(readInsertValues(sql)).toBeNull();
  });
});

describe('readInsertValues: rows and values', () => {
  it('reads every kind of value with its span', () => {
    const p = parse(
      "INSERT INTO t VALUES (1, 'a', NULL, DEFAULT, true, FALSE, -2.5, now(), '7'::int, CAST(8 AS bigint), nextval('s'))",
    );
    expect(values(p)).toEqual([
      [
        ['number', '1', '1'],
        ['string', 'a', "'a'"],
        ['null', null, 'NULL'],
        ['default', null, 'DEFAULT'],
        ['boolean', 'true', 'true'],
        ['boolean', 'false', 'FALSE'],
        ['number', '-2.5', '-2.5'],
        ['expression', null, 'now()'],
        ['string', '7', "'7'::int"],
        ['number', '8', 'CAST(8 AS bigint)'],
        ['expression', null, "nextval('s')"],
      ],
    ]);
  });

  it('records the cast a literal is given', () => {
    const p = parse(
      "INSERT INTO t VALUES ('7'::int, CAST('8' AS character varying), date '2024-01-01', 'x', '{1}'::int[], timestamp with time zone '2024-01-01 00:00+00')",
    );
    expect(p.rows[0]!.values.map((v) => v.cast)).toEqual([
      'int',
      'character varying',
      'date',
      null,
      'int[]',
      'timestamp with time zone',
    ]);
  });

  it.each([
    ['a cast with a length (it cuts)', "'abcdef'::varchar(3)"],
    ['char without a length (char(1))', "'abc'::char"],
    ['two casts', "'1.5'::numeric::int"],
    ['a fractional number cast (it rounds)', '1.7::int'],
    ['arithmetic', '1 + 2'],
    ['a string operation', "'a' || 'b'"],
    ['a function call', "lower('A')"],
    ['a qualified function call', "pg_catalog.lower('A')"],
    ['a subquery', '(SELECT max(id) FROM t)'],
    ['an ARRAY constructor', 'ARRAY[1, 2]'],
    ['a ROW constructor', 'ROW(1, 2)'],
    ['an implicit row', '(1, 2)'],
    ['a parenthesised literal', '(1)'],
    ['a unary plus on a string', "+'1'"],
    ['a COLLATE clause', '\'a\' COLLATE "C"'],
    ['an interval with fields', "interval '1' day"],
    ['a parameter', '$1'],
    ['a column reference', 'id'],
    ['a number with trailing junk', '123abc'],
  ])('treats %s as an expression', (_label, value) => {
    const p = parse(`INSERT INTO t VALUES (${value}, 0)`);
    const [first, second] = p.rows[0]!.values;
    expect(first).toMatchObject({ kind: 'expression', text: null, cast: null });
    expect(p.text.slice(first!.span.start, first!.span.end)).toBe(value);
    expect(second).toMatchObject({ kind: 'number', text: '0' });
  });

  it('skips strings, comments and nested brackets that look like row ends', () => {
    const sql = [
      'INSERT INTO t (a, b) VALUES',
      "  ('x),(y', $$ ), ( $$), -- a comment with ), (",
      "  /* a block ), ( /* nested */ comment */ (f('),('), E'\\'),('),",
      '  ((1), ARRAY[(2),(3)]),',
      '  ("col"(1), U&"x)"),',
      "  ($tag$ $$ ),( $tag$, 'it''s')",
      ';',
    ].join('\n');
    const p = parse(sql);
    expect(values(p)).toEqual([
      [
        ['string', 'x),(y', "'x),(y'"],
        ['string', ' ), ( ', '$$ ), ( $$'],
      ],
      [
        ['expression', null, "f('),(')"],
        ['string', "'),(", "E'\\'),('"],
      ],
      [
        ['expression', null, '(1)'],
        ['expression', null, 'ARRAY[(2),(3)]'],
      ],
      [
        ['expression', null, '"col"(1)'],
        ['expression', null, 'U&"x)"'],
      ],
      [
        ['string', ' $$ ),( ', '$tag$ $$ ),( $tag$'],
        ['string', "it's", "'it''s'"],
      ],
    ]);
    for (const row of p.rows) {
      expect(sql[row.span.start]).toBe('(');
      expect(sql[row.span.end - 1]).toBe(')');
    }
  });

  it('keeps comments inside a row out of the value spans', () => {
    const p = parse('INSERT INTO t VALUES ( /* a */ 1 -- b\n , /* c */ now() /* d */ )');
    expect(values(p)).toEqual([
      [
        ['number', '1', '1'],
        ['expression', null, 'now()'],
      ],
    ]);
  });

  it('reads unicode text and names', () => {
    const p = parse("INSERT INTO \"日本\" (名前) VALUES ('Zoë 😀', '東京')");
    expect(p.target.name).toBe('日本');
    expect(p.columns).toEqual(['名前']);
    expect(values(p)[0]!.map((v) => v[1])).toEqual(['Zoë 😀', '東京']);
  });

  it('honours standard_conforming_strings = off', () => {
    const sql = "INSERT INTO t VALUES ('a\\'b\\n', 'c')";
    expect(
      readInsertValues(sql, { standardConformingStrings: false })!.rows[0]!.values[0]!.text,
    ).toBe("a'b\n");
    // With it on, the same text is a string `a\` followed by junk.
    expect(readInsertValues(sql)).toBeNull();
  });
});

describe('rebuildInsert', () => {
  const pgDump = [
    'INSERT INTO public.employees VALUES',
    "\t(1, NULL, 'Ada'),",
    "\t(3, 2, 'Cy'),",
    "\t(2, 1, 'Bo');",
    '',
  ].join('\n');

  it('gives back the exact text for the identity order', () => {
    for (const sql of [
      pgDump,
      'insert into t values(1),(2)  ,  (3) returning *',
      "INSERT INTO t VALUES (1, 'a') /* x */ , -- y\n (2, 'b') ON CONFLICT DO NOTHING;",
      'INSERT INTO t VALUES (1);',
    ]) {
      const p = parse(sql);
      expect(rebuildInsert(p, identity(p))).toBe(sql);
      expect(p.prefix + sql.slice(p.valuesSpan.start, p.valuesSpan.end) + p.suffix).toBe(sql);
    }
  });

  it('reorders rows and keeps the layout between them', () => {
    expect(rebuildInsert(parse(pgDump), [0, 2, 1])).toBe(
      [
        'INSERT INTO public.employees VALUES',
        "\t(1, NULL, 'Ada'),",
        "\t(2, 1, 'Bo'),",
        "\t(3, 2, 'Cy');",
        '',
      ].join('\n'),
    );
  });

  it('writes a subset of rows as a statement of its own', () => {
    const p = parse(pgDump);
    expect(rebuildInsert(p, [2])).toBe("INSERT INTO public.employees VALUES\n\t(2, 1, 'Bo');\n");
    expect(readInsertValues(rebuildInsert(p, [1, 0]))!.rows).toHaveLength(2);
  });

  it('refuses no rows and rows that do not exist', () => {
    const p = parse(pgDump);
    expect(() => rebuildInsert(p, [])).toThrow(RangeError);
    expect(() => rebuildInsert(p, [3])).toThrow(RangeError);
  });
});

describe('readInsertValues against libpg-query', () => {
  // Literals and expressions, each with what the real parser must see when we call it simple.
  const pieces = [
    "'plain'",
    "'O''Brien'",
    "''",
    "E'a\\nb\\x41\\u00e9'",
    "U&'\\0041'",
    "'a'\n  'b'",
    '$$x),(y$$',
    '$q$ $$ $q$',
    "'日本語 😀'",
    '42',
    '-42',
    '007',
    '0x1F',
    '1_000',
    '1.50',
    '-1.5e3',
    '.5',
    'NULL',
    'TRUE',
    'false',
    'DEFAULT',
    "'7'::int",
    "CAST('8' AS bigint)",
    'now()',
    "lower('X')",
    '(SELECT 1)',
    'ARRAY[1, 2]',
    '1 + 2',
    "'a' || 'b'",
    "nextval('s')",
  ];
  const gaps = [' ', '', '\n\t', ' /* c */ ', ' -- c\n ', '  '];

  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
  }

  /** What libpg-query's tree says of a value we read as simple, as [kind, text]. */
  function fromTree(node: Record<string, unknown>): [string, string | null] | null {
    let n = node;
    if (n.TypeCast) n = (n.TypeCast as { arg: Record<string, unknown> }).arg;
    if (n.SetToDefault) return ['default', null];
    const c = n.A_Const as Record<string, Record<string, unknown>> | undefined;
    if (!c) return null;
    if (c.isnull) return ['null', null];
    if (c.sval) return ['string', c.sval.sval as string];
    if (c.ival) return ['number', String(c.ival.ival ?? 0)];
    if (c.fval) return ['number', String(c.fval.fval)];
    if (c.boolval) return ['boolean', String(c.boolval.boolval ?? false)];
    return null;
  }

  it('reads the same rows and values from generated statements', async () => {
    const { loadModule, parseSync } = await import('libpg-query');
    await loadModule();
    const next = random(7);
    const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]!;
    for (let s = 0; s < 300; s++) {
      const width = 1 + Math.floor(next() * 4);
      const rows = Array.from({ length: 1 + Math.floor(next() * 5) }, () =>
        Array.from({ length: width }, () => pick(pieces)),
      );
      const g = () => pick(gaps);
      // Between two words the gap must not be empty.
      const w = () => pick(gaps.filter((gap) => gap !== ''));
      const sql = `INSERT${w()}INTO${w()}t${w()}VALUES${g()}${rows
        .map((r) => `(${g()}${r.join(`${g()},${g()}`)}${g()})`)
        .join(`${g()},${g()}`)}${g()};`;
      const ours = readInsertValues(sql);
      expect(ours, sql).not.toBeNull();
      const tree = parseSync(sql) as unknown as {
        stmts: {
          stmt: {
            InsertStmt: {
              selectStmt: {
                SelectStmt: { valuesLists: { List: { items: Record<string, unknown>[] } }[] };
              };
            };
          };
        }[];
      };
      const lists = tree.stmts[0]!.stmt.InsertStmt.selectStmt.SelectStmt.valuesLists;
      expect(ours!.rows.length, sql).toBe(lists.length);
      ours!.rows.forEach((row, i) => {
        const items = lists[i]!.List.items;
        expect(row.values.length, sql).toBe(items.length);
        row.values.forEach((value, j) => {
          if (value.kind === 'expression') return;
          const theirs = fromTree(items[j]!);
          expect(theirs, `${sql}\nvalue ${i}.${j}`).not.toBeNull();
          const [kind, text] = theirs!;
          expect(value.kind).toBe(kind);
          // The parser keeps a non-integer constant as written, separators included.
          expect(value.text, `${sql}\nvalue ${i}.${j}`).toBe(
            kind === 'number' ? text!.replaceAll('_', '') : text,
          );
        });
      });
    }
  });
});
