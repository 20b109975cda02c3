// fkdoctor check: run a script in a sandbox (PGlite, or a transaction on the user's server that
// is always rolled back) and report every failure, each FK failure with the rows that break it
// and where in the script (if anywhere) the missing parent key is loaded.

import type { Engine } from '../../engine/engine.js';
import { readCatalog } from '../../engine/introspect.js';
import type { Catalog, ForeignKey, Table } from '../../model/catalog.js';
import { findTable } from '../../model/catalog.js';
import { buildFkGraph, type FkGraph } from '../../model/fk-graph.js';
import type { ScriptStatement, Span } from '../../model/script.js';
import { normaliseKeyText } from '../../sql/rows/key-text.js';
import { scanScript } from '../../sql/split/index.js';
import { type ScriptFailure, scriptFailures } from './failure.js';
import { loadSchema, type SchemaProblem } from './load-schema.js';
import { type LoadedKey, type LoadedKeys, loadedKeys } from './loaded-keys.js';
import type { StatementOutcome } from './outcome.js';
import { resolveTable } from './plan/resolve-table.js';
import { runStatements } from './run-statements.js';

export interface ScriptInput {
  text: string;
  /** The file name to report (file:line), or null for stdin. */
  file: string | null;
}

export interface ParentLookup {
  /** The row of the failure (1-based in its statement), or null for a statement-level key. */
  rowNumber: number | null;
  key: (string | null)[];
  /** Where the script loads that parent key, or null when it never does. */
  loadedAt: LoadedKey | null;
}

export interface CheckedFailure extends ScriptFailure {
  /** For an FK failure: for each failing key, where its parent is loaded in the script. */
  parents?: ParentLookup[];
}

export interface CheckResult {
  text: string;
  statements: ScriptStatement[];
  trailing: Span;
  outcomes: StatementOutcome[];
  failures: CheckedFailure[];
  /** The schema as the script leaves it (read before the rollback). */
  catalog: Catalog;
  graph: FkGraph;
  schemaProblems: SchemaProblem[];
}

export interface CheckOptions {
  schema?: ScriptInput;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** At most this many failing rows listed per failed statement (default 1000). */
  rowLimit?: number;
}

export async function checkScript(
  engine: Engine,
  script: ScriptInput,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const { statements, trailing } = scanScript(script.text);
  const schema = options.schema ? { ...options.schema, ...scanScript(options.schema.text) } : null;
  const run = await engine.transaction(
    async (tx) => {
      // fkdoctor opens a user's server read-only; this transaction is rolled back, so it may write.
      await tx.exec('SET TRANSACTION READ WRITE');
      const schemaLoad = schema ? await loadSchema(tx, schema.text, schema.statements) : null;
      const outcomes = await runStatements(tx, script.text, statements, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.rowLimit !== undefined ? { rowLimit: options.rowLimit } : {}),
      });
      return { outcomes, catalog: await readCatalog(tx), problems: schemaLoad?.problems ?? [] };
    },
    { rollback: true },
  );
  const graph = buildFkGraph(run.catalog);
  const failures = scriptFailures(script.text, statements, run.outcomes, {
    ...(script.file ? { file: script.file } : {}),
  }).map((failure) => withParents(failure, script.text, statements, run.catalog, graph));
  return {
    text: script.text,
    statements,
    trailing,
    outcomes: run.outcomes,
    failures,
    catalog: run.catalog,
    graph,
    schemaProblems: run.problems,
  };
}

/** The constraint a failure names, on the table the server named (or the statement's target). */
export function failedForeignKey(catalog: Catalog, failure: ScriptFailure): ForeignKey | null {
  const name = failure.constraint ?? failure.violation?.constraint ?? null;
  if (!name) return null;
  const candidates = catalog.foreignKeys.filter((fk) => fk.name === name);
  const table = failure.violation?.table;
  return candidates.find((fk) => fk.table.name === table) ?? candidates[0] ?? null;
}

/**
 * Where the script loads each parent key of `fk` (by literal rows), as a lookup from the key as
 * the server printed it; null when the catalog does not have the FK's tables.
 */
export function parentKeyLookup(
  text: string,
  statements: ScriptStatement[],
  catalog: Catalog,
  graph: FkGraph,
  fk: ForeignKey,
): ((key: (string | null)[]) => LoadedKey | null) | null {
  const parent = findTable(catalog, fk.referencedTable);
  if (!parent) return null;
  const loaders = statements
    .filter((s) => (s.kind === 'insert' || s.kind === 'copy') && s.target)
    .filter((s) => {
      const key = resolveTable(graph, s.target!);
      return key !== null && key === `${parent.schema}.${parent.name}`;
    })
    .map((s) => s.index);
  const index: LoadedKeys = loadedKeys(text, statements, loaders, parent, fk.referencedColumns);
  return (key) => {
    const text = parentKeyText(parent, fk, key);
    return text === null ? null : (index.keys.get(text) ?? null);
  };
}

/**
 * A missing parent key as the server printed it, in the form loadedKeys() indexes the parent's
 * rows by (keyText); null when a part is NULL or names no column of the parent.
 */
export function parentKeyText(
  parent: Table,
  fk: ForeignKey,
  key: readonly (string | null)[],
): string | null {
  const parts = key.map((value, i) => {
    const column = parent.columns.find((c) => c.name === fk.referencedColumns[i]);
    return value === null || !column ? null : normaliseKeyText(value, column);
  });
  return parts.some((p) => p === null) ? null : JSON.stringify(parts);
}

/** The keys an FK failure is missing: every failing row's, or the DETAIL's for a single row. */
export function missingKeys(
  failure: ScriptFailure,
  fk: ForeignKey,
): { rowNumber: number | null; key: (string | null)[] }[] {
  return failure.rows?.length
    ? failure.rows
        .filter((row) => row.constraint === fk.name)
        .map((row) => ({ rowNumber: row.rowNumber, key: row.key }))
    : (failure.violation?.keyValues.length ?? 0) > 0
      ? [{ rowNumber: null, key: failure.violation!.keyValues }]
      : [];
}

/**
 * The failure with, for each key it is missing (every failing row's, or the DETAIL's for a
 * single-row statement), where `lookup` finds that parent loaded.
 */
export function withLookups<Found extends LoadedKey>(
  failure: ScriptFailure,
  fk: ForeignKey,
  lookup: (key: (string | null)[]) => Found | null,
): ScriptFailure & { parents: (ParentLookup & { loadedAt: Found | null })[] } {
  return {
    ...failure,
    parents: missingKeys(failure, fk).map(({ rowNumber, key }) => ({
      rowNumber,
      key,
      loadedAt: lookup(key),
    })),
  };
}

function withParents(
  failure: ScriptFailure,
  text: string,
  statements: ScriptStatement[],
  catalog: Catalog,
  graph: FkGraph,
): CheckedFailure {
  if (failure.kind !== 'foreign-key' || failure.violation?.kind !== 'missing-parent')
    return failure;
  const fk = failedForeignKey(catalog, failure);
  const lookup = fk ? parentKeyLookup(text, statements, catalog, graph, fk) : null;
  if (!fk || !lookup) return failure;
  return withLookups(failure, fk, lookup);
}
