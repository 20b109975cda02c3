// A finding: one problem found in a database's foreign-key setup, by audit, drift or another
// whole-database check. Plain data, so every renderer (text, JSON, Markdown, SARIF) reads it.

export type Severity = 'error' | 'warning' | 'info';

/** Most severe first: the order reports sort by and `--fail-on` compares with. */
export const severities: readonly Severity[] = ['error', 'warning', 'info'];

export interface Finding {
  /** The id of the check that found it, e.g. `fk-missing-index`. */
  check: string;
  severity: Severity;
  /** Schema-qualified table the finding is about (`app.orders`), as printed by quoteQualified. */
  table: string;
  /** The constraint it is about, when there is one. */
  constraint: string | null;
  /** Every table involved when there are several (a cycle, two FKs), in a stable order. */
  tables?: string[];
  /** Every constraint involved when there are several. */
  constraints?: string[];
  /** One or two sentences a user can act on. */
  message: string;
  /** SQL that fixes it, ready to run (or to review first when it changes data); null if none. */
  fix: string | null;
  /** Check-specific facts (e.g. `orphanCount`, `sampleKeys`, `rows`), all JSON-safe. */
  details?: Record<string, unknown>;
}

/** How much a severity weighs: 0 for error, 2 for info. */
export function severityRank(severity: Severity): number {
  return severities.indexOf(severity);
}

/** True when `severity` is at or above `threshold` (error >= warning >= info). */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/** Findings ranked by impact: severity, then check, table and constraint (byte order). */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      compare(a.check, b.check) ||
      compare(a.table, b.table) ||
      compare(a.constraint ?? '', b.constraint ?? ''),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
