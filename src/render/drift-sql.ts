// `fkdoctor drift --format sql`: every fix as one script to run on B, in a safe order.

import type { DriftReport } from '../doctor/drift/drift-report.js';
import { driftFixScript } from '../doctor/drift/fix-script.js';
import { lineComment } from '../sql/quote.js';

export function renderDriftSql(report: DriftReport): string {
  const { a, b } = report;
  const head = [
    lineComment(`fkdoctor drift: makes ${b.label} (${b.source}) match ${a.label} (${a.source}).`),
    lineComment('Review, then run: psql -v ON_ERROR_STOP=1 -f FILE. No BEGIN/COMMIT: CREATE INDEX'),
    lineComment('CONCURRENTLY cannot run in a transaction; each ALTER TABLE is atomic by itself.'),
    lineComment(
      'An ALTER TABLE waits for its lock behind running transactions while every new query',
    ),
    lineComment(
      'on the table waits behind it: with lock_timeout it gives up instead (run it again).',
    ),
    "SET lock_timeout = '5s';",
    '',
  ];
  if (report.findings.length === 0)
    return `${[...head, lineComment('No drift: nothing to do.')].join('\n')}\n`;
  return `${head.join('\n')}\n${driftFixScript(report.findings)}`;
}
