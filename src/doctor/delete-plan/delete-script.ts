// The safe script for a delete plan, in two forms: a transaction that changes the referencing
// rows explicitly (SET NULL / SET DEFAULT updates, then deletes deepest first) and deletes the
// target rows last; or one statement whose data-modifying CTEs do the same and return the
// rows changed per table. The FKs stay in place, so the server checks every step. A plan that
// would fail gets its statements commented out under the reasons: the script never pretends.

import { lineComment, quoteIdent, quoteLiteral, quoteQualified } from '../../sql/quote.js';
import type { Blocker, DeletePlan, DeleteStep } from './delete-plan.js';

export type DeleteScriptForm = 'transaction' | 'cte';

export function renderDeleteScript(
  plan: DeletePlan,
  form: DeleteScriptForm = 'transaction',
): string {
  const lines = header(plan);
  const body = form === 'cte' ? [cteStatement(plan.steps)] : transactionLines(plan.steps);
  if (plan.scriptRuns) {
    lines.push(...body);
  } else {
    lines.push(
      lineComment('Not runnable: the statements below are commented out. Deal with the blocking'),
      lineComment('rows first (delete them, or point them at another row), then plan again.'),
      ...body.flatMap((text) => text.split('\n')).map((line) => (line === '' ? '' : `-- ${line}`)),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The statements of the transaction form, without BEGIN/COMMIT (for running them in one). */
export function deleteStatements(plan: DeletePlan): string[] {
  return plan.steps.map((step) => step.sql);
}

/** The single-statement form, without its semicolon; it returns `table, change, rows` per step. */
export function deleteCteStatement(plan: DeletePlan): string {
  return cteStatement(plan.steps).replace(/;$/, '');
}

function header(plan: DeletePlan): string[] {
  const deleted = plan.totals.reduce((n, t) => n + t.deleted, 0);
  const updated = plan.totals.reduce((n, t) => n + t.updated, 0);
  const lines = [
    lineComment(`fkdoctor delete-plan: ${plan.deleteSql}`),
    lineComment(
      `${plan.matchedRows} row${plural(plan.matchedRows)} of ${quoteQualified(plan.tableName)} matched; ${deleted} row${plural(deleted)} deleted and ${updated} updated in all, counted when the plan was made.`,
    ),
  ];
  if (plan.scriptRuns) {
    lines.push(
      lineComment(
        'Children first: every statement changes only rows the DELETE would change anyway,',
      ),
      lineComment('and the foreign keys stay in place, so the server still checks each step.'),
    );
  }
  const remaining = plan.blockers.filter((b) => b.kind === 'remaining');
  const early = plan.blockers.filter((b) => b.kind !== 'remaining');
  if (remaining.length > 0) {
    lines.push(lineComment('This DELETE would fail:'));
    for (const blocker of remaining) lines.push(lineComment(`  ${blockerText(blocker)}`));
  }
  if (early.length > 0) {
    lines.push(
      lineComment('As one statement the DELETE fails (or may: trigger order), because the server'),
      lineComment('checks these FKs before another CASCADE of the same DELETE removes the rows:'),
    );
    for (const blocker of early) lines.push(lineComment(`  ${blockerText(blocker)}`));
    if (plan.scriptRuns) lines.push(lineComment('This script deletes those rows first.'));
  }
  if (plan.truncated) {
    lines.push(
      lineComment(
        'The plan stopped at its depth limit: the final DELETE lets the server do the rest.',
      ),
    );
  }
  lines.push('');
  return lines;
}

function blockerText(blocker: Blocker): string {
  const why =
    blocker.reason === 'not-null'
      ? 'SET NULL on a NOT NULL column'
      : `${blocker.reason === 'restrict' ? 'RESTRICT' : 'NO ACTION'}${blocker.failsAt === 'commit' ? ', at COMMIT' : ''}`;
  const when =
    blocker.kind === 'deleted-later'
      ? ', deleted by a CASCADE only after the check'
      : blocker.kind === 'order-dependent'
        ? ', deleted by a CASCADE in the same round as the check'
        : '';
  return `${blocker.rows} row${plural(blocker.rows)} of ${blocker.table} (${quoteIdent(blocker.constraint)}, ${why}${when})`;
}

function transactionLines(steps: readonly DeleteStep[]): string[] {
  const lines = ['BEGIN;', ''];
  for (const step of steps) {
    lines.push(lineComment(describe(step)), `${step.sql};`, '');
  }
  lines.push('COMMIT;');
  return lines;
}

function cteStatement(steps: readonly DeleteStep[]): string {
  const ctes = steps.map(
    (step, i) => `  ${lineComment(describe(step))}\n  step_${i + 1} AS (${step.sql} RETURNING 1)`,
  );
  const selects = steps.map(
    (step, i) =>
      `SELECT ${quoteLiteral(step.table)} AS "table", ${quoteLiteral(step.kind)} AS change, (SELECT count(*) FROM step_${i + 1}) AS rows`,
  );
  return `WITH\n${ctes.join(',\n')}\n${selects.join('\nUNION ALL\n')};`;
}

function describe(step: DeleteStep): string {
  const verb = step.kind === 'delete' ? 'delete' : 'update';
  return `${quoteQualified(step.tableName)}: ${verb} ${step.rows} row${plural(step.rows)}`;
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
