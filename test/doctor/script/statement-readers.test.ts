// How the sandbox reads transaction control, settings and meta-commands before deciding to run,
// emulate or skip them.

import { describe, expect, it } from 'vitest';
import { copyLineOf, copyPayload } from '../../../src/doctor/script/copy-data.js';
import { failureKind, statementExcerpt } from '../../../src/doctor/script/failure.js';
import { metaAction } from '../../../src/doctor/script/meta-command.js';
import { settingDecision } from '../../../src/doctor/script/setting-policy.js';
import { readSettingStatement } from '../../../src/doctor/script/setting-statement.js';
import { readTransactionCommand } from '../../../src/doctor/script/transaction-command.js';
import type { CopyData } from '../../../src/model/script.js';
import { readCopyRows } from '../../../src/sql/rows/copy-data.js';
import { type CopyOptions, copyDataOf } from '../../support/copy-data.js';

describe('readTransactionCommand', () => {
  it.each([
    ['BEGIN;', { verb: 'begin', modes: null }],
    [
      'begin work isolation level serializable;',
      { verb: 'begin', modes: 'isolation level serializable' },
    ],
    ['START TRANSACTION READ ONLY', { verb: 'begin', modes: 'READ ONLY' }],
    ['commit', { verb: 'commit', chain: false }],
    ['END TRANSACTION AND CHAIN;', { verb: 'commit', chain: true }],
    ['commit and no chain', { verb: 'commit', chain: false }],
    ['ABORT;', { verb: 'rollback', chain: false }],
    ['rollback to savepoint "Sp 1";', { verb: 'rollback-to', name: 'Sp 1' }],
    ['ROLLBACK WORK TO Sp1', { verb: 'rollback-to', name: 'sp1' }],
    ['savepoint a;', { verb: 'savepoint', name: 'a' }],
    ['release a', { verb: 'release', name: 'a' }],
    ['RELEASE SAVEPOINT a', { verb: 'release', name: 'a' }],
    ["prepare transaction 'x'", { verb: 'two-phase' }],
    ["COMMIT PREPARED 'x'", { verb: 'two-phase' }],
  ])('%s', (sql, expected) => {
    expect(readTransactionCommand(sql)).toEqual(expected);
  });

  it('is null for anything else', () => {
    expect(readTransactionCommand('prepare q as select 1')).toBeNull();
    expect(readTransactionCommand('start something')).toBeNull();
    expect(readTransactionCommand('do $$ begin commit; end $$')).toBeNull();
  });
});

describe('readSettingStatement and settingDecision', () => {
  it.each([
    [
      'SET search_path = public, app;',
      { form: 'set', name: 'search_path', local: false, value: 'public, app' },
    ],
    [
      "set local statement_timeout to '5s';",
      { form: 'set', name: 'statement_timeout', local: true, value: '5s' },
    ],
    [
      'SET SESSION myapp.tenant = 7',
      { form: 'set', name: 'myapp.tenant', local: false, value: '7' },
    ],
    ["SET TIME ZONE 'UTC'", { form: 'set', name: 'timezone', local: false, value: 'UTC' }],
    ['set x to default', { form: 'set', name: 'x', local: false, value: null }],
    [
      "SELECT pg_catalog.set_config('search_path', '', false);",
      { form: 'set', name: 'search_path', local: false, value: '' },
    ],
    ["select set_config('a.b', 'v', true)", { form: 'set', name: 'a.b', local: true, value: 'v' }],
    ['RESET ALL', { form: 'reset', name: null }],
    ['reset lock_timeout;', { form: 'reset', name: 'lock_timeout' }],
    ['SET CONSTRAINTS ALL DEFERRED;', { form: 'set-constraints' }],
    ['SET TRANSACTION ISOLATION LEVEL SERIALIZABLE', { form: 'set-transaction' }],
    ['SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY', { form: 'set-transaction' }],
    ['SET ROLE app', { form: 'other' }],
    ['SET SESSION AUTHORIZATION app', { form: 'other' }],
  ])('%s', (sql, expected) => {
    expect(readSettingStatement(sql)).toEqual(expected);
  });

  it('is null for other statements, a bigger SELECT included', () => {
    expect(readSettingStatement("select set_config('a', 'b', false), 1")).toBeNull();
    expect(readSettingStatement('select 1')).toBeNull();
    expect(readSettingStatement('insert into t values (1)')).toBeNull();
  });

  const decide = (sql: string, server: boolean, inBlock: boolean) =>
    settingDecision(readSettingStatement(sql)!, { server, inBlock });

  it('keeps fkdoctor guards on a server only', () => {
    expect(decide('set statement_timeout = 0', true, false)).toEqual({
      run: false,
      reason: "fkdoctor keeps its own statement_timeout on a user's server",
    });
    expect(decide('set statement_timeout = 0', false, false)).toEqual({ run: true, local: null });
    expect(decide('reset all', true, false).run).toBe(false);
    expect(decide('reset search_path', true, false).run).toBe(true);
  });

  it('never switches FK checks off nor changes the encoding or transaction modes', () => {
    expect(decide('set session_replication_role = replica', false, false).run).toBe(false);
    expect(decide("set client_encoding = 'LATIN1'", false, false).run).toBe(false);
    expect(decide("set client_encoding = 'UTF8'", false, false).run).toBe(true);
    expect(decide('set transaction read only', false, true).run).toBe(false);
    expect(decide('set transaction_isolation = serializable', false, true).run).toBe(false);
  });

  it('runs SET LOCAL and SET CONSTRAINTS only inside the script transaction, as psql would', () => {
    expect(decide('set local search_path = x', false, false).run).toBe(false);
    expect(decide('set local search_path = x', false, true)).toEqual({
      run: true,
      local: 'search_path',
    });
    expect(decide('set constraints all deferred', false, false).run).toBe(false);
    expect(decide('set constraints all deferred', false, true).run).toBe(true);
  });
});

describe('metaAction', () => {
  const vars = new Map([['t', 'orders']]);
  it('emulates \\set and \\unset, runs \\copy from inline data as COPY', () => {
    expect(metaAction('\\set ON_ERROR_STOP on', vars, false)).toMatchObject({
      kind: 'set',
      name: 'ON_ERROR_STOP',
      value: 'on',
      notes: [expect.stringMatching(/^ON_ERROR_STOP: psql would stop/)],
    });
    expect(metaAction('\\unset t', vars, false)).toEqual({ kind: 'unset', name: 't' });
    // psql reads \copy's line whole: no variables there.
    expect(metaAction('\\copy orders (a, b) from pstdin with csv', vars, true)).toEqual({
      kind: 'copy',
      sql: 'COPY orders (a, b) from STDIN with csv',
    });
    expect(metaAction("\\copy t from '/tmp/x.csv' csv", vars, false)).toMatchObject({
      kind: 'skip',
    });
  });

  it('skips the rest with a reason', () => {
    expect(metaAction('\\c other', vars, false)).toMatchObject({ kind: 'skip' });
    expect(metaAction('\\ir other.sql', vars, false)).toEqual({
      kind: 'skip',
      reason: 'the included file is not followed: fkdoctor checks only this script',
    });
    expect(metaAction('\\pset format csv', vars, false)).toEqual({
      kind: 'skip',
      reason: "psql's \\pset is not emulated; it does not change data",
    });
  });
});

describe('COPY data', () => {
  const copy = (text: string, over: CopyOptions = {}): CopyData =>
    copyDataOf({ start: 0, end: text.length }, 10, over);

  it('drops the \\. line from what is sent', () => {
    const text = 'a\tb\n\\.\n';
    expect(copyPayload(text, copy(text))).toBe('a\tb\n');
    const windows = 'a\r\n\\.\r\n';
    expect(copyPayload(windows, copy(windows))).toBe('a\r\n');
    const noMarker = 'a\nb\n';
    expect(copyPayload(noMarker, copy(noMarker))).toBe(noMarker);
  });

  it('finds where each row starts: escaped newlines in text, quoted ones in CSV', () => {
    const copyLineStarts = (text: string, data: CopyData) =>
      Array.from(readCopyRows(text, data), (row) => row.span.start);
    const text = 'a\\\nb\tc\nd\n\\.\n';
    expect(copyLineStarts(text, copy(text))).toEqual([0, 7]);
    const csv = 'h1,h2\n"x\ny",1\n"q""\n",2\nlast,3\n\\.\n';
    expect(copyLineStarts(csv, copy(csv, { format: 'csv' }))).toEqual([0, 6, 14, 23]);
    const escaped = '"a\\"\nb",1\nc,2\n';
    expect(copyLineStarts(escaped, copy(escaped, { format: 'csv', escape: '\\' }))).toEqual([
      0, 10,
    ]);
  });

  it("reads the server's COPY context, translated too", () => {
    expect(copyLineOf('COPY orders, line 3, column id: "x"')).toBe(3);
    expect(copyLineOf('COPY "a, b", Zeile 12')).toBe(12);
    expect(copyLineOf('SQL statement "..."')).toBeNull();
    expect(copyLineOf(null)).toBeNull();
  });
});

describe('failure records', () => {
  it('tells the kind from the SQLSTATE', () => {
    expect(['23503', '23001', '23505', '42601', '42P01'].map(failureKind)).toEqual([
      'foreign-key',
      'foreign-key',
      'unique',
      'syntax',
      'other',
    ]);
  });

  it("shows a statement's first line, shortened", () => {
    const text = `  insert into t\n  values (1);\nselect ${'x'.repeat(100)};`;
    const statement = (start: number, end: number) => ({
      index: 0,
      kind: 'other' as const,
      span: { start, end },
      leading: { start, end: start },
      line: 1,
      endLine: 1,
    });
    expect(statementExcerpt(text, statement(2, 27))).toBe('insert into t …');
    const second = text.indexOf('select');
    expect(statementExcerpt(text, statement(second, text.length))).toBe(
      `select ${'x'.repeat(72)}…`,
    );
  });
});
