// The finer points of the emulation, on PGlite and every server: savepoints of the script's
// own, SET LOCAL, COMMIT AND CHAIN, \copy, statements that cannot run in a transaction,
// cancellation, and keeping the result on PGlite when the caller asks.

import { describe, expect, it } from 'vitest';
import type { StatementOutcome } from '../../../src/doctor/script/outcome.js';
import { runScript } from '../../../src/doctor/script/run-statements.js';
import type { Engine } from '../../../src/engine/engine.js';
import { splitScript } from '../../../src/sql/split/index.js';
import { engineSubjects, openForSuite } from '../../support/engines.js';

const schema = `
  create schema app;
  create table app.customers (id int primary key);
  create table app.orders (
    id int primary key,
    customer_id int references app.customers deferrable
  );
`;

function run(db: Engine, script: string, options = {}): Promise<StatementOutcome[]> {
  return runScript(db, script, splitScript(script), options);
}

function statuses(outcomes: StatementOutcome[]): string {
  return outcomes.map((o) => o.status[0]).join('');
}

describe.each(engineSubjects())('emulation on $label', (subject) => {
  let db: Engine;
  openForSuite(subject, schema, (engine) => {
    db = engine;
  });

  it('reports wrong savepoint use as the server would, and recovers with ROLLBACK TO', async () => {
    const outcomes = await run(
      db,
      [
        'savepoint outside;',
        'begin;',
        'insert into app.customers values (1);',
        'savepoint "Before";',
        'insert into app.orders values (1, 404);',
        'rollback to "Before";',
        'release savepoint nope;',
        'commit;',
        'insert into app.orders values (2, 1);',
      ].join('\n'),
    );
    expect(statuses(outcomes)).toBe('eoooeoeoe');
    expect(outcomes[0]).toMatchObject({ error: { code: '25P01' } });
    expect(outcomes[6]).toMatchObject({
      error: { code: '3B001', message: 'savepoint "nope" does not exist' },
    });
    // The bad RELEASE aborted the block after its recovery, so COMMIT rolls it back: no customer 1.
    expect(outcomes[7]!.notes[0]).toMatch(/^a real run rolls the whole transaction back here/);
    expect(outcomes[8]).toMatchObject({ error: { code: '23503' } });
  });

  it('recovers a failed block with ROLLBACK TO, and then COMMIT keeps it', async () => {
    const outcomes = await run(
      db,
      [
        '\\set sp s',
        'begin;',
        'insert into app.customers values (1);',
        'savepoint :sp;',
        'insert into app.orders values (1, 404);',
        'rollback to savepoint :"sp";',
        'commit;',
        'insert into app.orders values (2, 1);',
      ].join('\n'),
    );
    expect(statuses(outcomes)).toBe('ooooeooo');
    expect(outcomes[6]!.notes).toEqual([]);
  });

  it('undoes SET LOCAL at COMMIT and keeps plain SET', async () => {
    const outcomes = await run(
      db,
      [
        'set search_path = app;',
        'begin;',
        'set local search_path = pg_catalog;',
        'commit;',
        'insert into customers values (1);',
        'begin;',
        'set local search_path = pg_catalog;',
        'set search_path = public;',
        'commit;',
        'insert into customers values (2);',
      ].join('\n'),
    );
    expect(statuses(outcomes)).toBe('oooooooooe');
    expect(outcomes[9]).toMatchObject({ error: { code: '42P01' } });
  });

  it('chains a new transaction after COMMIT AND CHAIN, deferred checks included', async () => {
    const outcomes = await run(
      db,
      [
        'begin;',
        'set constraints all deferred;',
        'insert into app.orders values (1, 7);',
        'insert into app.customers values (7);',
        'commit and chain;',
        'set constraints all deferred;',
        'insert into app.orders values (2, 8);',
        'commit;',
      ].join('\n'),
    );
    expect(statuses(outcomes)).toBe('oooooooe');
    expect(outcomes[7]).toMatchObject({
      deferred: true,
      block: { beginIndex: 4, endIndex: 7 },
      failingRows: { rows: [expect.objectContaining({ statementIndex: 6, key: ['8'] })] },
    });
  });

  it('finds the rows a COMMIT rejects in a COPY of the block, with their data lines', async () => {
    const outcomes = await run(
      db,
      [
        'BEGIN;',
        'SET CONSTRAINTS ALL DEFERRED;',
        'COPY app.orders (id, customer_id) FROM stdin;',
        '1\t1',
        '2\t2',
        '3\t3',
        '\\.',
        'insert into app.customers values (2);',
        'COMMIT;',
      ].join('\n'),
    );
    expect(statuses(outcomes)).toBe('ooooe');
    const rows = outcomes[4]!.status === 'error' ? outcomes[4]!.failingRows?.rows : undefined;
    expect(rows?.map((r) => [r.statementIndex, r.rowNumber, r.line, r.key])).toEqual([
      [2, 1, 4, ['1']],
      [2, 3, 6, ['3']],
    ]);
  });

  it('runs \\copy from inline data as COPY', async () => {
    const outcomes = await run(
      db,
      [
        'insert into app.customers values (1);',
        '\\copy app.orders (id, customer_id) from stdin with (format csv)',
        '1,1',
        '2,9',
        '\\.',
      ].join('\n'),
    );
    expect(statuses(outcomes)).toBe('oe');
    expect(outcomes[1]).toMatchObject({
      notes: ['\\copy from inline data ran as COPY ... FROM STDIN'],
      line: 4,
      failingRows: { rows: [expect.objectContaining({ rowNumber: 2, line: 4, key: ['9'] })] },
    });
  });

  it('drops CONCURRENTLY, and skips what cannot run in a transaction at all', async () => {
    const outcomes = await run(
      db,
      [
        'create index concurrently orders_customer on app.orders (customer_id);',
        'vacuum app.orders;',
        "copy app.orders from '/etc/hostname';",
        'copy app.orders to stdout;',
        "select indexname from pg_indexes where indexname = 'orders_customer';",
      ].join('\n'),
    );
    expect(statuses(outcomes)).toBe('ossso');
    expect(outcomes[0]!.notes).toEqual([
      "ran without CONCURRENTLY, which cannot run inside the sandbox's transaction",
    ]);
    expect(outcomes[1]).toMatchObject({
      reason: 'cannot run inside a transaction block, and the sandbox is one',
    });
    expect(outcomes[4]).toMatchObject({ rowCount: 1 });
  });

  it('fails them inside the script transaction, where a real run fails too', async () => {
    const outcomes = await run(
      db,
      [
        'do $$ begin commit; end $$;',
        'begin;',
        'create index concurrently orders_customer on app.orders (customer_id);',
        'vacuum app.orders;',
        'do $$ begin commit; end $$;',
        'rollback;',
      ].join('\n'),
    );
    expect(statuses(outcomes)).toBe('soeeeo');
    expect(outcomes[0]).toMatchObject({
      reason:
        "commits or rolls back inside a procedure or DO block, which the sandbox's transaction does not allow",
    });
    expect(outcomes.map((o) => (o.status === 'error' ? o.error.code : null))).toEqual([
      null,
      null,
      '25001',
      '25001',
      '2D000',
      null,
    ]);
  });

  it('reads strings as standard_conforming_strings says', async () => {
    const script = [
      '\\set v 1',
      'set standard_conforming_strings = off;',
      // Read with backslash escapes, the first :v is inside the string and the second is not.
      "select 'it\\'s :v' as a, :v as b;",
      'set standard_conforming_strings = on;',
    ].join('\n');
    const outcomes = await runScript(db, script, splitScript(script));
    expect(statuses(outcomes)).toBe('oooo');
    expect(outcomes[2]!.notes).toEqual(['psql variables substituted: :v']);
  });

  it('runs statements psql joins with \\; together, but never a transaction command so joined', async () => {
    const script = [
      'insert into app.customers values (5)\\; insert into app.orders values (5, 5);',
      'insert into app.orders values (6, 5)\\; commit;',
      'select count(*) from app.orders;',
    ].join('\n');
    const outcomes = await runScript(db, script, splitScript(script));
    expect(statuses(outcomes)).toBe('oso');
    expect(outcomes[0]).toMatchObject({ rowCount: null });
    expect(outcomes[2]).toMatchObject({ rowCount: 1 });
  });

  it('stops between statements once cancelled', async () => {
    const controller = new AbortController();
    const outcomes = await run(db, 'select 1;\nselect 2;\nselect 3;', {
      signal: controller.signal,
      onProgress: (done: number) => {
        if (done === 1) controller.abort();
      },
    });
    expect(statuses(outcomes)).toBe('oss');
    expect(outcomes[1]).toMatchObject({ reason: 'the run was cancelled before this statement' });
  });

  it.runIf(subject.server === null)('keeps the result on PGlite when asked', async () => {
    const outcomes = await run(db, 'insert into app.customers values (100);', { rollback: false });
    expect(statuses(outcomes)).toBe('o');
    const { rows } = await db.query('select id from app.customers');
    expect(rows).toEqual([{ id: 100 }]);
    await db.exec('delete from app.customers');
  });
});
