// psql meta-commands: a backslash outside quotes and comments starts one, which runs to the end of
// its line, to `\\`, or to the next backslash command. Inside an unfinished statement psql runs it
// at once and goes on collecting the statement, except \g and friends, which send it.

import { describe, expect, it } from 'vitest';
import { statementText } from '../../../src/sql/split/index.js';
import { split, texts } from './support.js';

function summary(script: string) {
  return split(script).statements.map((s) => ({
    kind: s.kind,
    text: statementText(script, s),
    ...(s.meta === undefined ? {} : { meta: s.meta }),
    ...(s.endedBy === undefined ? {} : { endedBy: s.endedBy }),
  }));
}

describe('meta-commands between statements', () => {
  it('are statements of their own, one line each', () => {
    const script = [
      '\\restrict AbC123',
      '\\connect -reuse-previous=on "dbname=\'shop\'"',
      'SET client_encoding = UTF8;',
      '\\set ON_ERROR_STOP 1',
      '\\echo loading; done',
      '\\i other.sql',
      '\\unrestrict AbC123',
    ].join('\n');
    expect(summary(script)).toEqual([
      { kind: 'meta', text: '\\restrict AbC123', meta: 'restrict' },
      { kind: 'meta', text: '\\connect -reuse-previous=on "dbname=\'shop\'"', meta: 'connect' },
      { kind: 'set', text: 'SET client_encoding = UTF8;' },
      { kind: 'meta', text: '\\set ON_ERROR_STOP 1', meta: 'set' },
      { kind: 'meta', text: '\\echo loading; done', meta: 'echo' },
      { kind: 'meta', text: '\\i other.sql', meta: 'i' },
      { kind: 'meta', text: '\\unrestrict AbC123', meta: 'unrestrict' },
    ]);
  });

  it('keep their line break as their tail, and comments before them as leading', () => {
    const script = 'select 1;\n\n-- switch\n\\c other\r\nselect 2;';
    const { statements } = split(script);
    const meta = statements[1]!;
    expect(script.slice(meta.leading.start, meta.leading.end)).toBe('\n-- switch\n');
    expect(script.slice(meta.span.start, meta.span.end)).toBe('\\c other');
    expect(script.slice(meta.tail!.start, meta.tail!.end)).toBe('\r\n');
    expect([meta.line, meta.endLine]).toEqual([4, 4]);
  });

  it('end at \\\\, after which SQL goes on', () => {
    expect(summary('\\echo a \\\\ select 1;')).toEqual([
      { kind: 'meta', text: '\\echo a \\\\', meta: 'echo' },
      { kind: 'select', text: 'select 1;' },
    ]);
  });

  it('end at the next backslash command on the same line', () => {
    expect(summary('\\echo a \\echo b\\x')).toEqual([
      { kind: 'meta', text: '\\echo a', meta: 'echo' },
      { kind: 'meta', text: '\\echo b', meta: 'echo' },
      { kind: 'meta', text: '\\x', meta: 'x' },
    ]);
  });

  it('protect backslashes in quoted arguments', () => {
    expect(summary("\\echo 'a \\\\ b; ''c''' \"d\\e\" `echo \\\\`\nselect 1;")).toEqual([
      { kind: 'meta', text: "\\echo 'a \\\\ b; ''c''' \"d\\e\" `echo \\\\`", meta: 'echo' },
      { kind: 'select', text: 'select 1;' },
    ]);
  });

  it("read :'var' in arguments as a variable, not a quote", () => {
    expect(summary("\\echo :'v' \\\\ select 1;")).toEqual([
      { kind: 'meta', text: "\\echo :'v' \\\\", meta: 'echo' },
      { kind: 'select', text: 'select 1;' },
    ]);
  });

  it('take the whole line for \\!, \\copy, \\h, \\sf and \\ef', () => {
    expect(summary('\\! echo a \\\\ b\n\\sf+ f(int) \\x\nselect 1;')).toEqual([
      { kind: 'meta', text: '\\! echo a \\\\ b', meta: '!' },
      { kind: 'meta', text: '\\sf+ f(int) \\x', meta: 'sf+' },
      { kind: 'select', text: 'select 1;' },
    ]);
  });

  it('are not looked for inside strings, identifiers and comments', () => {
    expect(summary('select \'\\x\', "\\y" /* \\z */ -- \\w\n;')).toEqual([
      { kind: 'select', text: 'select \'\\x\', "\\y" /* \\z */ -- \\w\n;' },
    ]);
  });

  it('may end the input without a line break', () => {
    const script = 'select 1;\n\\q';
    const { statements, trailing } = split(script);
    expect(statements[1]!.meta).toBe('q');
    expect(trailing).toEqual({ start: script.length, end: script.length });
  });
});

describe('meta-commands inside a statement', () => {
  it('run first, and are left out of the statement psql sends', () => {
    const script = 'insert into t\n\\echo hi\nvalues (1);\nselect 2;';
    const { statements } = split(script);
    expect(summary(script)).toEqual([
      { kind: 'meta', text: '\\echo hi', meta: 'echo' },
      { kind: 'insert', text: 'insert into t\n\nvalues (1);' },
      { kind: 'select', text: 'select 2;' },
    ]);
    const [meta, insert] = statements;
    expect(insert!.excluded).toEqual([meta!.span]);
    expect(meta!.leading).toEqual({ start: meta!.span.start, end: meta!.span.start });
    expect(insert!.target).toEqual({ schema: null, name: 't' });
  });

  it('can be followed by more SQL on the same line after \\\\', () => {
    expect(summary('select 4 \\echo x \\\\ , 5;')).toEqual([
      { kind: 'meta', text: '\\echo x \\\\', meta: 'echo' },
      { kind: 'select', text: 'select 4  , 5;' },
    ]);
  });
});

describe('meta-commands that end a statement', () => {
  it('\\g and friends send it without a ;', () => {
    const script = [
      'select 1 \\g',
      "select 'x' as v \\gset",
      "select 'select 1' \\gexec",
      'select 2',
      '\\gx',
      'select 3 \\watch 1',
    ].join('\n');
    expect(summary(script)).toEqual([
      { kind: 'select', text: 'select 1', endedBy: 'g' },
      { kind: 'meta', text: '\\g', meta: 'g' },
      { kind: 'select', text: "select 'x' as v", endedBy: 'gset' },
      { kind: 'meta', text: '\\gset', meta: 'gset' },
      { kind: 'select', text: "select 'select 1'", endedBy: 'gexec' },
      { kind: 'meta', text: '\\gexec', meta: 'gexec' },
      { kind: 'select', text: 'select 2', endedBy: 'gx' },
      { kind: 'meta', text: '\\gx', meta: 'gx' },
      { kind: 'select', text: 'select 3', endedBy: 'watch' },
      { kind: 'meta', text: '\\watch 1', meta: 'watch' },
    ]);
    const { statements } = split(script);
    // `select 2` ends its line: the line break is its tail, the \gx line starts clean.
    const select2 = statements[6]!;
    expect(script.slice(select2.tail!.start, select2.tail!.end)).toBe('\n');
  });

  it('\\r throws the statement away', () => {
    expect(summary('select oops \\r\nselect 1;')).toEqual([
      { kind: 'select', text: 'select oops', endedBy: 'r' },
      { kind: 'meta', text: '\\r', meta: 'r' },
      { kind: 'select', text: 'select 1;' },
    ]);
  });

  it('forget open parentheses, as psql does after sending', () => {
    expect(texts('select (1 \\g\nselect 2;')).toEqual(['select (1', '\\g', 'select 2;']);
  });
});
