// Several scripts run one after another in one sandbox: each failure names its own file and
// line, a parent inserted by a later file is found there, and a syntax error names its file.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScripts } from '../../../src/doctor/script/check-scripts.js';
import { ScriptInputSyntaxError } from '../../../src/doctor/script/scan-input.js';
import type { Engine } from '../../../src/engine/engine.js';
import { openEmbedded } from '../../../src/engine/pglite.js';

let engine: Engine;
beforeAll(async () => {
  engine = await openEmbedded();
});
afterAll(async () => engine?.close());

describe('checkScripts', () => {
  it('runs the files in order in one sandbox and names each failure by its file', async () => {
    const progress: [number, number][] = [];
    const result = await checkScripts(
      engine,
      [
        { file: '1_schema.sql', text: 'CREATE TABLE c (id int PRIMARY KEY);\n' },
        {
          file: '2_orders.sql',
          text: '\nCREATE TABLE o (id int, c_id int REFERENCES c);\n\nINSERT INTO o VALUES\n  (1, 5),\n  (2, 6);\n',
        },
        { file: '3_customers.sql', text: '-- later\nINSERT INTO c VALUES (5);\n' },
      ],
      { onProgress: (done, total) => progress.push([done, total]) },
    );
    expect(result.scripts.map((s) => [s.file, s.statements.length])).toEqual([
      ['1_schema.sql', 1],
      ['2_orders.sql', 2],
      ['3_customers.sql', 1],
    ]);
    expect(progress.at(-1)).toEqual([4, 4]);
    expect(result.failures).toHaveLength(1);
    const [failure] = result.failures;
    expect(failure).toMatchObject({ file: '2_orders.sql', line: 5, kind: 'foreign-key' });
    expect(failure!.parents).toEqual([
      {
        rowNumber: 1,
        key: ['5'],
        loadedAt: { file: '3_customers.sql', statementIndex: 0, rowNumber: 1, line: 2 },
      },
      { rowNumber: 2, key: ['6'], loadedAt: null },
    ]);
    // The catalog is the schema the last file leaves; nothing stays after the rollback.
    expect(result.catalog.tables.map((t) => t.name).sort()).toEqual(['c', 'o']);
    const left = await engine.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_class WHERE relname IN ('c', 'o')",
    );
    expect(left.rows[0]!.n).toBe(0);
  });

  it('loads --schema first', async () => {
    const result = await checkScripts(
      engine,
      [{ file: 'a.sql', text: 'INSERT INTO p VALUES (1);' }],
      {
        schema: { file: 'schema.sql', text: 'CREATE TABLE p (id int);' },
      },
    );
    expect(result.failures).toEqual([]);
  });

  it('a syntax error names the file it is in, before anything runs', async () => {
    const error = await checkScripts(engine, [
      { file: 'ok.sql', text: 'SELECT 1;' },
      { file: 'bad.sql', text: "SELECT 1;\nSELECT 'oops;\n" },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScriptInputSyntaxError);
    expect(error).toMatchObject({ file: 'bad.sql', line: 2, column: 8 });
  });
});
