// Findings as Markdown, for a pull request comment or a CI job summary.

import { countsBySeverity, type FindingsReport } from './findings-report.js';

export function renderFindingsMarkdown(report: FindingsReport): string {
  const out: string[] = [`## fkdoctor ${report.command}: ${cell(report.database)}`, ''];
  out.push(`${report.findings.length} findings: ${countsBySeverity(report.findings)}.`, '');
  if (report.findings.length > 0) {
    out.push('| severity | check | table | constraint | finding |', '|---|---|---|---|---|');
    for (const f of report.findings) {
      out.push(
        `| ${f.severity} | \`${f.check}\` | \`${cell(f.table)}\` | ${f.constraint === null ? '' : `\`${cell(f.constraint)}\``} | ${cell(f.message)} |`,
      );
    }
    out.push('');
  }
  const withFix = report.findings.filter((f) => f.fix !== null);
  if (withFix.length > 0) {
    out.push('### Fixes', '');
    for (const f of withFix) {
      out.push(
        `**${f.check}** on \`${cell(f.table)}\`${f.constraint ? ` (\`${cell(f.constraint)}\`)` : ''}`,
      );
      out.push('', fence(f.fix ?? ''), '');
    }
  }
  for (const note of report.notes) out.push(`> ${note}`, '');
  if (report.silenced.length > 0) {
    out.push(`<details><summary>${report.silenced.length} silenced by the config</summary>`, '');
    for (const { finding, reason } of report.silenced) {
      out.push(`- \`${finding.check}\` \`${cell(finding.table)}\`: ${cell(reason)}`);
    }
    out.push('', '</details>', '');
  }
  return `${out.join('\n')}\n`;
}

/** Text inside a table cell or inline code: one line, pipes escaped. */
function cell(text: string): string {
  return text.replaceAll('\n', ' ').replaceAll('|', '\\|').replaceAll('`', "'");
}

function fence(code: string): string {
  const ticks = code.includes('```') ? '````' : '```';
  return `${ticks}sql\n${code}\n${ticks}`;
}
