// What every findings renderer (text, JSON, Markdown, SARIF) takes: the findings of one run of
// audit (or drift), the rules that produced them, and what else the user should know.

import type { Finding, Severity } from '../model/finding.js';
import { quoteIdent } from '../sql/quote.js';

export interface FindingRule {
  id: string;
  title: string;
  severity: Severity;
  rationale: string;
  detection: string;
}

export interface FindingsReport {
  /** The command, e.g. `audit`. */
  command: string;
  /** Where it ran (no password), e.g. `postgresql://app@db/prod`. */
  database: string;
  rules: readonly FindingRule[];
  findings: readonly Finding[];
  silenced: ReadonlyArray<{ finding: Finding; reason: string }>;
  notes: readonly string[];
}

/** `2 errors, 1 warning, 0 info`. */
export function countsBySeverity(findings: readonly Finding[]): string {
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  return `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}, ${count('info')} info`;
}

/** `table`, or `table (constraint name)` when the finding names one, quoted as SQL would. */
export function findingPlace(finding: Finding): string {
  return finding.constraint === null
    ? finding.table
    : `${finding.table} (constraint ${quoteIdent(finding.constraint)})`;
}
