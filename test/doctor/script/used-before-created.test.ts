// A file that uses a table only a later file creates, found from the text of the migrations.

import { describe, expect, it } from 'vitest';
import { usedBeforeCreated } from '../../../src/doctor/script/used-before-created.js';
import { relationChangesSync, relationMentionsSync } from '../../../src/sql/relation-changes.js';
import { loadStatementParser } from '../../../src/sql/rows/statement-tables.js';
import { scanScript } from '../../../src/sql/split/index.js';

function sources(files: Record<string, string>) {
  return Object.entries(files).map(([file, text]) => ({
    file,
    text,
    statements: scanScript(text).statements,
  }));
}

describe('usedBeforeCreated', () => {
  it('a REFERENCES to a table of a later file, on the line that names it', async () => {
    const found = await usedBeforeCreated(
      sources({
        'V1__customers.sql': 'CREATE TABLE customers (id int PRIMARY KEY);\n',
        'V2__orders.sql':
          '-- orders\nCREATE TABLE orders (\n  id int PRIMARY KEY,\n  product_id int REFERENCES products (id)\n);\n',
        'V3__products.sql': '\nCREATE TABLE products (id int PRIMARY KEY);\n',
      }),
    );
    expect(found).toEqual([
      {
        file: 'V2__orders.sql',
        line: 4,
        statementIndex: 0,
        table: 'products',
        createdIn: { file: 'V3__products.sql', line: 2 },
      },
    ]);
  });

  it('reads, writes, ALTER TABLE and COPY all count as uses; one finding per file and table', async () => {
    const found = await usedBeforeCreated(
      sources({
        '1_a.sql': [
          'INSERT INTO app."Items" VALUES (1, \'x\');',
          'INSERT INTO app."Items" VALUES (2, \'y\');',
          'UPDATE t SET a = 1 FROM items2 WHERE false;',
          'ALTER TABLE later ADD COLUMN c int;',
          'COPY copied (a) FROM stdin;',
          '1',
          '\\.',
          '',
        ].join('\n'),
        '2_b.sql': [
          'CREATE SCHEMA app;',
          'CREATE TABLE app."Items" (id int, name text);',
          'CREATE TABLE t (a int);',
          'CREATE TABLE items2 AS SELECT 1 AS a;',
          'CREATE TABLE later (a int);',
          'CREATE TABLE copied (a int);',
          '',
        ].join('\n'),
      }),
    );
    expect(found.map((f) => [f.line, f.table, f.createdIn.line])).toEqual([
      [1, 'app."Items"', 2],
      [3, 't', 3],
      [3, 'items2', 4],
      [4, 'later', 5],
      [5, 'copied', 6],
    ]);
  });

  it('no finding when the table exists by then, or is created later in the same file', async () => {
    const found = await usedBeforeCreated(
      sources({
        '1.sql':
          'CREATE TABLE a (id int PRIMARY KEY);\nINSERT INTO b VALUES (1);\nCREATE TABLE b (id int);\n',
        '2.sql': [
          'CREATE TABLE c (a_id int REFERENCES a, self_id int REFERENCES c);',
          'DROP TABLE IF EXISTS d;',
          'ALTER TABLE c RENAME TO c2;',
          'SELECT * FROM c2;',
          'SELECT * FROM never_created;',
          '',
        ].join('\n'),
        '3.sql': 'CREATE TABLE d (id int);\nCREATE TABLE b (id int);\n',
      }),
    );
    expect(found).toEqual([]);
  });

  it('skips what the parser cannot read and meta-commands', async () => {
    const found = await usedBeforeCreated(
      sources({
        '1.sql': '\\set x 1\nINSERT INTO t SELECT :x;\nSELECT * FROM t WHERE a = :x;\n',
        '2.sql': 'CREATE TABLE t (a int);\n',
      }),
    );
    // `INSERT ... SELECT :x` does not parse; the SELECT after it does not either.
    expect(found).toEqual([]);
  });
});

describe('relationChangesSync / relationMentionsSync', () => {
  it('creates, renames, drops; mentions at UTF-16 offsets', async () => {
    await loadStatementParser();
    expect(relationChangesSync('CREATE SCHEMA s CREATE TABLE y (a int)').created).toEqual([
      { schema: 's', name: 'y' },
    ]);
    expect(relationChangesSync('ALTER TABLE a RENAME TO b').created).toEqual([
      { schema: null, name: 'b' },
    ]);
    expect(relationChangesSync('SELECT 1 INTO t2').created).toEqual([{ schema: null, name: 't2' }]);
    expect(relationChangesSync('DROP VIEW s.v, w').dropped).toEqual([
      { schema: 's', name: 'v' },
      { schema: null, name: 'w' },
    ]);
    const sql = 'SELECT \'ünïcödé\' FROM "Tä"';
    const [mention] = relationMentionsSync(sql);
    expect(sql.slice(mention!.offset)).toBe('"Tä"');
  });
});
