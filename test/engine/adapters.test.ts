// Both adapters must behave the same: the embedded PGlite and node-postgres on every test server.

import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { isDatabaseError } from '../../src/engine/errors.js';
import { engineSubjects, type OpenedEngine, openForSuite } from '../support/engines.js';

const schema = `
  create table parent (id int primary key, name text);
  create table child (id int primary key, parent_id int references parent (id));
  insert into parent values (1, 'one'), (2, 'two');
`;

describe.each(engineSubjects())('$label adapter', (subject) => {
  let db: Engine;
  let opened: OpenedEngine;
  openForSuite(subject, schema, (engine, subjectDb) => {
    db = engine;
    opened = subjectDb;
  });

  it('says what it is', () => {
    expect(db.kind).toBe(subject.server ? 'server' : 'embedded');
    expect(db.label).toMatch(subject.server ? /^PostgreSQL \d+\.\d+.* at postgres:\/\// : /PGlite/);
    const password = opened.url ? decodeURIComponent(new URL(opened.url).password) : '';
    if (password) {
      expect(db.label).not.toContain(password);
      expect(db.label).toContain(':***@');
    }
  });

  it('runs a query with parameters', async () => {
    const result = await db.query<{ id: number; name: string }>(
      'select id, name from parent where id = $1 or name = $2 order by id',
      [1, 'two'],
    );
    expect(result).toEqual({
      rows: [
        { id: 1, name: 'one' },
        { id: 2, name: 'two' },
      ],
      rowCount: 2,
    });
  });

  it('returns bigint and count(*) as strings, like node-postgres', async () => {
    const { rows } = await db.query('select count(*) as n, 9007199254740993::int8 as big');
    expect(rows).toEqual([{ n: '1', big: '9007199254740993' }]);
  });

  it('counts affected rows of writes and returned rows of reads', async () => {
    await db.exec('create table counted (n int)');
    expect((await db.query('insert into counted select generate_series(1, 5)')).rowCount).toBe(5);
    expect((await db.query('update counted set n = n + 1 where n > 3')).rowCount).toBe(2);
    expect((await db.query('select * from counted where n > 100')).rowCount).toBe(0);
    expect((await db.query('delete from counted')).rowCount).toBe(5);
    expect((await db.query('create table counted2 (n int)')).rowCount).toBe(0);
  });

  it('runs a multi-statement script with exec', async () => {
    await db.exec(`
      create table script_test (n int);
      insert into script_test values (1);
      insert into script_test values (2);
    `);
    const { rows } = await db.query('select sum(n)::int as total from script_test');
    expect(rows).toEqual([{ total: 3 }]);
  });

  it('commits a transaction and returns its value', async () => {
    const value = await db.transaction(async (tx) => {
      await tx.query('insert into parent values ($1, $2)', [10, 'ten']);
      return 'done';
    });
    expect(value).toBe('done');
    expect((await db.query('select 1 from parent where id = 10')).rowCount).toBe(1);
  });

  it('rolls back when the body throws, and rethrows the same error', async () => {
    const failure = new Error('boom');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into parent values (11, $1)', ['eleven']);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await db.query('select 1 from parent where id = 11')).rowCount).toBe(0);
  });

  it('always rolls back in rollback mode, returning the value', async () => {
    const seen = await db.transaction(
      async (tx) => {
        await tx.query('insert into parent values (12, $1)', ['twelve']);
        return (await tx.query('select 1 from parent where id = 12')).rowCount;
      },
      { rollback: true },
    );
    expect(seen).toBe(1);
    expect((await db.query('select 1 from parent where id = 12')).rowCount).toBe(0);
  });

  it('nests with savepoints: an inner failure undoes only the inner part', async () => {
    await db.transaction(async (tx) => {
      await tx.query("insert into parent values (13, 'outer')");
      await expect(
        tx.transaction(async (inner) => {
          await inner.query("insert into parent values (14, 'inner')");
          await inner.query('insert into child values (1, 999)');
        }),
      ).rejects.toMatchObject({ code: '23503' });
      // An inner dry run rolls back too, and the outer transaction is still usable.
      await tx.transaction((inner) => inner.query("insert into parent values (15, 'dry')"), {
        rollback: true,
      });
    });
    const { rows } = await db.query<{ id: number }>(
      'select id from parent where id between 13 and 15 order by id',
    );
    expect(rows).toEqual([{ id: 13 }]);
  });

  it('refuses to report a COMMIT that the server turned into a ROLLBACK', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query("insert into parent values (16, 'lost')");
        await tx.query('select 1/0').catch(() => undefined);
      }),
    ).rejects.toThrow(/COMMIT was rolled back/);
    expect((await db.query('select 1 from parent where id = 16')).rowCount).toBe(0);
  });

  it('throws server errors with the structured fields of node-postgres', async () => {
    const error = await db.query('insert into child values ($1, $2)', [1, 42]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDatabaseError(error)).toBe(true);
    expect(error).toMatchObject({
      message:
        'insert or update on table "child" violates foreign key constraint "child_parent_id_fkey"',
      severity: 'ERROR',
      code: '23503',
      detail: 'Key (parent_id)=(42) is not present in table "parent".',
      schema: 'public',
      table: 'child',
      constraint: 'child_parent_id_fkey',
    });
  });

  it('keeps the structured fields for errors raised inside exec scripts', async () => {
    const error = await db.exec('select 1; insert into child values (2, 43)').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: '23503', constraint: 'child_parent_id_fkey' });
  });
});
