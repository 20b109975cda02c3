// `fkdoctor check DIR` for a terminal: the order the migrations run in (and why), tables used
// before the file that creates them, then each failure as `fkdoctor check` prints it.

import type { CheckScriptsResult } from '../doctor/script/check-scripts.js';
import type { MigrationOrder } from '../doctor/script/migration-order.js';
import type { UsedBeforeCreated } from '../doctor/script/used-before-created.js';
import { renderFailure } from './check-text.js';
import type { Style } from './style.js';

export interface MigrationsReport {
  directory: string;
  order: MigrationOrder;
  notes: string[];
  usedBeforeCreated: UsedBeforeCreated[];
  result: CheckScriptsResult;
}

/** Long folders: the first and last few files are enough to see the order. */
const LISTED = 15;

function where(file: string | null, line: number): string {
  return `${file ?? 'stdin'}:${line}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function renderMigrationsText(report: MigrationsReport, style: Style): string {
  const { order, result } = report;
  const files = result.scripts.map((s) => s.file ?? 'stdin');
  const out: string[] = [];
  out.push(
    `${style.bold(report.directory)}: ${plural(files.length, 'migration')}, ${order.description}`,
  );
  const listed =
    files.length <= LISTED
      ? files.map((f, i) => [i, f] as const)
      : [
          ...files.slice(0, 5).map((f, i) => [i, f] as const),
          null,
          ...files.slice(-5).map((f, i) => [files.length - 5 + i, f] as const),
        ];
  for (const item of listed) {
    out.push(
      item === null
        ? style.dim(`  … ${files.length - 10} more`)
        : `  ${style.dim(`${item[0] + 1}.`)} ${item[1]}`,
    );
  }
  for (const excluded of order.excluded) {
    out.push(style.dim(`  left out: ${excluded.file} (${excluded.reason})`));
  }
  for (const note of [...order.notes, ...report.notes]) out.push(style.dim(`  note: ${note}`));
  out.push('');
  for (const problem of result.schemaProblems) {
    out.push(
      `${style.yellow('!')} schema ${problem.line}: ${problem.statementText}: ${problem.message}`,
    );
  }
  for (const finding of report.usedBeforeCreated) {
    out.push(
      `${style.red('✖')} ${style.bold(where(finding.file, finding.line))}  uses ${finding.table}, which only a later file creates, at ${where(finding.createdIn.file, finding.createdIn.line)}`,
      '',
    );
  }
  for (const failure of result.failures)
    out.push(...renderFailure(failure, failure.file, style), '');
  out.push(summary(report, style));
  return `${out.join('\n')}\n`;
}

function summary(report: MigrationsReport, style: Style): string {
  const { result } = report;
  const outcomes = result.scripts.flatMap((s) => s.outcomes);
  const ran = outcomes.filter((o) => o.status === 'ok').length;
  const skipped = outcomes.filter((o) => o.status === 'skipped').length;
  const statements = result.scripts.reduce((n, s) => n + s.statements.length, 0);
  const early = report.usedBeforeCreated.length;
  if (result.failures.length === 0 && early === 0) {
    return style.green(
      `✔ ${plural(result.scripts.length, 'migration')}, ${plural(statements, 'statement')}, no failures (${ran} ran, ${skipped} skipped)`,
    );
  }
  const counts = new Map<string, number>();
  for (const f of result.failures) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  const kinds = [...counts].map(
    ([kind, n]) => `${n} ${kind === 'foreign-key' ? 'foreign key' : kind}`,
  );
  const parts = [
    ...(early > 0
      ? [
          plural(
            early,
            'table used before the file that creates it',
            'tables used before the files that create them',
          ),
        ]
      : []),
    ...(result.failures.length > 0
      ? [`${plural(result.failures.length, 'failing statement')} (${kinds.join(', ')})`]
      : []),
  ];
  return `${style.red(parts.join(', '))}; ${ran} ran fine, ${skipped} skipped.`;
}
