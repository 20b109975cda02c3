// The rows of the user's script whose parent key no statement of the script inserts, read from
// a sandbox run of the script as fix wrote it: every failing row of every foreign key (not only
// the constraint the server named first), traced back to the user's statement, row and line.
// Rows whose parent the script does load are left out: those are order problems (or a parent
// whose own statement failed), not missing parents. A failing statement without rows of its
// own (ALTER TABLE ... ADD FOREIGN KEY, an UPDATE fix added) gives the rows that carry the key.

import type { Catalog, ForeignKey, QualifiedName } from '../../../model/catalog.js';
import type { ScriptStatement } from '../../../model/script.js';
import {
  type CheckedFailure,
  type CheckResult,
  failedForeignKey,
  parentKeyLookup,
} from '../check-script.js';
import type { LoadedKey } from '../loaded-keys.js';
import { resolveTable } from '../plan/resolve-table.js';
import type { StatementRows } from '../statement-rows.js';
import { type OrphanRow, orphansByKey } from './orphans-by-key.js';
import { type UserPlace, userPlace, type WrittenScript } from './written-script.js';

export type MissingParentsMode = 'report' | 'placeholder' | 'quarantine' | 'map';

/** A row of the user's script whose parent key no statement of the script inserts. */
export interface MissingParentRow {
  /** The user's statement. */
  statementIndex: number;
  /** The row in it (1-based); null when the statement has no literal rows (ALTER TABLE ...). */
  rowNumber: number | null;
  /** 1-based line in the user's script. */
  line: number;
  constraint: string;
  /** The referencing table and columns. */
  table: QualifiedName;
  columns: string[];
  /** The referenced table and columns, and the key no statement inserts (as the server prints it). */
  parentTable: QualifiedName;
  parentColumns: string[];
  key: string[];
  /**
   * With `lost`: the script's own row that inserts this key before the row needing it, but did
   * not land (ON CONFLICT DO NOTHING met an existing row, or its statement failed).
   */
  parentRow?: UserPlace | null;
  /** That parent row's statement failed on a foreign key itself (it may load once that is fixed). */
  parentRowFailedOnForeignKey?: boolean;
}

export interface MissingParentScan {
  rows: MissingParentRow[];
  /** Failures in statements fix added itself (a placeholder that needs a parent of its own). */
  inAddedStatements: CheckedFailure[];
}

interface Candidate {
  statementIndex: number;
  rowNumber: number | null;
  constraint: string;
  key: (string | null)[];
}

function candidates(run: CheckResult, schema: Catalog, failure: CheckedFailure): Candidate[] {
  if (failure.rows?.length) return failure.rows;
  const fk = failedForeignKey(run.catalog, failure) ?? failedForeignKey(schema, failure);
  const keys = failure.violation?.keyValues ?? [];
  if (!fk || keys.length === 0) return [];
  return [
    { statementIndex: failure.statementIndex, rowNumber: null, constraint: fk.name, key: keys },
  ];
}

/** The FK a failing row names, on the table its statement writes. */
function foreignKeyOf(
  run: CheckResult,
  schema: Catalog,
  statement: ScriptStatement | undefined,
  constraint: string,
): ForeignKey | null {
  let named = run.catalog.foreignKeys.filter((fk) => fk.name === constraint);
  if (named.length === 0) named = schema.foreignKeys.filter((fk) => fk.name === constraint);
  const target = statement?.target ? resolveTable(run.graph, statement.target) : null;
  return named.find((fk) => `${fk.table.schema}.${fk.table.name}` === target) ?? named[0] ?? null;
}

/**
 * `schema` is the catalog fix planned with: an ALTER TABLE ... ADD FOREIGN KEY that failed has
 * left no trace of its FK in the run's own catalog.
 */
export function missingParentRows(
  run: CheckResult,
  schema: Catalog,
  written: WrittenScript,
  user: {
    statements: readonly ScriptStatement[];
    rowsOf: (index: number) => StatementRows | null;
  },
  options: { lost?: boolean } = {},
): MissingParentScan {
  const rows: MissingParentRow[] = [];
  const inAddedStatements: CheckedFailure[] = [];
  const seen = new Set<string>();
  const lookups = new Map<ForeignKey, ((key: (string | null)[]) => LoadedKey | null) | null>();
  const orphans = new Map<ForeignKey, OrphanRow[]>();
  for (const failure of run.failures) {
    if (failure.kind !== 'foreign-key' || failure.violation?.kind !== 'missing-parent') continue;
    let added = false;
    for (const candidate of candidates(run, schema, failure)) {
      // A key with a NULL has no parent to find: MATCH FULL's problem, not a missing row.
      if (candidate.key.some((part) => part === null)) continue;
      const statement = run.statements[candidate.statementIndex];
      const fk = foreignKeyOf(run, schema, statement, candidate.constraint);
      if (!fk) continue;
      if (!lookups.has(fk)) {
        lookups.set(fk, parentKeyLookup(run.text, run.statements, run.catalog, run.graph, fk));
      }
      const lookup = lookups.get(fk);
      if (!lookup) continue;
      const loaded = lookup(candidate.key);
      // A parent the script loads before this row, yet not there: lost (with options.lost).
      const lost =
        loaded !== null &&
        options.lost === true &&
        candidate.rowNumber !== null &&
        loaded.statementIndex < candidate.statementIndex;
      if (loaded !== null && !lost) continue;
      const place = userPlace(written, run, candidate.statementIndex, candidate.rowNumber, user);
      // A statement without rows of its own: the rows are where the script loads them.
      if (place?.rowNumber == null && !orphans.has(fk)) {
        orphans.set(fk, orphansByKey(fk, lookup, run.catalog, run.graph, written, user));
      }
      const places: (UserPlace & { key: string[] })[] =
        place?.rowNumber == null
          ? [...orphans.get(fk)!]
          : [{ ...place, key: candidate.key as string[] }];
      if (places.length === 0 && place) places.push({ ...place, key: candidate.key as string[] });
      if (places.length === 0) added = true;
      for (const found of places) {
        const id = `${found.statementIndex}:${found.rowNumber}:${fk.name}:${JSON.stringify(found.key)}`;
        if (seen.has(id)) continue;
        seen.add(id);
        rows.push({
          statementIndex: found.statementIndex,
          rowNumber: found.rowNumber,
          line: found.line,
          constraint: fk.name,
          table: fk.table,
          columns: fk.columns,
          parentTable: fk.referencedTable,
          parentColumns: fk.referencedColumns,
          key: found.key,
          ...(lost && loaded
            ? {
                parentRow: userPlace(written, run, loaded.statementIndex, loaded.rowNumber, user),
                parentRowFailedOnForeignKey: run.failures.some(
                  (f) => f.statementIndex === loaded.statementIndex && f.kind === 'foreign-key',
                ),
              }
            : {}),
        });
      }
    }
    if (added) inAddedStatements.push(failure);
  }
  return { rows, inAddedStatements };
}
