// fix, end to end: each example script is fixed in the embedded sandbox, then the fixed script
// runs with `psql -v ON_ERROR_STOP=1 -f` on each real server, and must leave exactly the data,
// sequences and constraints that a correct hand-ordered load (the .expected.sql) leaves.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FixOptions,
  type FixResult,
  fixScript,
} from '../../../src/doctor/script/fix-script.js';
import type { Engine } from '../../../src/engine/engine.js';
import { openEmbedded } from '../../../src/engine/pglite.js';
import { psqlFile, snapshot } from '../../support/psql.js';
import { scratchDatabase, testServers } from '../../support/servers.js';

const examples = new URL('./examples/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, examples), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-fix-'));

interface Example {
  name: string;
  schema?: string;
  options?: FixOptions;
}

const fixable: Example[] = [
  { name: 'orders-before-customers' },
  { name: 'batch-inserts' },
  { name: 'self-reference' },
  { name: 'self-reference-split' },
  // Rows split off a statement are traced back to it: their missing parents are found too.
  { name: 'self-reference-split-missing', options: { missingParents: 'placeholder' } },
  { name: 'cycle-deferrable' },
  { name: 'cycle-nullable' },
  { name: 'mixed' },
  { name: 'cycle-not-breakable', options: { allowSchemaChanges: true } },
  { name: 'data-only', schema: 'data-only.schema.sql' },
];

let sandbox: Engine;
// One embedded database for all examples: fix's own close() of it is a no-op here.
const shared = () => Promise.resolve({ ...sandbox, close: async () => undefined });
const results = new Map<string, FixResult>();

beforeAll(async () => {
  sandbox = await openEmbedded();
  for (const example of fixable) {
    const file = `${example.name}.sql`;
    const schema = example.schema
      ? { text: read(example.schema), file: example.schema }
      : undefined;
    results.set(
      example.name,
      await fixScript(
        shared,
        { text: read(file), file },
        { ...(schema ? { schema } : {}), ...example.options },
      ),
    );
  }
});
afterAll(async () => sandbox?.close());

describe('fix: every example is fixed and verified in the sandbox', () => {
  it.each(fixable.map((e) => e.name))('%s', (name) => {
    const result = results.get(name)!;
    expect(result.plan.changed).toBe(true);
    expect(result.verified).toBe(true);
    expect(result.fixed).not.toBeNull();
    expect(result.after!.failures).toEqual([]);
  });
});

describe.each(testServers())('on $label with psql', (server) => {
  it.each(fixable.map((e) => e.name))('%s loads like the hand-ordered script', async (name) => {
    const example = fixable.find((e) => e.name === name)!;
    const fixedFile = join(dir, `${name}.fixed.sql`);
    writeFileSync(fixedFile, results.get(name)!.fixed!);
    const fixedDb = await scratchDatabase(server.url);
    const handDb = await scratchDatabase(server.url);
    try {
      for (const db of [fixedDb, handDb]) {
        if (example.schema)
          expect(psqlFile(db.url, new URL(example.schema, examples).pathname).status).toBe(0);
      }
      const fixedRun = psqlFile(fixedDb.url, fixedFile);
      // NOTICEs (the DO block's RAISE NOTICE) are fine; nothing may fail.
      expect(fixedRun.stderr).not.toMatch(/ERROR|error:/);
      expect(fixedRun.status).toBe(0);
      // The original fails under the same psql run: the fix is what makes the difference.
      expect(psqlFile(handDb.url, new URL(`${name}.sql`, examples).pathname).status).not.toBe(0);
      await handDb.drop();
      const cleanDb = await scratchDatabase(server.url);
      try {
        if (example.schema) psqlFile(cleanDb.url, new URL(example.schema, examples).pathname);
        expect(
          psqlFile(cleanDb.url, new URL(`${name}.expected.sql`, examples).pathname).status,
        ).toBe(0);
        expect(snapshot(fixedDb.url)).toBe(snapshot(cleanDb.url));
      } finally {
        await cleanDb.drop();
      }
    } finally {
      await fixedDb.drop();
      await handDb.drop().catch(() => undefined);
    }
  });
});

describe('fix: what reordering cannot do', () => {
  it('a parent inserted nowhere: not fixed, reported with its key', async () => {
    const result = await fixScript(shared, {
      text: read('missing-parent.sql'),
      file: 'missing-parent.sql',
    });
    expect(result.verified).toBe(false);
    expect(result.missingParents).toHaveLength(1);
    // 41 is fixed by moving its customer first; 42 is inserted nowhere.
    expect(result.plan.moves.map((m) => m.statement)).toEqual([3]);
    expect(result.missingParents[0]!.parents?.map((p) => [p.key, p.loadedAt])).toEqual([
      [['42'], null],
    ]);
  });

  it('a cycle that nothing breaks: not fixed without --allow-schema-changes', async () => {
    const result = await fixScript(shared, {
      text: read('cycle-not-breakable.sql'),
      file: 'x.sql',
    });
    expect(result.verified).toBe(false);
    expect(result.plan.unfixable.map((u) => [u.reason, u.edge.fk.name])).toEqual([
      ['cycle-not-breakable', 'teams_captain_id_fkey'],
    ]);
    expect(result.barriers).toEqual([]);
  });

  it('a parent behind a DO block: not moved across it, and the block is named', async () => {
    const result = await fixScript(shared, {
      text: read('behind-do-block.sql'),
      file: 'behind-do-block.sql',
    });
    expect(result.verified).toBe(false);
    expect(result.missingParents).toEqual([]);
    expect(
      result.barriers.map((b) => [b.failure.line, b.parentLine, b.blockedLine, b.blockedKind]),
    ).toEqual([
      [14, 19, 18, 'procedural'],
      [15, 19, 18, 'procedural'],
    ]);
  });

  it('self-reference statements that need each other: one statement per table is split', () => {
    const result = results.get('self-reference-split')!;
    const cut = (table: string) => {
      const split = result.plan.splits!.find((s) => s.table === table)!;
      const counts = new Map<number, number>();
      for (const piece of split.pieces) {
        counts.set(piece.statement, (counts.get(piece.statement) ?? 0) + 1);
      }
      return [...counts].filter(([, n]) => n > 1).map(([statement]) => statement);
    };
    const lineOf = (index: number) => result.statements[index]!.line;
    // The multi-row INSERT at line 22 (Ann, then Carol and Dan after Bea) and the COPY at 34.
    expect(cut('public.employees').map(lineOf)).toEqual([22]);
    expect(cut('public.categories').map(lineOf)).toEqual([34]);
    // Every row is loaded exactly once.
    for (const split of result.plan.splits!) {
      const rows = split.pieces.flatMap((p) => p.rows.map((r) => `${p.statement}:${r}`));
      expect(new Set(rows).size).toBe(rows.length);
    }
  });

  it('rows split off a statement keep their place in the report: line and row', () => {
    const result = results.get('self-reference-split-missing')!;
    expect(result.missingParentRows.map((r) => [r.line, r.rowNumber, r.key])).toEqual([
      [14, 3, ['98']],
      [13, 2, ['99']],
    ]);
    expect(result.placeholders.map((p) => p.keys)).toEqual([[['98'], ['99']]]);
  });

  it("the issue's own example: (1) comes before (2), and (3) after", async () => {
    const text = [
      'CREATE TABLE emp (id integer PRIMARY KEY, boss integer REFERENCES emp (id));',
      'INSERT INTO emp VALUES (2, 1);',
      'INSERT INTO emp VALUES (1, NULL), (3, 2);',
      '',
    ].join('\n');
    const result = await fixScript(shared, { text, file: 'emp.sql' });
    expect(result.verified).toBe(true);
    const fixed = result.fixed!;
    const at = (row: string) => fixed.indexOf(row);
    expect(at('(1, NULL)')).toBeGreaterThan(0);
    expect(at('(1, NULL)')).toBeLessThan(at('(2, 1)'));
    expect(at('(2, 1)')).toBeLessThan(at('(3, 2)'));
    expect(fixed.match(/INSERT INTO emp VALUES/g)).toHaveLength(3);
  });

  it('rows that name each other in a ring across statements: reported, not split', async () => {
    const text = [
      'CREATE TABLE emp (id integer PRIMARY KEY, boss integer REFERENCES emp (id));',
      'INSERT INTO emp VALUES (1, 2);',
      'INSERT INTO emp VALUES (2, 1);',
      '',
    ].join('\n');
    const result = await fixScript(shared, { text, file: 'ring.sql' });
    expect(result.verified).toBe(false);
    expect(result.plan.splits).toBeUndefined();
    expect(result.plan.unfixable.map((u) => [u.reason, u.edge.fk.name, u.detail])).toEqual([
      [
        'self-reference',
        'emp_boss_fkey',
        'their rows name each other in a ring: no order of the rows puts every parent first',
      ],
    ]);
  });

  it('a statement between them that uses the table: the rows are not moved across it', async () => {
    const text = [
      'CREATE TABLE emp (id integer PRIMARY KEY, boss integer REFERENCES emp (id));',
      'INSERT INTO emp VALUES (2, 1);',
      'DELETE FROM emp WHERE id > 100;',
      'INSERT INTO emp VALUES (1, NULL), (3, 2);',
      '',
    ].join('\n');
    const result = await fixScript(shared, { text, file: 'between.sql' });
    expect(result.verified).toBe(false);
    expect(result.plan.unfixable.map((u) => [u.reason, u.detail])).toEqual([
      ['self-reference', 'the statement at line 3 between them uses emp'],
    ]);
  });

  it('rows taking ids from a sequence are not moved', async () => {
    const text = [
      'CREATE TABLE emp (id integer PRIMARY KEY, boss integer REFERENCES emp (id), n serial);',
      'INSERT INTO emp (id, boss) VALUES (2, 1);',
      'INSERT INTO emp (id, boss) VALUES (1, NULL), (3, 2);',
      '',
    ].join('\n');
    const result = await fixScript(shared, { text, file: 'serial.sql' });
    expect(result.verified).toBe(false);
    expect(result.plan.unfixable[0]?.detail).toBe(
      'rows at line 2 take values from a sequence: moving them would change those values',
    );
  });

  it('a script that runs needs no change', async () => {
    const result = await fixScript(shared, {
      text: read('deferred-transaction.sql'),
      file: 'deferred-transaction.sql',
    });
    expect(result.after?.failures).toEqual([]);
    expect(result.fixed).toBeNull();
    expect(result.verified).toBe(true);
  });
});
