// What fix does about parents no statement of the script inserts, in rounds: write the script,
// run it in the sandbox, read the rows whose parent is inserted nowhere, decide (placeholder
// parents, or rows to quarantine with their descendants), and go again until a run shows no new
// such row. The last run is always of the script as it will be printed: fix never calls a
// script fixed that it has not run. With 'report' there is one round, and nothing is decided.

import type { Catalog, QualifiedName } from '../../../model/catalog.js';
import { dependencyLevels, type FkGraph } from '../../../model/fk-graph.js';
import type { ScriptStatement, Span } from '../../../model/script.js';
import type { CheckedFailure, CheckResult, ScriptInput } from '../check-script.js';
import type { FixPlan } from '../plan/fix-plan.js';
import type { Rewrites } from '../plan/null-then-update.js';
import { writeFixedScript } from '../plan/write-script.js';
import { type StatementRows, statementRows } from '../statement-rows.js';
import { type MapContext, type MappedRow, type MapRefusal, mapParents } from './map-parents.js';
import { withMappedRows } from './map-rewrites.js';
import {
  type MissingParentRow,
  type MissingParentsMode,
  missingParentRows,
} from './missing-parent-rows.js';
import { type PlaceholderInsert, placeholderInserts } from './placeholders.js';
import { quarantineScript } from './quarantine-file.js';
import { type QuarantinedRow, QuarantineSelection } from './quarantine-selection.js';
import { withoutRows } from './remove-rows.js';
import {
  type UserPlace,
  unchangedScript,
  userPlace,
  type WrittenScript,
} from './written-script.js';

/** Enough for descendants the text cannot show, a few levels deep; each round is a sandbox run. */
const maxRounds = 8;

export interface MissingParentRefusal {
  option: 'placeholder' | 'quarantine' | 'map';
  table: QualifiedName;
  reason: string;
  /** The rows of the user's script it leaves as they are. */
  places: { statementIndex: number; rowNumber: number | null; line: number }[];
}

/** A failure of the last run that the first run did not have: what a decision broke. */
export interface NewFailure {
  failure: CheckedFailure;
  /** Where in the user's script; null for a statement fix added (a placeholder INSERT). */
  place: UserPlace | null;
}

export interface Quarantine {
  /** The quarantine file: a psql script loading the rows once their parents exist. */
  text: string;
  rows: QuarantinedRow[];
}

export interface MissingParentsOutcome {
  /** The script as written in the last round; null when nothing changed. */
  fixed: string | null;
  /** The sandbox run of it. */
  after: CheckResult;
  written: WrittenScript;
  /** Every row found whose parent key no statement inserts (with 'report': of the first run). */
  rows: MissingParentRow[];
  placeholders: PlaceholderInsert[];
  quarantine: Quarantine | null;
  /** With 'map': the rows given an existing parent's key. */
  mapped: MappedRow[];
  refused: MissingParentRefusal[];
  newFailures: NewFailure[];
  /** Sandbox runs made. */
  rounds: number;
  /** The last run still found new rows, but fix had made as many rounds as it makes. */
  exhausted: boolean;
}

export interface MissingParentsInput {
  script: ScriptInput;
  statements: ScriptStatement[];
  trailing: Span;
  plan: FixPlan;
  /** What planning rewrote already (a cycle's references loaded as NULL). */
  rewrites: Rewrites;
  catalog: Catalog;
  graph: FkGraph;
  mode: MissingParentsMode;
  /** How the fixed script's comments name the quarantine file. */
  quarantineName: string;
  /** With 'map': the natural keys named by the user, and how to query the database. */
  map?: Pick<MapContext, 'mapBy' | 'query'>;
  verify: (text: string) => Promise<CheckResult>;
}

function withPlaceholders(base: Rewrites, inserts: readonly PlaceholderInsert[]): Rewrites {
  const before = new Map(base.before ?? []);
  for (const insert of inserts) {
    before.set(insert.before, [...(before.get(insert.before) ?? []), insert.sql]);
  }
  return { ...base, before };
}

const rowKey = (row: MissingParentRow) =>
  `${row.statementIndex}:${row.rowNumber}:${row.constraint}:${row.key.join('\0')}`;

const failureKey = (failure: CheckedFailure, place: UserPlace | null) =>
  `${place?.statementIndex ?? 'added'}|${failure.sqlstate}|${failure.constraint ?? ''}`;

export async function resolveMissingParents(
  input: MissingParentsInput,
): Promise<MissingParentsOutcome> {
  const { script, statements, plan, catalog, graph, mode } = input;
  const rowCache = new Map<number, StatementRows | null>();
  const rowsOf = (index: number) => {
    if (!rowCache.has(index)) rowCache.set(index, statementRows(script.text, statements[index]!));
    return rowCache.get(index)!;
  };
  const user = { statements, rowsOf };
  const selection =
    mode === 'quarantine'
      ? new QuarantineSelection(
          statements,
          catalog,
          graph,
          rowsOf,
          new Set(input.rewrites.pieceRows?.keys() ?? []),
        )
      : null;
  const found: MissingParentRow[] = [];
  const seen = new Set<string>();
  let placeholders: ReturnType<typeof placeholderInserts> = { inserts: [], refused: [] };
  let baseline: Set<string> | null = null;
  const mapped: MappedRow[] = [];
  const mapRefused: MapRefusal[] = [];

  for (let round = 1; ; round++) {
    let rewrites = withPlaceholders(input.rewrites, placeholders.inserts);
    const kept = selection?.keptRows() ?? new Map<number, number[]>();
    if (kept.size > 0) {
      rewrites = withoutRows(script.text, statements, rewrites, kept, input.quarantineName);
    }
    if (mapped.length > 0) {
      rewrites = withMappedRows(script.text, statements, catalog, rewrites, mapped, rowsOf);
    }
    const changed =
      plan.changed || placeholders.inserts.length > 0 || kept.size > 0 || mapped.length > 0;
    let written: WrittenScript;
    if (changed) {
      const origins = new Map<number, number>();
      const rowsAt = new Map<number, number[]>();
      const text = writeFixedScript(
        script.text,
        statements,
        input.trailing,
        plan,
        rewrites,
        origins,
        rowsAt,
      );
      written = { text, origins, keptRows: kept, rowsAt };
    } else {
      written = unchangedScript(script.text, statements);
    }
    const after = await input.verify(written.text);
    const placeOf = (failure: CheckedFailure) =>
      userPlace(written, after, failure.statementIndex, null, user);
    baseline ??= new Set(after.failures.map((f) => failureKey(f, placeOf(f))));

    const fresh: MissingParentRow[] = [];
    // Parent rows the script inserts that did not land: mapped with 'map', reported with 'report'.
    const scan = missingParentRows(after, catalog, written, user, {
      lost: mode === 'map' || mode === 'report',
    });
    // map: a row whose parent row in the script did not load because that row's statement failed
    // on a foreign key itself may load once that is mapped: it waits while others are mapped.
    const waiting: MissingParentRow[] = [];
    const take = (row: MissingParentRow) => {
      seen.add(rowKey(row));
      found.push(row);
      fresh.push(row);
    };
    for (const row of scan.rows) {
      if (seen.has(rowKey(row))) continue;
      // Its parent row fails on a foreign key of its own: fixing that one fixes this one.
      if (mode === 'report' && row.parentRowFailedOnForeignKey) continue;
      if (mode === 'map' && row.parentRowFailedOnForeignKey) waiting.push(row);
      else take(row);
    }
    const exhausted = fresh.length + waiting.length > 0 && round >= maxRounds;
    let progress = false;
    if (mode !== 'report' && fresh.length > 0 && !exhausted) {
      if (mode === 'placeholder') {
        const keys = placeholders.inserts.reduce((n, p) => n + p.keys.length, 0);
        placeholders = placeholderInserts(found, catalog, plan.order, script.file);
        progress = placeholders.inserts.reduce((n, p) => n + p.keys.length, 0) > keys;
      } else if (selection) {
        progress = selection.add(fresh) > 0;
      }
    }
    if (mode === 'map' && !exhausted) {
      const decide = async (rows: MissingParentRow[]) => {
        if (rows.length === 0) return false;
        if (!input.map) {
          for (const row of rows) {
            mapRefused.push({ row, reason: 'no database to look existing parents up in' });
          }
          return false;
        }
        const decided = await mapParents(rows, {
          ...input.map,
          catalog,
          graph,
          statements,
          rowsOf,
          split: new Set(input.rewrites.pieceRows?.keys() ?? []),
        });
        mapped.push(...decided.mapped);
        mapRefused.push(...decided.refused);
        return decided.mapped.length > 0;
      };
      progress = await decide(fresh);
      if (!progress && waiting.length > 0) {
        // Nothing else moved: the waiting rows are decided (and refused with their reason).
        const rows = [...waiting];
        for (const row of rows) take(row);
        progress = await decide(rows);
      }
    }
    if (progress) continue;

    const newFailures = after.failures
      .map((failure) => ({ failure, place: placeOf(failure) }))
      .filter(
        ({ failure, place }) =>
          (failure.kind !== 'foreign-key' || place === null) &&
          !baseline!.has(failureKey(failure, place)),
      );
    return {
      fixed: changed ? written.text : null,
      after,
      written,
      rows: found,
      placeholders: placeholders.inserts,
      mapped,
      quarantine:
        selection && selection.rows.size > 0
          ? {
              rows: [...selection.rows.values()],
              text: quarantineScript(
                script.text,
                statements,
                script.file,
                [...selection.rows.values()],
                dependencyLevels(graph),
                plan.order,
              ),
            }
          : null,
      refused: [
        ...placeholders.refused.map((r) => ({
          option: 'placeholder' as const,
          table: r.table,
          reason: r.reason,
          places: r.rows.map(({ statementIndex, rowNumber, line }) => ({
            statementIndex,
            rowNumber,
            line,
          })),
        })),
        ...[...mapRefused]
          .sort((a, b) => a.row.line - b.row.line)
          .map(({ row, reason }) => ({
            option: 'map' as const,
            table: row.parentTable,
            reason,
            places: [
              { statementIndex: row.statementIndex, rowNumber: row.rowNumber, line: row.line },
            ],
          })),
        ...(selection?.refused ?? []).map((r) => ({
          option: 'quarantine' as const,
          table: r.table,
          reason: r.reason,
          places: [{ statementIndex: r.statementIndex, rowNumber: r.rowNumber, line: r.line }],
        })),
      ],
      newFailures,
      rounds: round,
      exhausted: mode !== 'report' && exhausted,
    };
  }
}
