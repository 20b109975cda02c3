// Where a `;` ends a statement and where it does not: quotes, comments, dollar quotes, parentheses
// and SQL-standard function bodies, by psql's rules.

import { describe, expect, it } from 'vitest';
import { split, texts } from './support.js';

describe('quoted strings', () => {
  it('ends statements only outside strings', () => {
    expect(texts("select 'a;b';select 'it''s; fine';\nselect ';';")).toEqual([
      "select 'a;b';",
      "select 'it''s; fine';",
      "select ';';",
    ]);
  });

  it('reads $$, -- and /* inside a string as text', () => {
    expect(texts("select '$$;' ; select '-- no;', '/* no;' ;")).toEqual([
      "select '$$;' ;",
      "select '-- no;', '/* no;' ;",
    ]);
  });

  it('lets a backslash escape a quote only in E strings', () => {
    expect(texts("select E'\\';', 1; select e'\\\\'; select 'a\\'; select 1;")).toEqual([
      "select E'\\';', 1;",
      "select e'\\\\';",
      "select 'a\\';",
      'select 1;',
    ]);
    // E'\\''' is a backslash and a quote: `\\` is one escape, `''` a quote, `'` the end.
    expect(texts("select E'\\\\'''; select 1;")).toEqual(["select E'\\\\''';", 'select 1;']);
  });

  it('reads U&, B, X and N strings', () => {
    expect(
      texts(
        "select U&'\\0041;' UESCAPE '!'; select u&'d\\0061t\\+000061'; select B'10;', X'1F;', N'x;y';",
      ),
    ).toEqual([
      "select U&'\\0041;' UESCAPE '!';",
      "select u&'d\\0061t\\+000061';",
      "select B'10;', X'1F;', N'x;y';",
    ]);
    // In U&'...' a backslash is no escape: the quote after it ends the string.
    expect(texts("select U&'\\'; select 1;")).toEqual(["select U&'\\';", 'select 1;']);
  });

  it('ends a bit string at its first quote, as psql does', () => {
    // B'01''x;' is B'01' followed by the string 'x;'.
    expect(texts("select B'01''x;'; select 2;")).toEqual(["select B'01''x;';", 'select 2;']);
  });

  it('treats backslashes in plain strings as escapes while standard_conforming_strings is off', () => {
    const script = [
      "select 'a\\';",
      'SET standard_conforming_strings = off;',
      "select 'b\\';', 1;",
      "SET standard_conforming_strings TO 'on';",
      "select 'c\\';",
      'set session standard_conforming_strings to false;',
      "select N'n\\';';",
      'reset standard_conforming_strings;',
      "select 'd\\';",
      "SELECT pg_catalog.set_config('standard_conforming_strings', 'off', false);",
      "select 'e\\';';",
      'RESET ALL;',
      "select 'f\\';",
    ].join('\n');
    expect(texts(script)).toEqual(script.split('\n'));
  });

  it('takes the new setting from the next line, as psql does', () => {
    // psql lexes a whole line with the setting it had when the line began.
    const script = "set standard_conforming_strings = off; select 'a\\';\nselect 'b\\';';";
    expect(texts(script)).toEqual([
      'set standard_conforming_strings = off;',
      "select 'a\\';",
      "select 'b\\';';",
    ]);
  });

  it('can start with standard_conforming_strings off', () => {
    expect(texts("select 'a\\';';", { standardConformingStrings: false })).toEqual([
      "select 'a\\';';",
    ]);
  });
});

describe('quoted identifiers', () => {
  it('allow ; and "" inside', () => {
    expect(texts('select 1 as "a;""b"; select 2 as U&"c\\0064;";')).toEqual([
      'select 1 as "a;""b";',
      'select 2 as U&"c\\0064;";',
    ]);
  });

  it('hold unicode and emoji', () => {
    const script = 'create table "🚀 räume" ("naïve;" int);\ninsert into "🚀 räume" values (1);';
    const { statements } = split(script);
    expect(statements.map((s) => s.line)).toEqual([1, 2]);
    expect(statements[1]!.target).toEqual({ schema: null, name: '🚀 räume' });
  });
});

describe('dollar quotes', () => {
  it('hide everything up to the same tag', () => {
    const script =
      "do $$ begin raise notice ';'; end $$;\ncreate function f() returns text as $body$ select 'x''; $$ $b$'; $body$ language sql;\nselect 1;";
    expect(texts(script)).toEqual(script.split('\n'));
  });

  it('are not parameters, nor part of an identifier', () => {
    expect(texts('select $1; select a$b$c; select $2$x$;$x$;')).toEqual([
      'select $1;',
      'select a$b$c;',
      'select $2$x$;$x$;',
    ]);
  });

  it('allow a quote inside, and a tag with unicode letters', () => {
    expect(texts("select $é$ it's; $é$; select $_1$ ' $_1$;")).toEqual([
      "select $é$ it's; $é$;",
      "select $_1$ ' $_1$;",
    ]);
  });

  it('close only on the exact tag', () => {
    expect(texts('select $a$ $ab$ $b$ ; $a$; select 1;')).toEqual([
      'select $a$ $ab$ $b$ ; $a$;',
      'select 1;',
    ]);
  });
});

describe('comments', () => {
  it('run -- to the end of the line, CR included', () => {
    expect(texts('select 1 -- ; not here\n; select 2 --x\rselect 3;')).toEqual([
      'select 1 -- ; not here\n;',
      'select 2 --x\rselect 3;',
    ]);
  });

  it('nest /* */', () => {
    expect(texts('select /* a /* b; */ c; */ 1; /**/ select 2 /* * / */;')).toEqual([
      'select /* a /* b; */ c; */ 1;',
      'select 2 /* * / */;',
    ]);
  });

  it('start inside an operator', () => {
    expect(texts('select 1 +-- c;\n1; select 2 */* c; */ 3;')).toEqual([
      'select 1 +-- c;\n1;',
      'select 2 */* c; */ 3;',
    ]);
  });
});

describe('parentheses and function bodies', () => {
  it('keep ; inside parentheses', () => {
    expect(
      texts(
        'create rule r as on insert to t do also (insert into u values (1); insert into u values (2));\nselect 1;',
      ),
    ).toEqual([
      'create rule r as on insert to t do also (insert into u values (1); insert into u values (2));',
      'select 1;',
    ]);
  });

  it('never let a stray ) go below zero', () => {
    expect(texts('select 1); select 2;')).toEqual(['select 1);', 'select 2;']);
  });

  it('keep ; inside BEGIN ATOMIC ... END, CASE included', () => {
    const script = [
      'CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN a > 0 THEN 1 ELSE 2 END; END;',
      'create or replace procedure p() language sql begin atomic insert into t values (1); end;',
      'CREATE PROCEDURE q() BEGIN ATOMIC SELECT 1; END;',
      'select 1;',
    ].join('\n');
    expect(texts(script)).toEqual(script.split('\n'));
  });

  it('does not count BEGIN inside a DO body or outside CREATE FUNCTION', () => {
    const script = [
      'DO $$ BEGIN PERFORM 1; END $$;',
      'BEGIN;',
      'create table begin_end (x int);',
      'COMMIT;',
    ].join('\n');
    expect(texts(script)).toEqual(script.split('\n'));
  });
});

describe('psql variables and escapes', () => {
  it('reads :\'name\' and :"name" as one token, not as quotes', () => {
    expect(texts('select :\'v\' ; select :"t"; select x::text, :foo, :{?bar};')).toEqual([
      "select :'v' ;",
      'select :"t";',
      'select x::text, :foo, :{?bar};',
    ]);
  });

  it('keeps \\; inside the statement and leaves its backslash out', () => {
    const script = 'select 1 \\; select 2;\nselect 3;';
    const { statements } = split(script);
    expect(statements).toHaveLength(2);
    expect(statements[0]!.excluded).toEqual([{ start: 9, end: 10 }]);
    expect(texts(script)).toEqual(['select 1 ; select 2;', 'select 3;']);
  });
});

describe('empty statements and numbers', () => {
  it('returns a lone ; as a statement, as psql sends it', () => {
    expect(texts(';\nselect 1;;')).toEqual([';', 'select 1;', ';']);
  });

  it('reads numbers with junk after them as one token', () => {
    expect(texts('select 1e5, 0x1F, 1.5, 1$a$;$a$;')).toEqual(['select 1e5, 0x1F, 1.5, 1$a$;$a$;']);
  });
});
