// Two databases for a drift test: A and B on any two engines (PGlite, PG 15, the embedded
// PG 18), each loaded with its own SQL, with their catalogs, and a way to run a fix script on B.

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { readCatalog } from '../../../src/engine/introspect.js';
import type { Catalog } from '../../../src/model/catalog.js';
import { splitScript, statementText } from '../../../src/sql/split/index.js';
import { type EngineSubject, engineSubjects, type OpenedEngine } from '../../support/engines.js';

export function driftSql(name: string): Promise<string> {
  return readFile(new URL(name, import.meta.url), 'utf8');
}

export interface Side {
  label: string;
  engine: Engine;
  catalog: Catalog;
  url: string | null;
  reread(): Promise<Catalog>;
}

export interface Pair {
  a: Side;
  b: Side;
}

/**
 * Each subject as B, with the next subject as A (pglite/PG 15/PG 18 as A and B in turn, so every
 * engine is compared with another version). [label, A subject, B subject].
 */
export function rotatedPairs(): [string, EngineSubject, EngineSubject][] {
  const subjects = engineSubjects();
  return subjects.map((b, i) => {
    const a = subjects[(i + 1) % subjects.length]!;
    return [`A ${a.label}, B ${b.label}`, a, b];
  });
}

/**
 * Opens A and B for the tests of the enclosing describe, each loaded with its scripts (B's may
 * depend on its major version).
 */
export function openPair(
  subjectA: EngineSubject,
  subjectB: EngineSubject,
  sqlA: (major: number) => Promise<string[]>,
  sqlB: (major: number) => Promise<string[]>,
): () => Pair {
  const opened: OpenedEngine[] = [];
  let pair: Pair | undefined;
  beforeAll(async () => {
    const open = async (subject: EngineSubject, sql: (major: number) => Promise<string[]>) => {
      const handle = await subject.open();
      opened.push(handle);
      const { rows } = await handle.engine.query<{ num: string }>(
        "select current_setting('server_version_num') as num",
      );
      // One exec per script: each commits (deferred checks run) before the next.
      for (const script of await sql(Math.floor(Number(rows[0]!.num) / 10_000))) {
        await handle.engine.exec(script);
      }
      const side: Side = {
        label: subject.label,
        engine: handle.engine,
        catalog: await readCatalog(handle.engine),
        url: handle.url,
        reread: () => readCatalog(handle.engine),
      };
      return side;
    };
    pair = { a: await open(subjectA, sqlA), b: await open(subjectB, sqlB) };
  });
  afterAll(async () => {
    for (const handle of opened) await handle.close();
  });
  return () => {
    if (!pair) throw new Error('the pair is not open');
    return pair;
  };
}

/** Runs a script one statement at a time, as psql would (CREATE INDEX CONCURRENTLY needs that). */
export async function runScript(engine: Engine, script: string): Promise<void> {
  for (const statement of splitScript(script)) {
    await engine.exec(statementText(script, statement));
  }
}
