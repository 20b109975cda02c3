// runScript on PGlite and on every test server: each statement under its own savepoint, every
// failure reported, the script's own transactions emulated, nothing left behind.

import { describe, expect, it } from 'vitest';
import { type ScriptFailure, scriptFailures } from '../../../src/doctor/script/failure.js';
import type { StatementOutcome } from '../../../src/doctor/script/outcome.js';
import { runScript } from '../../../src/doctor/script/run-statements.js';
import type { Engine } from '../../../src/engine/engine.js';
import { splitScript } from '../../../src/sql/split/index.js';
import { engineSubjects, openForSuite } from '../../support/engines.js';

const schema = `
  create table customers (id int primary key, name text not null);
  create table orders (
    id int primary key,
    customer_id int not null references customers,
    note text
  );
  create table deferred_child (
    id int primary key,
    customer_id int references customers deferrable initially immediate
  );
  create table later_child (
    id int primary key,
    customer_id int references customers deferrable initially deferred
  );
  create table categories (id int primary key, parent_id int references categories);
`;

async function check(db: Engine, script: string) {
  const statements = splitScript(script);
  const outcomes = await runScript(db, script, statements);
  const failures = scriptFailures(script, statements, outcomes, { file: 'seed.sql' });
  return { statements, outcomes, failures };
}

function statusOf(outcomes: StatementOutcome[]): string[] {
  return outcomes.map((o) => o.status);
}

function rowsOf(failure: ScriptFailure | undefined) {
  return failure?.rows?.map((r) => ({ row: r.rowNumber, line: r.line, key: r.key }));
}

describe.each(engineSubjects())('runScript on $label', (subject) => {
  let db: Engine;
  openForSuite(subject, schema, (engine) => {
    db = engine;
  });

  it('reports every orders statement of a seed that loads orders before customers', async () => {
    const script = [
      "insert into orders values (1, 1, 'first');",
      "insert into orders values (2, 2, 'second');",
      "insert into customers values (1, 'Ada');",
      "insert into customers values (2, 'Grace');",
      "insert into orders values (3, 1, 'after');",
    ].join('\n');
    const { outcomes, failures } = await check(db, script);
    expect(statusOf(outcomes)).toEqual(['error', 'error', 'ok', 'ok', 'ok']);
    expect(failures.map((f) => [f.statementIndex, f.line, f.kind, f.constraint])).toEqual([
      [0, 1, 'foreign-key', 'orders_customer_id_fkey'],
      [1, 2, 'foreign-key', 'orders_customer_id_fkey'],
    ]);
    expect(failures[1]!.violation).toMatchObject({
      kind: 'missing-parent',
      table: 'orders',
      keyColumns: ['customer_id'],
      keyValues: ['2'],
    });
    expect(rowsOf(failures[1])).toEqual([{ row: 1, line: 2, key: ['2'] }]);
    expect(failures[0]!.statementText).toBe("insert into orders values (1, 1, 'first');");
    expect(outcomes[2]).toMatchObject({ status: 'ok', rowCount: 1 });
  });

  it('lists all 3 orphan rows of a 10-row INSERT, with their row numbers and lines', async () => {
    const values = [1, 2, 77, 1, 2, 88, 1, 2, 1, 99].map(
      (customer, i) => `  (${100 + i}, ${customer}, 'row ${i + 1}')`,
    );
    const script = [
      "insert into customers values (1, 'Ada'), (2, 'Grace');",
      'insert into orders (id, customer_id, note) values',
      `${values.join(',\n')};`,
    ].join('\n');
    const { failures } = await check(db, script);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ kind: 'foreign-key', line: 5, rowsTotal: 3 });
    expect(rowsOf(failures[0])).toEqual([
      { row: 3, line: 5, key: ['77'] },
      { row: 6, line: 8, key: ['88'] },
      { row: 10, line: 12, key: ['99'] },
    ]);
    expect(failures[0]!.rows!.every((r) => r.constraint === 'orders_customer_id_fkey')).toBe(true);
  });

  it('lists the orphan rows of a COPY block by their data lines', async () => {
    const script = [
      "insert into customers values (1, 'Ada');",
      'COPY public.orders (id, customer_id, note) FROM stdin;',
      '1\t1\tok',
      '2\t5\torphan',
      '3\t1\t\\N',
      '4\t6\torphan too',
      '\\.',
      "insert into customers values (2, 'Grace');",
    ].join('\n');
    const { outcomes, failures } = await check(db, script);
    expect(statusOf(outcomes)).toEqual(['ok', 'error', 'ok']);
    expect(failures[0]).toMatchObject({ statementIndex: 1, line: 4, rowsTotal: 2 });
    expect(rowsOf(failures[0])).toEqual([
      { row: 2, line: 4, key: ['5'] },
      { row: 4, line: 6, key: ['6'] },
    ]);
  });

  it('reports a CSV COPY row with a bad value on its own line, past a quoted line break', async () => {
    const script = [
      "insert into customers values (1, 'Ada');",
      'copy orders from stdin with (format csv, header);',
      'id,customer_id,note',
      '1,1,"two',
      'lines"',
      'x,1,bad id',
      '\\.',
    ].join('\n');
    const { failures } = await check(db, script);
    expect(failures).toMatchObject([{ statementIndex: 1, sqlstate: '22P02', line: 6 }]);
  });

  it('counts parents loaded by the same INSERT, as the end-of-statement check does', async () => {
    const script = [
      'insert into categories values (2, 1), (1, null), (3, 2);',
      'insert into categories values (10, 11), (12, 13), (11, null);',
    ].join('\n');
    const { outcomes, failures } = await check(db, script);
    expect(statusOf(outcomes)).toEqual(['ok', 'error']);
    expect(rowsOf(failures[0])).toEqual([{ row: 2, line: 2, key: ['13'] }]);
  });

  it('checks deferred constraints at the COMMIT of the script transaction', async () => {
    const ok = [
      'BEGIN;',
      'SET CONSTRAINTS deferred_child_customer_id_fkey DEFERRED;',
      'insert into deferred_child values (1, 7);',
      "insert into customers values (7, 'late parent');",
      'COMMIT;',
      'select 1;',
    ].join('\n');
    const first = await check(db, ok);
    expect(statusOf(first.outcomes)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(first.failures).toEqual([]);

    const orphan = [
      'insert into customers values (1, $$Ada$$);',
      'BEGIN;',
      'SET CONSTRAINTS ALL DEFERRED;',
      'insert into deferred_child values (1, 1), (2, 8), (3, 9);',
      'insert into deferred_child values (4, 1);',
      'COMMIT;',
      'insert into deferred_child values (5, 1);',
      'select count(*) from deferred_child;',
    ].join('\n');
    const second = await check(db, orphan);
    expect(statusOf(second.outcomes)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'error', 'ok', 'ok']);
    expect(second.failures).toHaveLength(1);
    expect(second.failures[0]).toMatchObject({
      statementIndex: 5,
      line: 6,
      kind: 'foreign-key',
      deferred: true,
      block: { beginIndex: 1, beginLine: 2, endIndex: 5 },
      rowsTotal: 2,
    });
    expect(second.failures[0]!.rows).toEqual([
      expect.objectContaining({ statementIndex: 3, rowNumber: 2, line: 4, key: ['8'] }),
      expect.objectContaining({ statementIndex: 3, rowNumber: 3, line: 4, key: ['9'] }),
    ]);
    // The failed COMMIT rolled the block back: only the row inserted after it is left.
    expect(second.outcomes[7]).toMatchObject({ status: 'ok', rowCount: 1 });
  });

  it('checks an INITIALLY DEFERRED key after each statement outside a transaction block', async () => {
    const script = [
      'insert into later_child values (1, 42);',
      "insert into customers values (42, 'parent after child');",
      'insert into later_child values (2, 42);',
      'BEGIN;',
      'insert into later_child values (3, 43);',
      "insert into customers values (43, 'parent later in the block');",
      'COMMIT;',
    ].join('\n');
    const { outcomes, failures } = await check(db, script);
    expect(statusOf(outcomes)).toEqual(['error', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(failures[0]).toMatchObject({
      statementIndex: 0,
      deferred: true,
      constraint: 'later_child_customer_id_fkey',
      rows: [expect.objectContaining({ rowNumber: 1, key: ['42'] })],
    });
  });

  it('emulates the script transaction: ROLLBACK undoes its block, COMMIT keeps it', async () => {
    const script = [
      'begin;',
      "insert into customers values (1, 'rolled back');",
      'rollback;',
      'insert into orders values (1, 1);',
      'start transaction;',
      "insert into customers values (2, 'kept');",
      'savepoint before_bad;',
      "insert into customers values (3, 'undone');",
      'rollback to savepoint before_bad;',
      'release before_bad;',
      'commit;',
      'insert into orders values (2, 2);',
      'insert into orders values (3, 3);',
      'commit;',
      'rollback to savepoint nowhere;',
    ].join('\n');
    const { outcomes, failures } = await check(db, script);
    expect(statusOf(outcomes)).toEqual([
      'ok',
      'ok',
      'ok',
      'error',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'error',
      'ok',
      'error',
    ]);
    expect(failures.map((f) => [f.statementIndex, f.sqlstate])).toEqual([
      [3, '23503'],
      [12, '23503'],
      [14, '25P01'],
    ]);
    expect(outcomes[13]!.notes).toEqual(['no transaction is open: the server warns and goes on']);
  });

  it('rolls back a block whose statement failed, at its COMMIT, as a real run does', async () => {
    const script = [
      'begin;',
      "insert into customers values (1, 'in a failed block');",
      'insert into orders values (1, 999);',
      'commit;',
      'insert into orders values (2, 1);',
    ].join('\n');
    const { outcomes, failures } = await check(db, script);
    expect(statusOf(outcomes)).toEqual(['ok', 'ok', 'error', 'ok', 'error']);
    expect(outcomes[3]!.notes[0]).toMatch(/^a real run rolls the whole transaction back here/);
    expect(failures.map((f) => f.statementIndex)).toEqual([2, 4]);
  });

  it('rolls back a block the script never closes', async () => {
    const script = ['begin;', "insert into customers values (1, 'never committed');"].join('\n');
    const { outcomes } = await check(db, script);
    expect(outcomes[0]!.notes).toContain(
      'the script ends inside this transaction: psql exits and the server rolls it back, and so does fkdoctor',
    );
  });

  it('substitutes psql variables set with \\set', async () => {
    const script = [
      '\\set id 5',
      "\\set name 'O''Brien'",
      '\\set tbl customers',
      "insert into :tbl values (:id, :'name');",
      "select ':id' as literal, :id + 1 as next, 1::int as cast;",
      'insert into orders values (:id, :id, :"name");',
    ].join('\n');
    const { outcomes, failures } = await check(db, script);
    expect(statusOf(outcomes)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'error']);
    expect(outcomes[3]!.notes).toEqual(['psql variables substituted: :tbl, :id, :name']);
    // `:"name"` became the identifier "O'Brien", a column that does not exist.
    expect(failures[0]).toMatchObject({ sqlstate: '42703', line: 6 });
    expect(failures[0]!.message).toBe('column "O\'Brien" does not exist');
  });

  it('reports a unique violation and a syntax error as such and runs on', async () => {
    const script = [
      "insert into customers values (1, 'Ada');",
      "insert into customers values (1, 'again');",
      'insert into customers',
      "  values (2 'missing comma');",
      "insert into customers values (3, 'still runs');",
    ].join('\n');
    const { outcomes, failures } = await check(db, script);
    expect(statusOf(outcomes)).toEqual(['ok', 'error', 'error', 'ok']);
    expect(failures.map((f) => [f.kind, f.sqlstate, f.line])).toEqual([
      ['unique', '23505', 2],
      ['syntax', '42601', 4],
    ]);
    expect(failures[0]!.constraint).toBe('customers_pkey');
  });

  it('skips meta-commands it does not follow, and says why', async () => {
    const script = [
      '\\restrict abc123',
      '\\connect other_db',
      '\\i more.sql',
      '\\echo hello',
      'select 1;',
      '\\unrestrict abc123',
    ].join('\n');
    const { outcomes } = await check(db, script);
    expect(statusOf(outcomes)).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'skipped',
      'ok',
      'skipped',
    ]);
    expect(outcomes[1]).toMatchObject({
      reason: 'fkdoctor stays in the sandbox database: \\connect is not followed',
    });
    expect(outcomes[2]).toMatchObject({
      reason: 'the included file is not followed: fkdoctor checks only this script',
    });
  });

  it('runs DDL, DO blocks and settings of the script inside the sandbox', async () => {
    const script = [
      "SELECT pg_catalog.set_config('search_path', '', false);",
      'create table public.tags (id int primary key);',
      'create table public.order_tags (tag_id int references public.tags);',
      'do $$ begin insert into public.tags values (1); end $$;',
      'insert into public.order_tags values (1), (2);',
      'set search_path = public;',
      'insert into order_tags values (3);',
    ].join('\n');
    const { outcomes, failures } = await check(db, script);
    expect(statusOf(outcomes)).toEqual(['ok', 'ok', 'ok', 'ok', 'error', 'ok', 'error']);
    expect(rowsOf(failures[0])).toEqual([{ row: 2, line: 5, key: ['2'] }]);
    expect(failures[1]!.constraint).toBe('order_tags_tag_id_fkey');
    // All of it was rolled back.
    const { rows } = await db.query("select to_regclass('public.tags') as t");
    expect(rows).toEqual([{ t: null }]);
  });

  it('leaves nothing behind: the tables are empty afterwards', async () => {
    const { rows } = await db.query(
      `select (select count(*) from customers)::int as customers,
              (select count(*) from orders)::int as orders,
              (select count(*) from deferred_child)::int as deferred_child`,
    );
    expect(rows).toEqual([{ customers: 0, orders: 0, deferred_child: 0 }]);
  });
});
