// Engine.copyFrom: COPY ... FROM STDIN with inline data, on PGlite (through its /dev/blob file)
// and on every server (pg-copy-streams on the engine's own connection).

import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { engineSubjects, openForSuite } from '../support/engines.js';

async function* chunks(...parts: string[]): AsyncIterable<string> {
  for (const part of parts) yield part;
}

async function errorOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  return promise.then(
    () => ({}),
    (error: unknown) => error as Record<string, unknown>,
  );
}

const schema = `
  create table parent (id int primary key);
  create table child (id int primary key, parent_id int references parent, note text);
  insert into parent values (1), (2);
`;

describe.each(engineSubjects())('copyFrom on $label', (subject) => {
  let db: Engine;
  openForSuite(subject, schema, (engine) => {
    db = engine;
  });

  it('loads text-format rows and returns how many', async () => {
    const count = await db.copyFrom!(
      'COPY child (id, parent_id, note) FROM stdin;',
      '1\t1\tone\n2\t\\N\ttwo\n',
    );
    expect(count).toBe(2);
    const { rows } = await db.query('select id, parent_id, note from child order by id');
    expect(rows).toEqual([
      { id: 1, parent_id: 1, note: 'one' },
      { id: 2, parent_id: null, note: 'two' },
    ]);
  });

  it('loads CSV with a header, from chunks that split lines anywhere', async () => {
    const count = await db.copyFrom!(
      `copy "child" from STDIN with (format csv, header true)`,
      chunks('id,parent_id,no', 'te\n3,2,"multi\nline"\n4', ',1,', '"a ""quoted"" word"\n'),
    );
    expect(count).toBe(2);
    const { rows } = await db.query('select note from child where id in (3, 4) order by id');
    expect(rows).toEqual([{ note: 'multi\nline' }, { note: 'a "quoted" word' }]);
  });

  it('copies nothing from empty data', async () => {
    expect(await db.copyFrom!('copy child from stdin', '')).toBe(0);
  });

  it('throws the server error of a foreign-key violation, and the engine stays usable', async () => {
    const error = await errorOf(
      db.copyFrom!('copy child (id, parent_id) from stdin', '10\t1\n11\t99\n'),
    );
    expect(error).toMatchObject({
      code: '23503',
      constraint: 'child_parent_id_fkey',
      table: 'child',
    });
    expect(error.detail).toBe('Key (parent_id)=(99) is not present in table "parent".');
    expect((await db.query('select count(*)::int as n from child where id >= 10')).rows).toEqual([
      { n: 0 },
    ]);
  });

  it('says which data line a bad value is on', async () => {
    const error = await errorOf(
      db.copyFrom!('copy child (id, parent_id) from stdin', '20\t1\nx\t1\n'),
    );
    expect(error).toMatchObject({ code: '22P02' });
    expect(error.where).toMatch(/^COPY child, line 2, column id: "x"/);
  });

  it('takes part in the transaction it runs in', async () => {
    await db.transaction(
      async (tx) => {
        expect(await tx.copyFrom!('copy child (id) from stdin', '30\n31\n')).toBe(2);
        expect(
          (await tx.query('select count(*)::int as n from child where id >= 30')).rows,
        ).toEqual([{ n: 2 }]);
      },
      { rollback: true },
    );
    expect((await db.query('select count(*)::int as n from child where id >= 30')).rows).toEqual([
      { n: 0 },
    ]);
  });

  it('rejects a statement that is not COPY FROM STDIN', async () => {
    const error = await errorOf(db.copyFrom!('select 1', ''));
    expect(error).toBeInstanceOf(Error);
    expect((await db.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });
});
