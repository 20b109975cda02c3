// Findings as JSON: `{ "findings": [...] }` with where it ran and what was silenced.

import type { FindingsReport } from './findings-report.js';

export function renderFindingsJson(report: FindingsReport): string {
  return `${JSON.stringify(
    {
      command: report.command,
      database: report.database,
      checks: report.rules.map((rule) => rule.id),
      findings: report.findings,
      silenced: report.silenced,
      notes: report.notes,
    },
    null,
    2,
  )}\n`;
}
