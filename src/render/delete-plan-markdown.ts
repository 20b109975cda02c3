// `fkdoctor delete-plan --format markdown`: the verdict, the hop tree as a nested list, the
// totals as a table and the safe script, for a pull request or a ticket.

import type { DeleteHop, DeletePlan } from '../doctor/delete-plan/delete-plan.js';
import { renderDeleteScript } from '../doctor/delete-plan/delete-script.js';
import { quoteIdent } from '../sql/quote.js';
import { renderDeletePlanText, rows, tableLabel } from './delete-plan-text.js';
import { actionSql } from './fk-action.js';
import { plain } from './style.js';

export function renderDeletePlanMarkdown(plan: DeletePlan): string {
  const code = (text: string) => `\`${text.replaceAll('`', 'ʼ')}\``;
  const out = [`## Delete plan: ${code(plan.deleteSql)}`, ''];
  // The verdict sentence is the text report's, without colours.
  const text = renderDeletePlanText(plan, plain).split('\n');
  const verdict = text.find((line) => /^The DELETE (succeeds|fails|may fail):/.test(line)) ?? '';
  out.push(
    `**${plan.succeeds ? 'Succeeds' : plan.blockers.every((b) => b.kind === 'order-dependent') ? 'May fail' : 'Fails'}.** ${verdict.replace(/^The DELETE (succeeds|fails|may fail): /, '')}`,
    '',
  );
  out.push(`${rows(plan.matchedRows)} of ${code(tableLabel(plan.tableName))} matched.`, '');
  if (plan.subtreeRows > 0) {
    out.push(
      `- ${code(tableLabel(plan.tableName))}: ${rows(plan.subtreeRows)} deleted below, its own tree (recursive CASCADE)`,
    );
  }
  const walk = (parent: number | null, indent: string) => {
    for (const hop of plan.hops.filter((h) => h.parent === parent)) {
      out.push(`${indent}- ${hopText(hop, code)}`);
      walk(hop.id, `${indent}  `);
    }
  };
  walk(null, '');
  out.push('', '| table | deleted | updated |', '|---|---:|---:|');
  for (const t of plan.totals) {
    if (t.deleted + t.updated > 0)
      out.push(`| ${code(tableLabel(t.tableName))} | ${t.deleted} | ${t.updated} |`);
  }
  out.push('', '```sql', renderDeleteScript(plan).trimEnd(), '```');
  return `${out.join('\n')}\n`;
}

function hopText(hop: DeleteHop, code: (text: string) => string): string {
  const what =
    hop.rows === 0
      ? 'no rows'
      : hop.effect === 'delete'
        ? `${rows(hop.rows)} deleted`
        : hop.effect === 'block'
          ? `**${rows(hop.rows)} block the DELETE**${hop.failsAt === 'commit' ? ' (at COMMIT)' : ''}`
          : hop.notNullViolation
            ? `**${rows(hop.rows)}: SET NULL on a NOT NULL column fails**`
            : `${rows(hop.rows)} updated (${hop.setColumns.map(quoteIdent).join(', ')} ${hop.effect === 'set-null' ? 'SET NULL' : 'SET DEFAULT'})`;
  const unindexed = hop.unindexed
    ? ` — ⚠ no index: ${hop.lookups} scan${hop.lookups === 1 ? '' : 's'} of the table`
    : '';
  const recursive = hop.recursiveRows > 0 ? `, +${rows(hop.recursiveRows)} below (recursive)` : '';
  return `${code(tableLabel(hop.tableName))}: ${what}${recursive} (${code(hop.constraint)}, ON DELETE ${actionSql(hop.action)})${unindexed}`;
}
