// `fkdoctor explain --format markdown`: for issues, pull requests and chat.

import type { Explanation } from '../doctor/explain/explanation.js';

function fence(code: string, language = 'sql'): string {
  const ticks = code.includes('```') ? '````' : '```';
  return `${ticks}${language}\n${code}\n${ticks}`;
}

export function renderExplainMarkdown(explanation: Explanation): string {
  const v = explanation.violation;
  const out: string[] = [];
  out.push(
    `## Foreign-key violation: \`${v.constraint ?? 'unknown constraint'}\` (${v.kind}, SQLSTATE ${v.sqlstate})`,
    '',
  );
  out.push('| | |', '|---|---|');
  out.push(
    `| referencing table | ${v.table ? `\`${v.schema ? `${v.schema}.` : ''}${v.table}\`` : '—'} |`,
  );
  out.push(`| referenced table | ${v.referencedTable ? `\`${v.referencedTable}\`` : '—'} |`);
  out.push(
    `| key | ${v.keyHidden ? 'not shown by the server' : `\`(${v.keyColumns.join(', ')})=(${v.keyValues.join(', ')})\``} |`,
  );
  if (v.statement)
    out.push(`| statement | \`${v.statement.trim().split('\n')[0]?.replace(/\|/g, '\\|')}\` |`);
  out.push('', '### What happened', '', explanation.summary, '');
  for (const note of v.notes) out.push(`> ${note}`, '');
  if (explanation.live) {
    out.push(`### Live check (${explanation.live.server})`, '');
    for (const finding of explanation.live.findings) out.push(`- ${finding}`);
    out.push('');
  }
  out.push('### Likely causes', '');
  explanation.causes.forEach((cause, i) => {
    out.push(`${i + 1}. **${cause.title}** (${cause.likelihood}): ${cause.why}`);
  });
  out.push('', '### Diagnose', '');
  for (const step of explanation.diagnostics)
    out.push(`**${step.title}**`, '', fence(step.sql), '');
  out.push('### Fixes', '');
  explanation.fixes.forEach((fix, i) => {
    out.push(
      `#### ${i + 1}. ${fix.title}`,
      '',
      `*When:* ${fix.when}`,
      '',
      fence(fix.sql, fix.language ?? 'sql'),
      '',
    );
    for (const risk of fix.risks) out.push(`- ⚠ ${risk}`);
    out.push('');
  });
  if (explanation.assumptions.length > 0) {
    out.push(`*Assumed from the error text:* ${explanation.assumptions.join('; ')}.`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
