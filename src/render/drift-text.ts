// `fkdoctor drift` for a terminal: the two databases, then each finding (most severe first)
// with its message and the SQL that fixes it on B.

import type { DriftReport, DriftSide } from '../doctor/drift/drift-report.js';
import type { Finding, Severity } from '../model/finding.js';
import { quoteIdent } from '../sql/quote.js';
import type { Style } from './style.js';

const WIDTH = 100;

export function renderDriftText(report: DriftReport, style: Style): string {
  const { a, b, findings } = report;
  const out: string[] = [
    style.bold(`Foreign-key drift: ${b.label} compared with ${a.label}`),
    side(a, 'A', 'the reference'),
    side(b, 'B', 'the fixes are for it'),
  ];
  if (report.schemas) out.push(`  schemas: ${report.schemas.map(quoteIdent).join(', ')}`);
  out.push('');
  if (findings.length === 0) {
    out.push(
      style.green(
        `No drift: ${b.label}'s ${plural(b.foreignKeys, 'foreign key')} and their indexes match ${a.label}'s.`,
      ),
    );
    return `${out.join('\n')}\n`;
  }
  const counts = (['error', 'warning', 'info'] as const)
    .filter((s) => report.counts[s] > 0)
    .map((s) => plural(report.counts[s], s === 'info' ? 'info' : s, s !== 'info'));
  out.push(`${plural(findings.length, 'finding')}: ${counts.join(', ')}`);
  for (const finding of findings) out.push('', ...renderFinding(finding, style));
  if (findings.some((f) => f.fix !== null)) {
    const hint = `All fixes as one script, in an order that runs: the same command with --format sql (review it, then run it on ${b.label} with psql -v ON_ERROR_STOP=1 -f).`;
    out.push('', ...prose(hint, '').map(style.dim));
  }
  return `${out.join('\n')}\n`;
}

function side(s: DriftSide, letter: string, role: string): string {
  const name = s.label === letter ? `${letter} (${role})` : `${s.label} (${letter}, ${role})`;
  const source = s.source.replace(/[\r\n]+/g, ' ');
  return `  ${name}: ${source}, ${plural(s.foreignKeys, 'foreign key')}, ${plural(s.tables, 'table')}`;
}

function renderFinding(finding: Finding, style: Style): string[] {
  const paint: Record<Severity, (text: string) => string> = {
    error: style.red,
    warning: style.yellow,
    info: style.cyan,
  };
  const target =
    finding.constraint === null
      ? finding.table
      : `${finding.table} ${quoteIdent(finding.constraint)}`;
  const lines = [
    `${paint[finding.severity](finding.severity)} ${style.bold(finding.check)} ${target}`,
  ];
  lines.push(...prose(finding.message, '  '));
  if (finding.fix !== null) {
    for (const line of finding.fix.split('\n')) lines.push(`    ${style.dim(line)}`);
  }
  return lines;
}

/** Words wrapped to WIDTH: every line starts with `indent`. */
function prose(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

function plural(n: number, word: string, s = true): string {
  return `${n} ${word}${n === 1 || !s ? '' : 's'}`;
}
