// `fkdoctor check` for a terminal: one block per failing statement, then a summary line.

import type { CheckedFailure, CheckResult } from '../doctor/script/check-script.js';
import type { SchemaProblem } from '../doctor/script/load-schema.js';
import { countOutcomes, type OutcomeCounts } from '../doctor/script/outcome.js';
import type { Style } from './style.js';

function where(file: string | null, line: number): string {
  return `${file ?? 'stdin'}:${line}`;
}

/** A parent found in another script of the run (check-scripts.ts) carries its file. */
function loadedIn(loadedAt: object, file: string | null): string | null {
  return 'file' in loadedAt ? (loadedAt.file as string | null) : file;
}

function keyText(columns: string[], key: (string | null)[]): string {
  return `(${columns.join(', ')})=(${key.map((v) => v ?? 'NULL').join(', ')})`;
}

/** One failure's lines; `file` names its script (a parent loaded elsewhere names its own). */
export function renderFailure(
  failure: CheckedFailure,
  file: string | null,
  style: Style,
): string[] {
  const out: string[] = [];
  const kind = failure.kind === 'foreign-key' ? 'foreign key' : failure.kind;
  out.push(`${style.red('✖')} ${style.bold(where(file, failure.line))}  ${failure.statementText}`);
  out.push(
    `  ${style.yellow(kind)} ${failure.constraint ? `"${failure.constraint}" ` : ''}${style.dim(`(SQLSTATE ${failure.sqlstate})`)}: ${failure.message}`,
  );
  if (failure.detail) out.push(`  ${style.dim(failure.detail)}`);
  if (failure.block) {
    out.push(
      `  ${style.dim(`checked at COMMIT for the transaction that began at ${where(file, failure.block.beginLine)}`)}`,
    );
  }
  const rows = failure.rows ?? [];
  const parents = failure.parents ?? [];
  const shown =
    parents.length > 0
      ? parents
      : rows.map((r) => ({ rowNumber: r.rowNumber, key: r.key, loadedAt: undefined }));
  for (const parent of shown.slice(0, 10)) {
    const row = rows.find((r) => r.rowNumber === parent.rowNumber);
    const label = row
      ? `row ${row.rowNumber} (${where(file, row.line)}) ${keyText(row.columns, row.key)}`
      : `key (${parent.key.join(', ')})`;
    const at =
      parent.loadedAt === undefined
        ? ''
        : parent.loadedAt === null
          ? style.red(' — its parent is inserted nowhere in the script')
          : !('file' in parent.loadedAt) && parent.loadedAt.statementIndex < failure.statementIndex
            ? // Loaded before, yet not there: a row ON CONFLICT DO NOTHING skipped, or whose
              // statement failed. Reordering cannot help; --missing-parents map may.
              style.yellow(
                ` — its parent is inserted earlier, at ${where(file, parent.loadedAt.line)}, yet is not there (ON CONFLICT DO NOTHING skipped it, or its statement failed)`,
              )
            : style.green(
                ` — its parent is inserted later, at ${where(loadedIn(parent.loadedAt, file), parent.loadedAt.line)}`,
              );
    out.push(`  ${label}${at}`);
  }
  const total = failure.rowsTotal ?? rows.length;
  if (total > 10) out.push(`  ${style.dim(`… and ${total - 10} more failing rows`)}`);
  for (const note of failure.notes) out.push(`  ${style.dim(`note: ${note}`)}`);
  return out;
}

/** What the report shows of a check, whether the script was held in memory or streamed. */
export interface CheckReport {
  failures: CheckedFailure[];
  schemaProblems: SchemaProblem[];
  /** How many statements the script has, and how their runs went. */
  statements: number;
  counts: OutcomeCounts;
}

/** The report of a check run in memory. */
export function reportOf(result: CheckResult): CheckReport {
  return {
    failures: result.failures,
    schemaProblems: result.schemaProblems,
    statements: result.statements.length,
    counts: countOutcomes(result.outcomes),
  };
}

export function renderCheckText(result: CheckReport, file: string | null, style: Style): string {
  const out: string[] = [];
  for (const problem of result.schemaProblems) {
    out.push(
      `${style.yellow('!')} schema ${problem.line}: ${problem.statementText}: ${problem.message}`,
    );
  }
  for (const failure of result.failures) out.push(...renderFailure(failure, file, style), '');
  const counts = new Map<string, number>();
  for (const f of result.failures) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  const { ok: ran, skipped } = result.counts;
  const parts = [...counts].map(
    ([kind, n]) => `${n} ${kind === 'foreign-key' ? 'foreign key' : kind}`,
  );
  const fixable = result.failures.some((f) => f.parents?.some((p) => p.loadedAt));
  out.push(
    result.failures.length === 0
      ? style.green(
          `✔ ${result.statements} statement${result.statements === 1 ? '' : 's'}, no failures (${ran} ran, ${skipped} skipped)`,
        )
      : `${style.red(`${result.failures.length} failing statement${result.failures.length === 1 ? '' : 's'}`)} (${parts.join(', ')}); ${ran} ran fine, ${skipped} skipped.${fixable ? ' `fkdoctor fix` can reorder the script.' : ''}`,
  );
  return `${out.join('\n')}\n`;
}
