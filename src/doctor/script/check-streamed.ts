// `check` for scripts too big to hold in memory (a data-only pg_dump of gigabytes): the schema
// comes from a first stream of the script's DDL, so that COPY data of tables outside every
// cycle can go to the server in pieces; a second stream runs the script in the sandbox (a
// transaction that is rolled back) keeping only its failures; a third one looks for the few
// parent keys the FK failures miss, so that each says where (if anywhere) its parent is
// inserted. The result is what checkScript reports of the same script.

import type { Engine } from '../../engine/engine.js';
import { readCatalog } from '../../engine/introspect.js';
import type { Catalog } from '../../model/catalog.js';
import { findTable } from '../../model/catalog.js';
import { buildFkGraph, type FkGraph } from '../../model/fk-graph.js';
import { scanScript } from '../../sql/split/index.js';
import {
  type CheckedFailure,
  failedForeignKey,
  missingKeys,
  parentKeyText,
  type ScriptInput,
  withLookups,
} from './check-script.js';
import type { ScriptFailure } from './failure.js';
import { loadSchema, type SchemaProblem } from './load-schema.js';
import type { OutcomeCounts } from './outcome.js';
import { resolveTable } from './plan/resolve-table.js';
import { runStatementStream } from './run-stream.js';
import { tablesKeptInMemory } from './spill/spill-runs.js';
import { streamedCatalog, withEngine } from './streamed-catalog.js';
import { streamedLoadedKeys, type WantedKeys } from './streamed-loaded-keys.js';

export interface StreamedCheckSandboxes {
  /** For the schema: short-lived. */
  open: () => Promise<Engine>;
  /** For the run: the user's server, or an embedded one that can hold the data (on disk). */
  openForRun: () => Promise<Engine>;
}

export interface StreamedCheckOptions {
  schema?: ScriptInput;
  /** At most this many failing rows listed per failed statement (default 1000). */
  rowLimit?: number;
  signal?: AbortSignal;
  /** About this much script text is run per batch (run-stream.ts), and read per COPY piece. */
  batchChars?: number;
}

export interface StreamedCheck {
  failures: CheckedFailure[];
  schemaProblems: SchemaProblem[];
  /** How many statements the script has, and how their runs went. */
  statements: number;
  counts: OutcomeCounts;
  /** The schema as the script leaves it (read before the rollback). */
  catalog: Catalog;
  graph: FkGraph;
  cancelled: boolean;
}

/** `read()` gives a new stream of the script's text each time: it is read up to three times. */
export async function checkStreamed(
  read: () => AsyncIterable<string>,
  file: string | null,
  sandboxes: StreamedCheckSandboxes,
  options: StreamedCheckOptions = {},
): Promise<StreamedCheck> {
  const ddlGraph = buildFkGraph(await streamedCatalog(read(), sandboxes.open, options.schema));
  const kept = tablesKeptInMemory(ddlGraph);
  const run = await withEngine(await sandboxes.openForRun(), (engine) =>
    engine.transaction(
      async (tx) => {
        // fkdoctor opens a user's server read-only; this transaction is rolled back.
        await tx.exec('SET TRANSACTION READ WRITE');
        const schema = options.schema;
        const schemaLoad = schema
          ? await loadSchema(tx, schema.text, scanScript(schema.text).statements)
          : null;
        const streamed = await runStatementStream(tx, read(), {
          file,
          ...(options.rowLimit !== undefined ? { rowLimit: options.rowLimit } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.batchChars !== undefined ? { batchChars: options.batchChars } : {}),
          // Rows of a table outside every cycle need nothing of each other: its COPY data
          // can go in pieces.
          copyInPieces: (target) => {
            const table = resolveTable(ddlGraph, target);
            return table !== null && !kept.has(table);
          },
        });
        return { streamed, catalog: await readCatalog(tx), problems: schemaLoad?.problems ?? [] };
      },
      { rollback: true },
    ),
  );
  const graph = buildFkGraph(run.catalog);
  const failures = await withStreamedParents(
    read,
    run.streamed.failures,
    run.catalog,
    graph,
    options.batchChars,
  );
  return {
    failures,
    schemaProblems: run.problems,
    statements: run.streamed.statements,
    counts: run.streamed.counts,
    catalog: run.catalog,
    graph,
    cancelled: run.streamed.cancelled,
  };
}

/**
 * The failures with, for each key an FK failure is missing, where the script inserts that
 * parent: what withParents gives in memory, from one more stream of the script (none when no
 * failure is missing a parent).
 */
export async function withStreamedParents(
  read: () => AsyncIterable<string>,
  failures: ScriptFailure[],
  catalog: Catalog,
  graph: FkGraph,
  pieceChars: number | undefined,
): Promise<CheckedFailure[]> {
  const groups = new Map<string, WantedKeys & { keys: Set<string> }>();
  const asked = failures.map((failure) => {
    if (failure.kind !== 'foreign-key' || failure.violation?.kind !== 'missing-parent') return null;
    const fk = failedForeignKey(catalog, failure);
    const parent = fk ? findTable(catalog, fk.referencedTable) : undefined;
    if (!fk || !parent) return null;
    const tableKey = `${parent.schema}.${parent.name}`;
    const id = JSON.stringify([tableKey, fk.referencedColumns]);
    let group = groups.get(id);
    if (!group) {
      group = { tableKey, table: parent, columns: fk.referencedColumns, keys: new Set() };
      groups.set(id, group);
    }
    for (const { key } of missingKeys(failure, fk)) {
      const text = parentKeyText(parent, fk, key);
      if (text !== null) group.keys.add(text);
    }
    return { fk, parent, group };
  });
  if (groups.size === 0) return failures;
  const found = await streamedLoadedKeys(read(), graph, [...groups.values()], pieceChars);
  return failures.map((failure, i) => {
    const lookup = asked[i];
    if (!lookup) return failure;
    const loaded = found.get(lookup.group)!;
    return withLookups(failure, lookup.fk, (key) => {
      const text = parentKeyText(lookup.parent, lookup.fk, key);
      return text === null ? null : (loaded.get(text) ?? null);
    });
  });
}
