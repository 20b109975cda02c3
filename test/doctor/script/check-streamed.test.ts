// checkStreamed against checkScript on the example scripts, on PGlite and every server: fed in
// 7-character chunks and run (and searched for parent keys) in tiny batches, so that statements,
// BEGIN blocks and COPY data cross every boundary, the streamed check must report the same
// failures, with the same rows and the same places where their parents are inserted.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CheckedFailure, checkScript } from '../../../src/doctor/script/check-script.js';
import { checkStreamed } from '../../../src/doctor/script/check-streamed.js';
import { countOutcomes } from '../../../src/doctor/script/outcome.js';
import type { Engine } from '../../../src/engine/engine.js';
import { engineSubjects, openForSuite } from '../../support/engines.js';
import { chunksOf, shownFailure } from '../../support/streamed.js';

/** What a report shows of a check's failure: with where each missing parent is inserted. */
const shownCheck = (failure: CheckedFailure) => ({
  ...shownFailure(failure),
  parents: failure.parents,
});

const examples = new URL('./examples/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, examples), 'utf8');

/** Example scripts that fail, each with the schema it needs (when it has no DDL of its own). */
const failing: [name: string, schema?: string][] = [
  ['orders-before-customers.sql'],
  ['missing-parent.sql'],
  ['missing-parents.sql'],
  ['data-only.sql', 'data-only.schema.sql'],
  ['data-only-orphans.sql', 'data-only.schema.sql'],
  ['self-reference.sql'],
  ['self-reference-split.sql'],
  ['self-reference-split-missing.sql'],
  ['cycle-deferrable.sql'],
  ['cycle-nullable.sql'],
  ['cycle-not-breakable.sql'],
  ['batch-inserts.sql'],
  ['mixed.sql'],
  ['full-dump-orphans.sql'],
];

/** Scripts that run clean. */
const clean: [name: string, schema?: string][] = [
  ['orders-before-customers.expected.sql'],
  ['data-only.expected.sql', 'data-only.schema.sql'],
  ['deferred-transaction.sql'],
];

/** The engine for a sandbox that must stay open: closing it is the suite's business. */
const kept = (engine: Engine): Engine => ({ ...engine, close: async () => undefined });

async function both(db: Engine, name: string, schemaName: string | undefined, batchChars: number) {
  const text = read(name);
  const schema = schemaName ? { text: read(schemaName), file: schemaName } : undefined;
  const memory = await checkScript(db, { text, file: name }, schema ? { schema } : {});
  const streamed = await checkStreamed(
    () => chunksOf(text, 7),
    name,
    { open: async () => kept(db), openForRun: async () => kept(db) },
    { ...(schema ? { schema } : {}), batchChars },
  );
  return {
    memory: {
      failures: memory.failures.map(shownCheck),
      statements: memory.statements.length,
      counts: countOutcomes(memory.outcomes),
      schemaProblems: memory.schemaProblems,
    },
    streamed: {
      failures: streamed.failures.map(shownCheck),
      statements: streamed.statements,
      counts: streamed.counts,
      schemaProblems: streamed.schemaProblems,
    },
    cancelled: streamed.cancelled,
  };
}

describe.each(engineSubjects())('checkStreamed on $label', { timeout: 120_000 }, (subject) => {
  let db: Engine;
  openForSuite(subject, '', (engine) => {
    db = engine;
  });

  it.each(failing)('reports what checkScript reports: %s', async (name, schema) => {
    for (const batchChars of [64, 100_000]) {
      const { memory, streamed, cancelled } = await both(db, name, schema, batchChars);
      expect(memory.failures.length).toBeGreaterThan(0);
      expect(streamed).toEqual(memory);
      expect(cancelled).toBe(false);
    }
  });

  it.each(clean)('reports no failure where checkScript reports none: %s', async (name, schema) => {
    const { memory, streamed } = await both(db, name, schema, 64);
    expect(memory.failures).toEqual([]);
    expect(memory.counts.ok).toBeGreaterThan(0);
    expect(streamed).toEqual(memory);
  });

  it('says where a parent is inserted later, and that a missing one is inserted nowhere', async () => {
    const later = await both(db, 'orders-before-customers.sql', undefined, 64);
    const found = later.streamed.failures.flatMap((f) => f.parents ?? []);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((p) => p.loadedAt !== null)).toBe(true);
    const missing = await both(db, 'missing-parents.sql', undefined, 64);
    const parents = missing.streamed.failures.flatMap((f) => f.parents ?? []);
    expect(parents.some((p) => p.loadedAt === null)).toBe(true);
  });

  it('finds a parent in a COPY read in pieces, with its row number and line', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => i + 1);
    const text = [
      'create table customers (id int primary key, name text);',
      'create table orders (id int primary key, customer_id int references customers);',
      'insert into orders values (1, 25), (2, 3), (3, 99);',
      'COPY customers (name, id) FROM stdin (format csv, header);',
      'name,id',
      ...rows.map((id) => `"customer ${id}\nover two lines",${id}`),
      '\\.',
    ].join('\n');
    const streamed = await checkStreamed(
      () => chunksOf(text, 7),
      'pieces.sql',
      { open: async () => kept(db), openForRun: async () => kept(db) },
      { batchChars: 64 },
    );
    const memory = await checkScript(db, { text, file: 'pieces.sql' });
    expect(streamed.failures.map(shownCheck)).toEqual(memory.failures.map(shownCheck));
    expect(streamed.failures[0]?.parents?.map((p) => [p.key, p.loadedAt])).toEqual([
      [['25'], { statementIndex: 3, rowNumber: 25, line: 6 + 24 * 2 }],
      [['3'], { statementIndex: 3, rowNumber: 3, line: 6 + 2 * 2 }],
      [['99'], null],
    ]);
  });
});
