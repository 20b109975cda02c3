// `fkdoctor drift --format markdown`: for a pull request or a wiki page: the two databases,
// a table of findings, and the fix script.

import type { DriftReport } from '../doctor/drift/drift-report.js';
import { driftFixScript } from '../doctor/drift/fix-script.js';
import { quoteIdent } from '../sql/quote.js';

export function renderDriftMarkdown(report: DriftReport): string {
  const { a, b, findings } = report;
  const out: string[] = [
    `## Foreign-key drift: ${inline(b.label)} compared with ${inline(a.label)}`,
    '',
    '| side | database | foreign keys | tables |',
    '|---|---|---|---|',
    `| ${cell(a.label)} (reference) | ${cell(a.source)} | ${a.foreignKeys} | ${a.tables} |`,
    `| ${cell(b.label)} | ${cell(b.source)} | ${b.foreignKeys} | ${b.tables} |`,
    '',
  ];
  if (findings.length === 0) {
    out.push(`No drift: ${inline(b.label)} matches ${inline(a.label)}.`);
    return `${out.join('\n')}\n`;
  }
  const { error, warning, info } = report.counts;
  out.push(
    `**${findings.length} finding${findings.length === 1 ? '' : 's'}**: ${error} error${error === 1 ? '' : 's'}, ${warning} warning${warning === 1 ? '' : 's'}, ${info} info.`,
    '',
    '| severity | check | table | constraint | finding |',
    '|---|---|---|---|---|',
  );
  for (const f of findings) {
    const constraint = f.constraint === null ? '' : code(quoteIdent(f.constraint));
    out.push(
      `| ${f.severity} | \`${f.check}\` | ${code(f.table)} | ${constraint} | ${cell(f.message)} |`,
    );
  }
  if (findings.some((f) => f.fix !== null)) {
    const script = driftFixScript(findings);
    const fence = '`'.repeat(Math.max(3, longestRun(script) + 1));
    out.push(
      '',
      `### Fix script (run on ${inline(b.label)}, after review)`,
      '',
      `${fence}sql`,
      script.trimEnd(),
      fence,
    );
  }
  return `${out.join('\n')}\n`;
}

/** Text in a table cell: pipes escaped, line breaks as spaces. */
function cell(text: string): string {
  return inline(text).replaceAll('|', '\\|');
}

function inline(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/** An inline code span that survives backticks in the text. */
function code(text: string): string {
  const ticks = '`'.repeat(longestRun(text) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${cell(text)}${pad}${ticks}`;
}

function longestRun(text: string): number {
  return Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
}
