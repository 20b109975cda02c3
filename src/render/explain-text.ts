// `fkdoctor explain` for a terminal.

import type { Explanation } from '../doctor/explain/explanation.js';
import type { Violation } from '../model/violation.js';
import { indent, type Style } from './style.js';

const kindTitle: Record<Violation['kind'], string> = {
  'missing-parent': 'missing parent row',
  'still-referenced': 'parent row still referenced',
  restrict: 'RESTRICT: parent row still referenced',
  'match-full': 'MATCH FULL key partly NULL',
  'partition-detach': 'partition still referenced',
};

function keyLine(v: Violation): string {
  if (v.keyHidden) return '(not shown by the server)';
  if (v.keyColumns.length === 0) return '(none)';
  return `(${v.keyColumns.join(', ')})=(${v.keyValues.join(', ')})`;
}

export function renderExplainText(explanation: Explanation, style: Style): string {
  const v = explanation.violation;
  const out: string[] = [];
  const state = v.sqlstate === '23001' ? 'restrict_violation' : 'foreign_key_violation';
  out.push(
    `${style.red(style.bold(`✖ ${kindTitle[v.kind]}`))}  ${style.dim(`SQLSTATE ${v.sqlstate} ${state} · read from ${v.format} · ${v.language}`)}`,
  );
  const facts: [string, string | null][] = [
    ['constraint', v.constraint],
    ['table', v.table ? `${v.schema ? `${v.schema}.` : ''}${v.table} (referencing)` : null],
    ['references', v.referencedTable],
    ['key', keyLine(v)],
    ['statement', v.statement?.trim().split('\n')[0] ?? null],
    ['at', v.scriptLocation],
  ];
  for (const [label, value] of facts) {
    if (value !== null) out.push(`  ${style.dim(label.padEnd(11))}${value}`);
  }
  if (v.occurrences > 1)
    out.push(
      `  ${style.dim('note'.padEnd(11))}the input holds ${v.occurrences} FK errors; this is the first`,
    );
  for (const note of v.notes) out.push(`  ${style.yellow('!')} ${note}`);

  out.push('', style.bold('What happened'), indent(explanation.summary));

  const live = explanation.live;
  if (live) {
    out.push(
      '',
      style.bold(`Live check`) +
        style.dim(`  ${live.server} · ${live.serverVersion.split(' on ')[0]}`),
    );
    for (const finding of live.findings) out.push(`  • ${finding}`);
  }

  out.push('', style.bold('Likely causes'));
  explanation.causes.forEach((cause, i) => {
    const tag =
      cause.likelihood === 'high'
        ? style.red('high')
        : cause.likelihood === 'medium'
          ? style.yellow('medium')
          : style.dim('low');
    out.push(
      `  ${i + 1}. ${cause.title} ${style.dim('[')}${tag}${style.dim(']')}`,
      style.dim(indent(cause.why, '     ')),
    );
  });

  out.push('', style.bold('Diagnose'));
  for (const step of explanation.diagnostics) {
    out.push(style.dim(`  -- ${step.title}`), style.cyan(indent(step.sql)), '');
  }

  out.push(style.bold('Fixes'));
  explanation.fixes.forEach((fix, i) => {
    out.push(`  ${style.bold(`${i + 1}. ${fix.title}`)} ${style.dim(`(${fix.id})`)}`);
    out.push(style.dim(indent(`when: ${fix.when}`, '     ')));
    out.push(style.cyan(indent(fix.sql, '     ')));
    for (const risk of fix.risks) out.push(`     ${style.yellow('risk:')} ${risk}`);
    out.push('');
  });

  if (explanation.assumptions.length > 0) {
    out.push(
      style.dim(
        `Assumed from the error text (pass --db to use the real schema): ${explanation.assumptions.join('; ')}.`,
      ),
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
