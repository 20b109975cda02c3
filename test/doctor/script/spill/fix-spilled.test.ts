// fix on a script it does not hold (doctor/script/spill): each example is fixed with its plain
// loads spilled and verified by a streamed run, then the output runs with `psql -v
// ON_ERROR_STOP=1 -f` on each real server and must leave what the hand-ordered load leaves.
// Where no order helps, it reports the same rows, on the same lines, as fix in memory.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixScript } from '../../../../src/doctor/script/fix-script.js';
import {
  fixSpilled,
  type SpilledFix,
  type SpillSandboxes,
} from '../../../../src/doctor/script/spill/fix-spilled.js';
import type { Engine } from '../../../../src/engine/engine.js';
import { openEmbedded } from '../../../../src/engine/pglite.js';
import { psqlFile, snapshot } from '../../../support/psql.js';
import { scratchDatabase, testServers } from '../../../support/servers.js';

const examples = new URL('../examples/', import.meta.url);
const path = (name: string) => new URL(name, examples).pathname;
const read = (name: string) => readFileSync(path(name), 'utf8');
const temp = mkdtempSync(join(tmpdir(), 'fkdoctor-fix-spilled-'));

/** `inMemory`: every table it loads is on a cycle, so nothing of it is spilled. */
const fixable: { name: string; schema?: string; inMemory?: true }[] = [
  { name: 'orders-before-customers' },
  { name: 'batch-inserts' },
  { name: 'self-reference-split' },
  { name: 'cycle-deferrable', inMemory: true },
  { name: 'cycle-nullable', inMemory: true },
  { name: 'mixed' },
  { name: 'data-only', schema: 'data-only.schema.sql' },
];

let sandbox: Engine;
// One embedded database for every schema read and run: fix's close() of it is a no-op here.
const shared = () => Promise.resolve({ ...sandbox, close: async () => undefined });
const sandboxes: SpillSandboxes = { open: shared, openForRun: shared };
const fixed = new Map<string, SpilledFix>();

const schemaOf = (name?: string) => (name ? { text: read(name), file: name } : undefined);

beforeAll(async () => {
  sandbox = await openEmbedded();
  for (const { name, schema } of fixable) {
    const file = `${name}.sql`;
    const given = schemaOf(schema);
    fixed.set(
      name,
      await fixSpilled(path(file), file, sandboxes, {
        ...(given ? { schema: given } : {}),
        tempDirectory: temp,
      }),
    );
  }
});
afterAll(async () => {
  for (const spilled of fixed.values()) await spilled.dispose();
  await sandbox?.close();
});

describe('fix, spilled: every example is fixed and verified by a streamed run', () => {
  it.each(fixable.map((e) => e.name))('%s', (name) => {
    const { result, runs } = fixed.get(name)!;
    if (fixable.find((e) => e.name === name)!.inMemory) expect(runs).toBe(0);
    else expect(runs).toBeGreaterThan(0);
    expect(result.plan.changed).toBe(true);
    expect(result.after!.failures.filter((f) => f.kind === 'foreign-key')).toEqual([]);
    expect(result.verified).toBe(true);
  });
});

describe.each(testServers())('fix, spilled, on $label with psql', (server) => {
  it.each(fixable.map((e) => e.name))('%s loads like the hand-ordered script', async (name) => {
    const example = fixable.find((e) => e.name === name)!;
    const fixedDb = await scratchDatabase(server.url);
    const handDb = await scratchDatabase(server.url);
    try {
      for (const db of [fixedDb, handDb]) {
        if (example.schema) expect(psqlFile(db.url, path(example.schema)).status).toBe(0);
      }
      const run = psqlFile(fixedDb.url, fixed.get(name)!.outputFile);
      expect(run.stderr).not.toMatch(/ERROR|error:/);
      expect(run.status).toBe(0);
      expect(psqlFile(handDb.url, path(`${name}.expected.sql`)).status).toBe(0);
      expect(snapshot(fixedDb.url)).toBe(snapshot(handDb.url));
    } finally {
      await fixedDb.drop();
      await handDb.drop();
    }
  });
});

describe('fix, spilled: what no order fixes', () => {
  const rows = (r: {
    missingParentRows: {
      line: number;
      constraint: string;
      key: string[];
      parentRow?: { line: number } | null;
    }[];
  }) =>
    r.missingParentRows.map((row) =>
      JSON.stringify([row.line, row.constraint, row.key, row.parentRow?.line ?? null]),
    );

  it.each(['missing-parent.sql', 'missing-parents.sql'])(
    '%s: the same rows, lines, keys and parents inserted yet not there as fix in memory',
    async (name) => {
      const inMemory = await fixScript(shared, { text: read(name), file: name });
      const spilled = await fixSpilled(path(name), name, sandboxes, { tempDirectory: temp });
      try {
        expect(spilled.result.verified).toBe(false);
        expect(rows(spilled.result).length).toBeGreaterThan(0);
        expect(rows(spilled.result)).toEqual(rows(inMemory));
      } finally {
        await spilled.dispose();
      }
    },
  );

  it('a parent behind a DO block: the same rows and parent lines as fix in memory', async () => {
    const name = 'behind-do-block.sql';
    const inMemory = await fixScript(shared, { text: read(name), file: name });
    const spilled = await fixSpilled(path(name), name, sandboxes, { tempDirectory: temp });
    try {
      expect(spilled.result.verified).toBe(false);
      const barriers = (r: typeof inMemory) =>
        r.barriers.map((b) => [b.failure.line, b.parentLine]);
      expect(barriers(spilled.result)).toEqual(barriers(inMemory));
      expect(barriers(spilled.result)).toHaveLength(2);
      expect(spilled.result.missingParentRows).toEqual([]);
    } finally {
      await spilled.dispose();
    }
  });

  it('a script with nothing to fix is its own output, byte for byte', async () => {
    const name = 'orders-before-customers.expected.sql';
    const spilled = await fixSpilled(path(name), name, sandboxes, { tempDirectory: temp });
    try {
      expect(spilled.result.plan.changed).toBe(false);
      expect(spilled.result.verified).toBe(true);
      expect(readFileSync(spilled.outputFile, 'utf8')).toBe(read(name));
    } finally {
      await spilled.dispose();
    }
  });

  it('the verifying run can be an embedded database on disk', async () => {
    const name = 'batch-inserts.sql';
    const spilled = await fixSpilled(
      path(name),
      name,
      { open: shared, openForRun: (directory) => openEmbedded({ dataDir: directory }) },
      { tempDirectory: temp },
    );
    try {
      expect(spilled.result.verified).toBe(true);
    } finally {
      await spilled.dispose();
    }
  });

  it('a self-referencing table loaded by one COPY is spilled too: its rows are checked at its end', async () => {
    const script = join(temp, 'one-copy.sql');
    writeFileSync(
      script,
      [
        'CREATE TABLE staff (id int PRIMARY KEY, boss int REFERENCES staff);',
        'CREATE TABLE desks (id int PRIMARY KEY, staff_id int NOT NULL REFERENCES staff);',
        'COPY desks (id, staff_id) FROM stdin;',
        '1\t3',
        '\\.',
        '-- a boss after the people under her: fine inside one COPY',
        'COPY staff (id, boss) FROM stdin;',
        '2\t3',
        '3\t\\N',
        '\\.',
        '',
      ].join('\n'),
    );
    const spilled = await fixSpilled(script, 'one-copy.sql', sandboxes, { tempDirectory: temp });
    try {
      expect(spilled.runs).toBe(2);
      expect(spilled.skeleton).not.toContain('3\t\\N');
      expect(spilled.result.verified).toBe(true);
      const fixedText = readFileSync(spilled.outputFile, 'utf8');
      expect(fixedText.indexOf('COPY staff')).toBeLessThan(fixedText.indexOf('COPY desks'));
      expect(fixedText).toContain(
        '-- a boss after the people under her: fine inside one COPY\nCOPY staff (id, boss) FROM stdin;\n2\t3\n3\t\\N\n\\.\n',
      );
    } finally {
      await spilled.dispose();
    }
  });
});
