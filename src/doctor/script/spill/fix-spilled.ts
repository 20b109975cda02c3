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
import { buildFkGraph } from '../../../model/fk-graph.js';
import type { ScriptStatement } from '../../../model/script.js';
import { scanScript } from '../../../sql/split/index.js';
import type { CheckedFailure, CheckResult } from '../check-script.js';
import { failedForeignKey } from '../check-script.js';
import { type FixOptions, type FixResult, planFix, type SandboxFactory } from '../fix-script.js';
import { loadSchema } from '../load-schema.js';
import type { MissingParentRow } from '../missing/missing-parent-rows.js';
import { resolveTable } from '../plan/resolve-table.js';
import { writeFixedScript } from '../plan/write-script.js';
import { runStatementStream } from '../run-stream.js';
import { streamedCatalog, withEngine } from '../streamed-catalog.js';
import { fileChunks } from './file-chunks.js';
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

export async function fixSpilled(
  path: string,
  file: string | null,
  sandboxes: SpillSandboxes,
  options: SpilledFixOptions = {},
): Promise<SpilledFix> {
  const directory = await mkdtemp(join(options.tempDirectory ?? tmpdir(), 'fkdoctor-fix-'));
  const dispose = () => rm(directory, { recursive: true, force: true });
  try {
    const catalog = await streamedCatalog(fileChunks(path), sandboxes.open, options.schema);
    const graph = buildFkGraph(catalog);
    const spilled = await spillRuns(fileChunks(path), graph, directory);
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
      failures = run.failures.map((failure) => ({
        ...failure,
        line: userLineOf(outputAnchors, failure.line),
        ...(failure.rows
          ? {
              rows: failure.rows.map((row) => ({
                ...row,
                line: userLineOf(outputAnchors, row.line),
              })),
            }
          : {}),
      }));
    }
    const fkFailures = failures?.filter((f) => f.kind === 'foreign-key') ?? [];
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
      missingParents: fkFailures,
      missingParentRows: fkFailures.flatMap((f) => missingRows(catalog, f)),
      missingParentsMode: 'report',
      placeholders: [],
      quarantine: null,
      mapped: [],
      refused: [],
      newFailures: [],
      rounds: failures === null ? 0 : 1,
      exhausted: false,
      barriers: [],
      verified: failures !== null && fkFailures.length === 0,
    };
    return {
      result,
      skeleton: spilled.skeleton,
      excerpts,
      outputFile,
      runs: spilled.runs.length,
      spilledBytes: spilled.runs.reduce((n, r) => n + r.bytes, 0),
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** The rows of an FK failure left after the fix, as the summary lists missing parents. */
function missingRows(catalog: Catalog, failure: CheckedFailure): MissingParentRow[] {
  const fk = failedForeignKey(catalog, failure);
  if (!fk) return [];
  const row = (
    rowNumber: number | null,
    line: number,
    key: (string | null)[],
  ): MissingParentRow => ({
    statementIndex: failure.statementIndex,
    rowNumber,
    line,
    constraint: fk.name,
    table: fk.table as QualifiedName,
    columns: [...fk.columns],
    parentTable: fk.referencedTable,
    parentColumns: [...fk.referencedColumns],
    key: key.map((k) => k ?? 'NULL'),
  });
  if (failure.rows?.length) {
    return failure.rows
      .filter((r) => r.constraint === fk.name)
      .map((r) => row(r.rowNumber, r.line, r.key));
  }
  const keys = failure.violation?.keyValues ?? [];
  return keys.length > 0 ? [row(null, failure.line, keys)] : [];
}
