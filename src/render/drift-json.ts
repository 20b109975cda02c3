// `fkdoctor drift --json`: `{ "findings": [...] }` (the shared Finding shape) with a format
// marker, the two databases and the counts by severity.

import type { DriftReport } from '../doctor/drift/drift-report.js';

export const driftJsonVersion = 1;

export function renderDriftJson(report: DriftReport): string {
  const { a, b, schemas, counts, findings } = report;
  const document = {
    format: 'fkdoctor-drift',
    version: driftJsonVersion,
    a,
    b,
    schemas,
    counts,
    findings,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
