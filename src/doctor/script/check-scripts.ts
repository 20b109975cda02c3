// fkdoctor check on several scripts run one after another, as a migration tool runs a folder of
// migrations: one sandbox transaction (always rolled back), each script's statements run as
// checkScript runs them, each failure named by its own file and line. A missing parent key is
// looked for in every script, so the report can say that a later file inserts it.

import type { Engine } from '../../engine/engine.js';
import { DatabaseUnavailableError, firstLine } from '../../engine/errors.js';
import { readCatalog } from '../../engine/introspect.js';
import type { Catalog, ForeignKey, Table } from '../../model/catalog.js';
import { findTable } from '../../model/catalog.js';
import { buildFkGraph, type FkGraph } from '../../model/fk-graph.js';
import type { ScriptStatement, Span } from '../../model/script.js';
import { normaliseKeyText } from '../../sql/rows/key-text.js';
import {
  type CheckedFailure,
  type CheckOptions,
  failedForeignKey,
  type ParentLookup,
  type ScriptInput,
  withLookups,
} from './check-script.js';
import { type ScriptFailure, scriptFailures } from './failure.js';
import { loadSchema, type SchemaProblem } from './load-schema.js';
import { type LoadedKey, loadedKeys } from './loaded-keys.js';
import type { StatementOutcome } from './outcome.js';
import { resolveTable } from './plan/resolve-table.js';
import { runStatements } from './run-statements.js';
import { scanInput } from './scan-input.js';

export interface ScriptRun {
  file: string | null;
  text: string;
  statements: ScriptStatement[];
  trailing: Span;
  outcomes: StatementOutcome[];
}

/** Where a parent key is loaded, in which of the scripts. */
export interface LoadedKeyIn extends LoadedKey {
  file: string | null;
}

export interface ScriptsFailure extends CheckedFailure {
  parents?: (ParentLookup & { loadedAt: LoadedKeyIn | null })[];
}

export interface CheckScriptsResult {
  scripts: ScriptRun[];
  /** Every failure in run order; `file` and `line` name its script. */
  failures: ScriptsFailure[];
  /** The schema as the last script leaves it (read before the rollback). */
  catalog: Catalog;
  graph: FkGraph;
  schemaProblems: SchemaProblem[];
}

export async function checkScripts(
  engine: Engine,
  scripts: ScriptInput[],
  options: CheckOptions = {},
): Promise<CheckScriptsResult> {
  // Every script is split before any runs: a syntax error in the last one runs nothing.
  const scanned = scripts.map((script) => ({ ...script, ...scanInput(script) }));
  const schema = options.schema ? { ...options.schema, ...scanInput(options.schema) } : null;
  const total = scanned.reduce((n, s) => n + s.statements.length, 0);
  const run = await engine.transaction(
    async (tx) => {
      // fkdoctor opens a user's server read-only; this transaction is rolled back, so it may write.
      await tx.exec('SET TRANSACTION READ WRITE').catch((error: unknown) => {
        throw new DatabaseUnavailableError(
          `the sandbox needs a transaction that can write (it is always rolled back): ${firstLine(error)}`,
          { cause: error },
        );
      });
      const schemaLoad = schema ? await loadSchema(tx, schema.text, schema.statements) : null;
      const outcomes: StatementOutcome[][] = [];
      let done = 0;
      for (const script of scanned) {
        outcomes.push(
          await runStatements(tx, script.text, script.statements, {
            ...(options.signal ? { signal: options.signal } : {}),
            onProgress: (n) => options.onProgress?.(done + n, total),
          }),
        );
        done += script.statements.length;
      }
      return { outcomes, catalog: await readCatalog(tx), problems: schemaLoad?.problems ?? [] };
    },
    { rollback: true },
  );
  const graph = buildFkGraph(run.catalog);
  const runs: ScriptRun[] = scanned.map((s, i) => ({
    file: s.file,
    text: s.text,
    statements: s.statements,
    trailing: s.trailing,
    outcomes: run.outcomes[i]!,
  }));
  const cache: ParentIndexes = new Map();
  const failures = runs.flatMap((r) =>
    scriptFailures(r.text, r.statements, r.outcomes, r.file ? { file: r.file } : {}).map((f) =>
      withParentsIn(f, runs, run.catalog, graph, cache),
    ),
  );
  return { scripts: runs, failures, catalog: run.catalog, graph, schemaProblems: run.problems };
}

/** Per foreign key, the keys of its parent table each script loads. */
type ParentIndexes = Map<ForeignKey, { file: string | null; keys: Map<string, LoadedKey> }[]>;

function withParentsIn(
  failure: ScriptFailure,
  runs: ScriptRun[],
  catalog: Catalog,
  graph: FkGraph,
  cache: ParentIndexes,
): ScriptsFailure {
  if (failure.kind !== 'foreign-key' || failure.violation?.kind !== 'missing-parent')
    return failure;
  const fk = failedForeignKey(catalog, failure);
  const parent = fk ? findTable(catalog, fk.referencedTable) : undefined;
  if (!fk || !parent) return failure;
  const indexes =
    cache.get(fk) ?? runs.map((r) => ({ file: r.file, keys: keysLoaded(r, graph, parent, fk) }));
  cache.set(fk, indexes);
  const lookup = (key: (string | null)[]): LoadedKeyIn | null => {
    const parts = key.map((value, i) => {
      const column = parent.columns.find((c) => c.name === fk.referencedColumns[i]);
      return value === null || !column ? null : normaliseKeyText(value, column);
    });
    if (parts.some((p) => p === null)) return null;
    for (const index of indexes) {
      const found = index.keys.get(JSON.stringify(parts));
      if (found) return { ...found, file: index.file };
    }
    return null;
  };
  return withLookups(failure, fk, lookup);
}

function keysLoaded(run: ScriptRun, graph: FkGraph, parent: Table, fk: ForeignKey) {
  const loaders = run.statements
    .filter((s) => (s.kind === 'insert' || s.kind === 'copy') && s.target)
    .filter((s) => resolveTable(graph, s.target!) === `${parent.schema}.${parent.name}`)
    .map((s) => s.index);
  return loadedKeys(run.text, run.statements, loaders, parent, fk.referencedColumns).keys;
}
