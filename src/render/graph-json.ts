// `fkdoctor graph --format json`: the report as it is, with a format marker and a version so
// that scripts can tell what they read (the fields are documented in the README).

import type { GraphReport } from '../doctor/graph/graph-report.js';

export const graphJsonVersion = 1;

export function renderGraphJson(report: GraphReport): string {
  return `${JSON.stringify({ format: 'fkdoctor-graph', version: graphJsonVersion, ...report }, null, 2)}\n`;
}
