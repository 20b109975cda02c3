// A chunk boundary can fall anywhere: inside a string, a $tag$, a -- comment, between \ and .,
// inside a CRLF. Streaming must give exactly what the one-piece split gives.

import { describe, expect, it } from 'vitest';
import { scanScript } from '../../../src/sql/split/index.js';
import { randomCuts, stream } from './support.js';

const corpus: Record<string, string> = {
  'pg_dump data': [
    '--',
    '-- PostgreSQL database dump',
    '--',
    '',
    '\\restrict k3y',
    'SET standard_conforming_strings = on;',
    "SELECT pg_catalog.set_config('search_path', '', false);",
    '',
    'COPY public.actor (actor_id, first_name) FROM stdin;',
    '1\tPENELOPE',
    '2\tNICK\\\\.',
    '\\.',
    '',
    'COPY public."Film" (id) FROM stdin WITH (FORMAT csv);',
    '1,"a',
    '\\.x"',
    '\\.\r',
    "SELECT pg_catalog.setval('public.actor_actor_id_seq', 200, true);",
    '\\unrestrict k3y',
    '',
  ].join('\n'),
  'strings and quotes': [
    "select 'it''s; $$', E'\\'; --', U&'\\0041' UESCAPE '!', B'01', X'1f', N'n';",
    'select "a;""b", U&"c\\0064", $$ ; \' $$, $tag$ $$ ; $tag$, $1, a$b$c;',
    'set standard_conforming_strings = off;',
    "select 'x\\';y';",
    'reset standard_conforming_strings;',
    "select 'z\\';",
  ].join('\r\n'),
  'comments and bodies': [
    '/* a /* nested; */ b */ select 1; -- tail; comment',
    'create function f() returns int language sql begin atomic select case when true then 1 end; end;',
    'do $do$ begin perform 1; end $do$;',
    'select (1;',
    '2);',
    'select :v, :\'w\', :"x", x::int \\; select 2;',
    '',
  ].join('\n'),
  'meta-commands': [
    '\\set x 1',
    'insert into t',
    "\\echo 'in; side' \\\\ values",
    '(1);',
    'select 1 \\gset p_',
    '\\echo a \\echo b',
    '\\copy t from stdin csv',
    '1,2',
    '\\.',
    'copy t from stdin; select 3; \\echo after',
    'x',
    '\\.',
    'select 4 -- no semicolon',
  ].join('\n'),
  unicode: '\ufeff-- Zoë 😀\ninsert into "räume 🚀" values (\'ü;\');\nselect $é$ 😀 $é$;',
};

describe.each(Object.entries(corpus))('%s', (_name, script) => {
  const expected = scanScript(script);

  it('splits the same at every cut into two chunks', () => {
    for (let cut = 0; cut <= script.length; cut++) {
      const streamed = stream(script, [cut]);
      expect(streamed.statements).toEqual(expected.statements);
      expect(streamed.trailing).toEqual(expected.trailing);
    }
  });

  it('splits the same in one-character chunks', () => {
    const cuts = Array.from({ length: script.length - 1 }, (_, k) => k + 1);
    expect(stream(script, cuts).statements).toEqual(expected.statements);
  });

  it('splits the same in random chunks', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const streamed = stream(script, randomCuts(script.length, seed, 1 + (seed % 20)));
      expect(streamed.statements).toEqual(expected.statements);
      expect(streamed.trailing).toEqual(expected.trailing);
    }
  });
});

it('allows empty chunks', () => {
  const script = 'select 1;\nselect 2;';
  expect(stream(script, [0, 0, 3, 3, 3, script.length]).statements).toEqual(
    scanScript(script).statements,
  );
});

it('streams a long statement and a long COPY block in 64 KiB chunks', () => {
  const rows = Array.from({ length: 40_000 }, (_, k) => `(${k}, 'row ${k}; it''s')`).join(',\n');
  const data = Array.from({ length: 60_000 }, (_, k) => `${k}\tname ${k}\t\\N\n`).join('');
  const script = `insert into t values\n${rows};\nCOPY t (a, b, c) FROM stdin;\n${data}\\.\nselect 1;\n`;
  const cuts = Array.from(
    { length: Math.floor(script.length / 65_536) },
    (_, k) => (k + 1) * 65_536,
  );
  const streamed = stream(script, cuts);
  const expected = scanScript(script);
  expect(streamed.statements).toEqual(expected.statements);
  expect(streamed.data.get(1)).toBe(data);
  expect(expected.statements.map((s) => s.kind)).toEqual(['insert', 'copy', 'select']);
});
