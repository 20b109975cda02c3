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
