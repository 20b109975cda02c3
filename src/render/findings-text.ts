// Findings for a terminal: most severe first, each with its message and the fix to run.

import type { Severity } from '../model/finding.js';
import { countsBySeverity, type FindingsReport, findingPlace } from './findings-report.js';
import { indent, type Style } from './style.js';

export function renderFindingsText(report: FindingsReport, style: Style): string {
  const out: string[] = [];
  const ran = report.rules.length;
  out.push(
    style.bold(`fkdoctor ${report.command}: ${report.database}`) +
      style.dim(` (${ran} ${ran === 1 ? 'check' : 'checks'})`),
    '',
  );
  for (const finding of report.findings) {
    out.push(
      `${label(finding.severity, style)} ${style.cyan(finding.check)}  ${findingPlace(finding)}`,
    );
    out.push(indent(finding.message, '    '));
    if (finding.fix !== null)
      out.push(style.dim('    fix:'), indent(finding.fix.trimEnd(), '      '));
    out.push('');
  }
  if (report.findings.length === 0) out.push(style.green('No findings.'), '');
  for (const note of report.notes) out.push(style.yellow(`note: ${note}`));
  if (report.notes.length > 0) out.push('');
  const silenced = report.silenced.length;
  out.push(
    `${report.findings.length} ${report.findings.length === 1 ? 'finding' : 'findings'}: ${countsBySeverity(report.findings)}` +
      (silenced > 0 ? `; ${silenced} silenced by the config` : ''),
  );
  return `${out.join('\n')}\n`;
}

function label(severity: Severity, style: Style): string {
  const padded = severity.padEnd(7);
  if (severity === 'error') return style.red(style.bold(padded));
  if (severity === 'warning') return style.yellow(padded);
  return style.dim(padded);
}
