// `fix` for scripts too big to hold in memory (a data-only pg_dump of gigabytes): the schema is
// read from a first stream of the file; a second stream spills the runs of plain loads to a
// temp file and keeps a skeleton (spill-runs.ts); the skeleton is planned like any script;
// the output is written with the runs read back in their new place; and it is proven by
// running it, streamed, in the sandbox. Memory holds the skeleton, never the data.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../../engine/engine.js';
import type { Catalog, QualifiedName } from '../../../model/catalog.js';
import { buildFkGraph, type FkGraph } from '../../../model/fk-graph.js';
import type { ScriptStatement } from '../../../model/script.js';
import { scanScript } from '../../../sql/split/index.js';
import type { CheckedFailure, CheckResult } from '../check-script.js';
import { failedForeignKey } from '../check-script.js';
import { withStreamedParents } from '../check-streamed.js';
import { stoppedBySandbox } from '../failure.js';
import { type FixOptions, type FixResult, planFix, type SandboxFactory } from '../fix-script.js';
import { loadSchema } from '../load-schema.js';
import type { LoadedKey } from '../loaded-keys.js';
import type { MissingParentRow } from '../missing/missing-parent-rows.js';
import { resolveTable } from '../plan/resolve-table.js';
import { writeFixedScript } from '../plan/write-script.js';
import { runStatementStream } from '../run-stream.js';
import { streamedCatalog, withEngine } from '../streamed-catalog.js';
import { fileChunks } from './file-chunks.js';
import type { LineAnchor } from './spill-runs.js';
import { spillRuns, tablesKeptInMemory } from './spill-runs.js';
import { userLineOf, writeExpanded } from './write-expanded.js';

export interface SpilledFixOptions
  extends Pick<FixOptions, 'schema' | 'allowSchemaChanges' | 'verify' | 'rowLimit' | 'signal'> {
  /** Where the temp files go (default: the system's temp folder). */
  tempDirectory?: string;
}

export interface SpilledFix {
  /** As fixScript's, with `fixed` null: the script is in `outputFile`. Lines are the user's. */
  result: FixResult;
  /** What was planned: the script with a stand-in statement for each spilled run. */
  skeleton: string;
  /** The first line of the statement each stand-in stands for, by statement index. */
  excerpts: Map<number, string>;
  /** The fixed script (the script's own file when nothing moved), byte order mark included. */
  outputFile: string;
  /** Statements of the user's script (each stand-in counted as the statements of its run). */
  statementCount: number;
  /** Runs spilled and their size in bytes. */
  runs: number;
  spilledBytes: number;
  /** Removes the temp files. */
  dispose(): Promise<void>;
}

export interface SpillSandboxes {
  /** For the schema: short-lived. */
  open: SandboxFactory;
  /** For the proving run: the user's server with --db, else an embedded one in `directory`. */
  openForRun: (directory: string) => Promise<Engine>;
}

/** Counts the statements loading each table, by its name as written (`schema\0name`). */
function loadCounter() {
  const loads = new Map<string, number>();
  const onLoad = (statement: ScriptStatement) => {
    if (!statement.target) return;
    const name = `${statement.target.schema ?? ''}\u0000${statement.target.name}`;
    loads.set(name, (loads.get(name) ?? 0) + 1);
  };
  return { loads, onLoad };
}

/** Statements loading each table of the graph, from the counts by name as written. */
function loadsByTable(graph: FkGraph, loads: Map<string, number>): (table: string) => number {
  const byTable = new Map<string, number>();
  for (const [name, count] of loads) {
    const [schema, table] = name.split('\u0000') as [string, string];
    const key = resolveTable(graph, { schema: schema === '' ? null : schema, name: table });
    // A name the graph cannot place for sure counts for every table it may be.
    const keys =
      key !== null
        ? [key]
        : [...graph.nodes.values()].filter((n) => n.table.name === table).map((n) => n.key);
    for (const k of keys) byTable.set(k, (byTable.get(k) ?? 0) + count);
  }
  return (table) => byTable.get(table) ?? 0;
}

export async function fixSpilled(
  path: string,
  file: string | null,
  sandboxes: SpillSandboxes,
  options: SpilledFixOptions = {},
): Promise<SpilledFix> {
  const directory = await mkdtemp(join(options.tempDirectory ?? tmpdir(), 'fkdoctor-fix-'));
  const dispose = () => rm(directory, { recursive: true, force: true });
  try {
    const { loads, onLoad } = loadCounter();
    const catalog = await streamedCatalog(fileChunks(path), sandboxes.open, options.schema, onLoad);
    const graph = buildFkGraph(catalog);
    const spilled = await spillRuns(fileChunks(path), graph, directory, {
      loadsOf: loadsByTable(graph, loads),
    });
    const planned = await planFix(
      sandboxes.open,
      { text: spilled.skeleton, file },
      { catalog, allowSchemaChanges: options.allowSchemaChanges === true },
    );
    const { plan } = planned;
    const origins = new Map<number, number>();
    const fixed = writeFixedScript(
      spilled.skeleton,
      planned.statements,
      planned.trailing,
      plan,
      planned.rewrites,
      origins,
    );
    // Nothing to move: the output is the script itself, byte for byte.
    const outputFile = plan.changed ? join(directory, 'fixed.sql') : path;
    const outputAnchors = plan.changed
      ? writeExpanded(fixed, origins, planned.statements, spilled, outputFile, {
          bom: spilled.bom,
        }).anchors
      : [{ line: 1, userLine: 1 }];
    const excerpts = new Map<number, string>();
    const statements: ScriptStatement[] = planned.statements.map((s) => {
      const run = spilled.standIns.get(s.span.start);
      if (run) excerpts.set(s.index, run.excerpt);
      const line = run ? run.firstLine : userLineOf(spilled.anchors, s.line);
      return { ...s, line, endLine: line + s.endLine - s.line };
    });
    const kept = tablesKeptInMemory(graph);
    let failures: CheckedFailure[] | null = null;
    let cancelled = false;
    if (options.verify !== false) {
      const engine = await sandboxes.openForRun(join(directory, 'sandbox'));
      const run = await withEngine(engine, (engine) =>
        engine.transaction(
          async (tx) => {
            await tx.exec('SET TRANSACTION READ WRITE');
            if (options.schema) {
              const schema = options.schema;
              await loadSchema(tx, schema.text, scanScript(schema.text).statements);
            }
            return runStatementStream(tx, fileChunks(outputFile), {
              file,
              ...(options.rowLimit !== undefined ? { rowLimit: options.rowLimit } : {}),
              ...(options.signal ? { signal: options.signal } : {}),
              // Rows of a table outside every cycle need nothing of each other: its COPY data
              // can go in pieces.
              copyInPieces: (target) => {
                const table = resolveTable(graph, target);
                return table !== null && !kept.has(table);
              },
            });
          },
          { rollback: true },
        ),
      );
      cancelled = run.cancelled;
      // Where the script inserts each missing parent, if anywhere: one more stream of it.
      const looked = await withStreamedParents(
        () => fileChunks(outputFile),
        run.failures,
        catalog,
        graph,
        undefined,
      );
      failures = looked.map((failure) => inUserLines(failure, outputAnchors));
    }
    const fkFailures = failures?.filter((f) => f.kind === 'foreign-key') ?? [];
    const failedOnForeignKey = new Set(fkFailures.map((f) => f.statementIndex));
    const later = (f: CheckedFailure) =>
      f.parents?.find((p) => p.loadedAt && p.loadedAt.statementIndex > f.statementIndex);
    const result: FixResult = {
      statements,
      plan,
      fixed: null,
      after:
        failures === null
          ? null
          : ({
              // A streamed run keeps neither the text nor the statements: only what failed.
              text: '',
              statements: [],
              trailing: { start: 0, end: 0 },
              outcomes: [],
              failures,
              catalog,
              graph,
              schemaProblems: [],
            } satisfies CheckResult),
      missingParents: fkFailures.filter((f) => f.parents?.some((p) => p.loadedAt === null)),
      missingParentRows: fkFailures
        .filter((f) => !later(f))
        .flatMap((f) => missingRows(catalog, f, failedOnForeignKey)),
      missingParentsMode: 'report',
      placeholders: [],
      quarantine: null,
      mapped: [],
      refused: [],
      newFailures: [],
      remaining: fkFailures.map((failure) => ({
        failure,
        place: { statementIndex: failure.statementIndex, rowNumber: null, line: failure.line },
      })),
      otherFailures: (failures ?? [])
        .filter((f) => f.kind !== 'foreign-key')
        .map((failure) => ({
          failure,
          place: { statementIndex: failure.statementIndex, rowNumber: null, line: failure.line },
        })),
      rounds: failures === null ? 0 : 1,
      exhausted: false,
      // A parent inserted after its child that did not move above it: something in between
      // (DDL, DO, SET...) kept it there; which statement, the streamed run does not keep.
      barriers: fkFailures.flatMap((failure) => {
        const parent = later(failure);
        return parent?.loadedAt
          ? [{ failure, parentLine: parent.loadedAt.line, blockedLine: null, blockedKind: null }]
          : [];
      }),
      verified:
        failures !== null &&
        !cancelled &&
        fkFailures.length === 0 &&
        !failures.some((f) => stoppedBySandbox(f)),
    };
    return {
      result,
      skeleton: spilled.skeleton,
      excerpts,
      outputFile,
      statementCount:
        planned.statements.length + spilled.runs.reduce((n, r) => n + r.statements - 1, 0),
      runs: spilled.runs.length,
      spilledBytes: spilled.runs.reduce((n, r) => n + r.bytes, 0),
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** A failure of the run of the output, on the lines of the user's script. */
function inUserLines(failure: CheckedFailure, anchors: readonly LineAnchor[]): CheckedFailure {
  const line = (at: number) => userLineOf(anchors, at);
  return {
    ...failure,
    line: line(failure.line),
    ...(failure.block
      ? { block: { ...failure.block, beginLine: line(failure.block.beginLine) } }
      : {}),
    ...(failure.rows
      ? { rows: failure.rows.map((row) => ({ ...row, line: line(row.line) })) }
      : {}),
    ...(failure.parents
      ? {
          parents: failure.parents.map((p) => ({
            ...p,
            loadedAt: p.loadedAt ? { ...p.loadedAt, line: line(p.loadedAt.line) } : null,
          })),
        }
      : {}),
  };
}

/**
 * The rows of an FK failure left after the fix, as the summary lists missing parents: inserted
 * nowhere, or inserted before them and not there (`parentRow`: ON CONFLICT DO NOTHING skipped
 * it, or its statement failed).
 */
function missingRows(
  catalog: Catalog,
  failure: CheckedFailure,
  failedOnForeignKey: ReadonlySet<number>,
): MissingParentRow[] {
  const fk = failedForeignKey(catalog, failure);
  if (!fk) return [];
  // A parent whose own statement failed on a foreign key loads once that one is mended: the
  // row is not listed, as fix in memory does not list it.
  const waits = (loadedAt: LoadedKey | null) =>
    loadedAt !== null && failedOnForeignKey.has(loadedAt.statementIndex);
  const row = (
    rowNumber: number | null,
    line: number,
    key: (string | null)[],
  ): MissingParentRow => {
    const parent = loadedAt(rowNumber);
    return {
      statementIndex: failure.statementIndex,
      rowNumber,
      line,
      constraint: fk.name,
      table: fk.table as QualifiedName,
      columns: [...fk.columns],
      parentTable: fk.referencedTable,
      parentColumns: [...fk.referencedColumns],
      key: key.map((k) => k ?? 'NULL'),
      ...(parent ? { parentRow: parent } : {}),
    };
  };
  const loadedAt = (rowNumber: number | null) =>
    failure.parents?.find((p) => p.rowNumber === rowNumber)?.loadedAt ?? null;
  if (failure.rows?.length) {
    return failure.rows
      .filter((r) => r.constraint === fk.name && !waits(loadedAt(r.rowNumber)))
      .map((r) => row(r.rowNumber, r.line, r.key));
  }
  const keys = failure.violation?.keyValues ?? [];
  return keys.length > 0 && !waits(loadedAt(null)) ? [row(null, failure.line, keys)] : [];
}
