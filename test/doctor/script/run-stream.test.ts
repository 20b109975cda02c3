// runStatementStream against the in-memory run of the same script, on PGlite and every server:
// fed in 7-character chunks and run in tiny batches (so that statements, BEGIN blocks and COPY
// data cross batch boundaries), it must report exactly the failures checkScript reports.

import { describe, expect, it } from 'vitest';
import { checkScript } from '../../../src/doctor/script/check-script.js';
import {
  runStatementStream,
  type StreamRunOptions,
} from '../../../src/doctor/script/run-stream.js';
import type { Engine } from '../../../src/engine/engine.js';
import { scanScript } from '../../../src/sql/split/index.js';
import { engineSubjects, openForSuite } from '../../support/engines.js';
import { chunksOf, shownFailure } from '../../support/streamed.js';

const schema = `
  create table customers (id int primary key, name text);
  create table orders (id int primary key, customer_id int references customers, note text);
  create table later (
    id int primary key,
    customer_id int references customers deferrable initially deferred
  );
  create table categories (id int primary key, parent_id int references categories);
`;

const tab = '\t';

/** Scripts with failures of every kind the stream must report as the whole script does. */
const scripts: Record<string, string> = {
  'multi-row INSERTs': [
    "insert into customers values (1, 'Ada'), (2, 'Grace');",
    'insert into orders values',
    "  (1, 1, 'first'),",
    "  (2, 9, 'no customer 9'),",
    "  (3, 2, 'third'),",
    "  (4, 8, 'no customer 8');",
    "insert into orders values (5, 7, 'one row');",
    "insert into orders values (6, 1, 'fine');",
    '-- comments and a blank line before a failing statement travel with it',
    '',
    'insert into orders values',
    "  (7, 1, 'x'), -- a comment between rows",
    "  (8, 55, 'no customer 55');",
  ].join('\n'),
  'COPY text and CSV': [
    'COPY customers (id, name) FROM stdin;',
    `1${tab}Ada`,
    `2${tab}Grace`,
    '\\.',
    'COPY orders (id, customer_id, note) FROM stdin;',
    `1${tab}1${tab}ok`,
    `2${tab}5${tab}no customer 5`,
    `3${tab}2${tab}an escaped\\nline break`,
    `4${tab}6${tab}no customer 6`,
    '\\.',
    'COPY orders (id, customer_id, note) FROM stdin (format csv, header);',
    'id,customer_id,note',
    '10,1,"two',
    'lines"',
    '11,42,"no customer 42, ""quoted""',
    'and broken over lines"',
    '12,2,fine',
    '13,43,last',
    '\\.',
    "insert into orders values (20, 44, 'after the COPYs');",
  ].join('\n'),
  'a BEGIN block failing at COMMIT': [
    "insert into customers values (1, 'Ada');",
    'begin;',
    'insert into later values (1, 1), (2, 404);',
    '-- comments that push the COMMIT',
    '-- far from the BEGIN, into a later batch',
    "insert into customers values (2, 'Grace');",
    'COPY later FROM stdin;',
    `3${tab}2`,
    `4${tab}505`,
    '\\.',
    'insert into later values (5, 606);',
    'commit;',
    "insert into orders values (1, 1, 'after the block'), (2, 707, 'bad');",
    'begin;',
    'insert into later values (6, 808);',
    'commit;',
  ].join('\n'),
  'psql variables': [
    '\\set cid 7',
    "\\set note 'hello; world'",
    "insert into customers values (1, :'note');",
    "insert into orders values (1, :cid, :'note');",
    '\\set cid 1',
    "insert into orders values (2, :cid, 'ok'), (3, :cid + 90, 'bad');",
    'select 1 as one \\gset',
    "insert into orders values (4, :one, 'via gset'), (5, 99, 'bad');",
    '\\unset cid',
  ].join('\n'),
  'standard_conforming_strings off': [
    'set standard_conforming_strings = off;',
    "insert into customers values (1, 'it\\'s; tricky');",
    "insert into orders values (1, 1, 'semi\\'; colon'), (2, 77, E'x\\\\');",
    'set standard_conforming_strings = on;',
    "insert into orders values (3, 88, 'back\\slash'), (4, 1, 'fine');",
  ].join('\n'),
  'statements on the line of a COPY': [
    "insert into customers values (1, 'Ada'); COPY orders (id, customer_id) FROM stdin; insert into orders values (50, 51);",
    `1${tab}1`,
    `2${tab}3`,
    '\\.',
    'COPY orders (id, customer_id) FROM stdin; COPY later FROM stdin;',
    `3${tab}4`,
    '\\.',
    `1${tab}5`,
    '\\.',
  ].join('\n'),
  'a self-reference': [
    'insert into categories values (1, null), (2, 1), (3, 99);',
    'insert into categories values (4, 5), (5, 4);',
    'COPY categories FROM stdin;',
    `10${tab}11`,
    `11${tab}\\N`,
    `12${tab}13`,
    '\\.',
  ].join('\n'),
  'meta-commands': [
    '\\echo hello',
    '\\connect other',
    '\\i missing.sql',
    'select 1 \\g',
    "insert into customers values (1, 'Ada')",
    '\\echo inside the statement',
    ';',
    "insert into orders values (9, 123, 'x'), (10, 1, 'y');",
    "select 'unsent' \\r",
    "insert into orders values (30, 1, 'joined') \\; insert into orders values (31, 32, 'to it');",
    "insert into orders values (33, '34'\\:\\:int, 'escaped colons');",
  ].join('\n'),
};

scripts['CRLF line endings'] = scripts['COPY text and CSV']!.replaceAll('\n', '\r\n');

async function inMemory(db: Engine, text: string) {
  const checked = await checkScript(db, { text, file: 'seed.sql' });
  return checked.failures.map(shownFailure);
}

/** How many outcomes of the in-memory run have each status. */
async function inMemoryCounts(db: Engine, text: string) {
  const { outcomes } = await checkScript(db, { text, file: 'seed.sql' });
  const counts = { ok: 0, skipped: 0, error: 0 };
  for (const outcome of outcomes) counts[outcome.status]++;
  return counts;
}

async function streamed(
  db: Engine,
  text: string,
  options: Partial<StreamRunOptions> & { chunk?: number },
  afterwards?: (tx: Engine) => Promise<void>,
) {
  return db.transaction(
    async (tx) => {
      await tx.exec('SET TRANSACTION READ WRITE');
      const result = await runStatementStream(tx, chunksOf(text, options.chunk ?? 7), {
        file: 'seed.sql',
        ...options,
      });
      await afterwards?.(tx);
      return { ...result, failures: result.failures.map(shownFailure) };
    },
    { rollback: true },
  );
}

describe.each(engineSubjects())('runStatementStream on $label', (subject) => {
  let db: Engine;
  openForSuite(subject, schema, (engine) => {
    db = engine;
  });

  it.each(Object.entries(scripts))('reports what the whole script reports: %s', async (_, text) => {
    const expected = await inMemory(db, text);
    expect(expected.length).toBeGreaterThan(0);
    const statements = scanScript(text).statements.length;
    const counts = await inMemoryCounts(db, text);
    expect(counts.error).toBe(expected.length);
    for (const batchChars of [64, 1000]) {
      const result = await streamed(db, text, { batchChars });
      expect(result.failures).toEqual(expected);
      expect(result.counts).toEqual(counts);
      expect(result.statements).toBe(statements);
      expect(result.cancelled).toBe(false);
    }
    // COPY data over 64 characters goes in pieces, except for the table that references itself.
    const pieced = await streamed(db, text, {
      batchChars: 64,
      copyInPieces: (target) => target.name !== 'categories',
    });
    expect(pieced.failures).toEqual(expected);
    expect(pieced.counts).toEqual(counts);
  });

  it('reports a failure at COMMIT with its BEGIN and rows from batches before it', async () => {
    const text = scripts['a BEGIN block failing at COMMIT']!;
    const { failures } = await streamed(db, text, { batchChars: 64 });
    const atCommit = failures.find((f) => f.block !== undefined);
    expect(atCommit?.block).toEqual({ beginIndex: 1, beginLine: 2, endIndex: 6 });
    expect(atCommit?.rows?.map((r) => [r.statementIndex, r.rowNumber, r.line, r.key])).toEqual([
      [2, 2, 3, ['404']],
      [4, 2, 9, ['505']],
      [5, 1, 11, ['606']],
    ]);
  });

  describe('a COPY bigger than a batch, sent in pieces', () => {
    const ids = Array.from({ length: 40 }, (_, i) => i + 1);
    // Rows 7 and 33 lie in different pieces of 64 characters.
    const customerOf = (id: number) => (id === 7 ? 907 : id === 33 ? 933 : 1 + (id % 2));
    const textCopy = [
      "insert into customers values (1, 'Ada'), (2, 'Grace');",
      'COPY orders (id, customer_id, note) FROM stdin;',
      ...ids.map((id) => `${id}${tab}${customerOf(id)}${tab}note ${id}`),
      '\\.',
      "insert into orders values (100, 1, 'after');",
    ].join('\n');
    const csvCopy = [
      "insert into customers values (1, 'Ada'), (2, 'Grace');",
      'COPY orders (id, customer_id, note) FROM stdin (format csv, header);',
      'id,customer_id,note',
      ...ids.map((id) => `${id},${customerOf(id)},"line ${id}\nand its ""second"" line"`),
      '\\.',
    ].join('\n');
    const inPieces = (seen: string[]) => ({
      batchChars: 64,
      chunk: 7,
      copyInPieces: (target: { schema: string | null; name: string }) => {
        seen.push(`${target.schema}.${target.name}`);
        return true;
      },
    });

    const psqlCopy = textCopy.replace(
      'COPY orders (id, customer_id, note) FROM stdin;',
      '\\copy orders (id, customer_id, note) from stdin',
    );

    it.each([
      ['text', textCopy],
      ['CSV with a header and quoted line breaks', csvCopy],
      ["psql's \\copy", psqlCopy],
    ])('reports the %s COPY as one failed statement, and loads none of it', async (_, text) => {
      const expected = await inMemory(db, text);
      const copyFailure = expected.find((f) => f.statementIndex === 1);
      expect(copyFailure?.rows?.map((r) => r.rowNumber)).toEqual([7, 33]);
      const seen: string[] = [];
      let left = -1;
      const result = await streamed(db, text, inPieces(seen), async (tx) => {
        const { rows } = await tx.query<{ n: string }>(
          'select count(*) as n from orders where id <= 40',
        );
        left = Number(rows[0]!.n);
      });
      expect(seen).toEqual(['null.orders']);
      expect(result.failures).toEqual(expected);
      expect(left).toBe(0);
    });

    it('reports a COPY in pieces inside BEGIN ... COMMIT as the whole COPY', async () => {
      const text = `begin;\n${textCopy}\ncommit;\ninsert into orders values (101, 1, 'x');`;
      const expected = await inMemory(db, text);
      // The failed COPY aborts the block: COMMIT rolls the customers back, and the last INSERT fails.
      expect(expected.map((f) => f.statementIndex)).toEqual([2, 5]);
      const result = await streamed(db, text, inPieces([]));
      expect(result.failures).toEqual(expected);
    });

    it('loads every piece when no row fails', async () => {
      const text = textCopy.replace(`7${tab}907`, `7${tab}1`).replace(`33${tab}933`, `33${tab}2`);
      expect(await inMemory(db, text)).toEqual([]);
      let loaded = -1;
      const result = await streamed(db, text, inPieces([]), async (tx) => {
        const { rows } = await tx.query<{ n: string }>('select count(*) as n from orders');
        loaded = Number(rows[0]!.n);
      });
      expect(result.failures).toEqual([]);
      expect(loaded).toBe(41);
    });

    it('reports a bad value in a later piece as the whole COPY does', async () => {
      const text = textCopy.replace(`30${tab}1`, `30${tab}x`);
      const expected = await inMemory(db, text);
      expect(expected.find((f) => f.statementIndex === 1)).toMatchObject({
        sqlstate: '22P02',
        line: 32,
      });
      const result = await streamed(db, text, inPieces([]));
      expect(result.failures).toEqual(expected);
    });

    it('reports a duplicate key in a later piece as the whole COPY does', async () => {
      const text = textCopy.replace(`29${tab}`, `3${tab}`);
      const expected = await inMemory(db, text);
      expect(expected.find((f) => f.statementIndex === 1)).toMatchObject({
        sqlstate: '23505',
        line: 31,
      });
      const result = await streamed(db, text, inPieces([]));
      expect(result.failures).toEqual(expected);
    });

    it('stops reading the script once cancelled', async () => {
      const controller = new AbortController();
      const result = await streamed(db, textCopy, {
        ...inPieces([]),
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      expect(result.cancelled).toBe(true);
      // The INSERT ran; the COPY after it was skipped, and the INSERT after that never read.
      expect(result.failures).toEqual([]);
      expect(result.statements).toBe(2);
    });

    it('reports deferred checks of a COPY in pieces as psql commits it', async () => {
      // First in the script: nothing has made the deferred constraint immediate yet.
      const text = [
        'COPY later FROM stdin;',
        ...ids.map((id) => `${id}${tab}${id === 5 || id === 36 ? 900 + id : '\\N'}`),
        '\\.',
      ].join('\n');
      const expected = await inMemory(db, text);
      expect(expected[0]).toMatchObject({ deferred: true, rowsTotal: 2 });
      const result = await streamed(db, text, inPieces([]));
      expect(result.failures).toEqual(expected);
    });
  });
});
