// `fkdoctor delete-plan` for a terminal: the DELETE, the tree of FK hops with their rows and
// actions (indented under the hop whose rows they reference), the verdict with totals per table,
// the hops without an index, the FKs not followed, notes, and what a --verify / --apply run did.

import type { DeleteHop, DeletePlan } from '../doctor/delete-plan/delete-plan.js';
import type { DeleteRun } from '../doctor/delete-plan/run-delete.js';
import type { QualifiedName } from '../model/catalog.js';
import { quoteIdent, quoteQualified } from '../sql/quote.js';
import { actionSql } from './fk-action.js';
import type { Style } from './style.js';

export interface DeleteRunReport {
  kind: 'verify' | 'apply';
  run: DeleteRun;
}

/** A table's name as SQL, without the schema when it is `public`. */
export function tableLabel(name: QualifiedName): string {
  return quoteQualified(name, { omitSchema: 'public' });
}

export function rows(n: number): string {
  return `${n} row${n === 1 ? '' : 's'}`;
}

export function renderDeletePlanText(
  plan: DeletePlan,
  style: Style,
  runReport: DeleteRunReport | null = null,
): string {
  const out: string[] = [style.bold(plan.deleteSql)];
  const keyKind =
    plan.keyKind === 'primary-key'
      ? 'its primary key'
      : plan.keyKind === 'unique-key'
        ? 'a unique key'
        : 'not a key: every matching row is deleted';
  out.push(
    `${rows(plan.matchedRows)} of ${tableLabel(plan.tableName)} ${plan.matchedRows === 1 ? 'matches' : 'match'} (${keyKind}).`,
    '',
  );

  const label = (hop: DeleteHop) => tableLabel(hop.tableName);
  if (plan.subtreeRows > 0 || plan.subtreeConstraints.length > 0) {
    out.push(`  ${subtreeLine(plan.subtreeRows, plan.tableName, plan.subtreeConstraints, style)}`);
  }
  const byParent = new Map<number | null, DeleteHop[]>();
  for (const hop of plan.hops) byParent.set(hop.parent, [...(byParent.get(hop.parent) ?? []), hop]);
  const walk = (parent: number | null, indent: string) => {
    for (const hop of byParent.get(parent) ?? []) {
      out.push(`${indent}${hopLine(hop, label(hop), style)}`);
      if (hop.recursiveConstraints.length > 0) {
        out.push(
          `${indent}  ${subtreeLine(hop.recursiveRows, hop.tableName, hop.recursiveConstraints, style)}`,
        );
      }
      if (hop.unindexed) {
        out.push(`${indent}  ${style.yellow('⚠')} ${unindexedText(hop)}`);
      }
      if (hop.truncated) {
        out.push(
          `${indent}  ${style.yellow('…')} not followed further: the depth or hop limit was reached`,
        );
      }
      walk(hop.id, `${indent}  `);
    }
  };
  if (plan.hops.length === 0) out.push(style.dim('  Nothing references these rows.'));
  walk(null, '  ');

  out.push('', verdictLine(plan, style));
  out.push(...totalsTable(plan, style));

  if (plan.unindexedLookups.length > 0) {
    out.push(
      '',
      style.bold('Lookups without an index (each one reads the whole referencing table)'),
    );
    for (const lookup of plan.unindexedLookups) {
      const columns = lookup.columns.map(quoteIdent).join(', ');
      const size = lookup.estimatedRows >= 0 ? ` of ~${Math.round(lookup.estimatedRows)} rows` : '';
      out.push(
        `  ${tableLabel(lookup.tableName)} (${columns}), ${quoteIdent(lookup.constraint)}: ${lookup.scans} scan${lookup.scans === 1 ? '' : 's'}${size}; add`,
        `    CREATE INDEX CONCURRENTLY ON ${quoteQualified(lookup.tableName)} (${columns});`,
      );
    }
  }
  if (plan.ignored.length > 0) {
    out.push('', style.bold('Not followed'));
    for (const fk of plan.ignored) {
      const why =
        fk.reason === 'not-enforced'
          ? 'NOT ENFORCED: it neither cascades nor blocks'
          : 'its triggers are disabled: it neither cascades nor blocks';
      out.push(`  ${quoteIdent(fk.constraint)} on ${fk.table}: ${why}`);
    }
  }
  if (plan.notes.length > 0) {
    out.push('', style.bold('Notes'));
    for (const note of plan.notes) out.push(`  · ${note}`);
  }
  if (runReport) out.push('', ...runLines(plan, runReport, style));
  return `${out.join('\n')}\n`;
}

function hopLine(hop: DeleteHop, table: string, style: Style): string {
  const how = `${quoteIdent(hop.constraint)} (${hop.columns.map(quoteIdent).join(', ')}) ON DELETE ${actionSql(hop.action)}${hop.effect === 'set-null' && hop.setColumns.length < hop.columns.length ? ` (${hop.setColumns.map(quoteIdent).join(', ')})` : ''}${hop.deferrable ? (hop.initiallyDeferred ? ', DEFERRABLE INITIALLY DEFERRED' : ', DEFERRABLE') : ''}`;
  const cycle = hop.cycle ? ' ↻ again, new rows only' : '';
  const also = hop.alsoDeleted > 0 ? style.dim(` (+${rows(hop.alsoDeleted)} deleted anyway)`) : '';
  if (hop.rows === 0 && hop.alsoDeleted === 0) {
    return style.dim(`· ${table}: no rows${cycle} — ${how}`);
  }
  switch (hop.effect) {
    case 'delete':
      return `${style.red('✚')} ${table}: ${rows(hop.rows)} deleted${cycle} — ${how}`;
    case 'set-null':
    case 'set-default': {
      const verb = hop.effect === 'set-null' ? 'set to NULL' : 'set to their default';
      if (hop.notNullViolation && hop.rows > 0) {
        return `${style.red('✖')} ${table}: ${rows(hop.rows)} would have ${hop.setColumns.map(quoteIdent).join(', ')} ${verb}, but NOT NULL: the DELETE fails — ${how}`;
      }
      const late = hop.deletedTooLate + hop.deletedSameRound;
      if (hop.notNullViolation && hop.rows === 0 && late > 0) {
        return `${style.red('✖')} ${table}: ${rows(late)} would have ${hop.setColumns.map(quoteIdent).join(', ')} ${verb} before another CASCADE deletes ${late === 1 ? 'it' : 'them'}, but NOT NULL: the DELETE ${hop.deletedTooLate > 0 ? 'fails' : 'may fail (trigger order)'}; the safe script deletes ${late === 1 ? 'it' : 'them'} first — ${how}`;
      }
      if (hop.rows === 0) return style.dim(`· ${table}: no rows kept${also} — ${how}`);
      return `${style.yellow('∅')} ${table}: ${rows(hop.rows)} updated, ${hop.setColumns.map(quoteIdent).join(', ')} ${verb}${also} — ${how}`;
    }
    default:
      if (hop.rows === 0 && hop.deletedTooLate > 0) {
        return `${style.red('✖')} ${table}: ${rows(hop.deletedTooLate)} still reference${hop.deletedTooLate === 1 ? 's' : ''} it when the server checks (another CASCADE deletes ${hop.deletedTooLate === 1 ? 'it' : 'them'} only later): the DELETE fails; the safe script deletes ${hop.deletedTooLate === 1 ? 'it' : 'them'} first — ${how}`;
      }
      if (hop.rows === 0 && hop.deletedSameRound > 0) {
        return `${style.yellow('✖')} ${table}: ${rows(hop.deletedSameRound)} deleted by another CASCADE in the same round as the server's check: whether the DELETE fails depends on its trigger order; the safe script deletes ${hop.deletedSameRound === 1 ? 'it' : 'them'} first — ${how}`;
      }
      if (hop.rows === 0) return style.dim(`· ${table}: no rows left${also} — ${how}`);
      return `${style.red('✖')} ${table}: ${rows(hop.rows)} still reference${hop.rows === 1 ? 's' : ''} it: the DELETE fails${hop.failsAt === 'commit' ? ' at COMMIT' : ''}${also} — ${how}`;
  }
}

function subtreeLine(n: number, table: QualifiedName, constraints: string[], style: Style): string {
  const mark = n > 0 ? style.red('✚') : style.dim('·');
  return `${mark} ${tableLabel(table)}: ${n === 0 ? 'no rows' : `${rows(n)} deleted`} below, its own tree at every level — ${constraints.map(quoteIdent).join(', ')} ON DELETE CASCADE (recursive)`;
}

function unindexedText(hop: DeleteHop): string {
  const each = hop.lookups === 1 ? 'the deleted row' : `each of the ${hop.lookups} deleted rows`;
  return `no index on ${tableLabel(hop.tableName)} (${hop.columns.map(quoteIdent).join(', ')}): ${each} of ${tableLabel(hop.fromName)} scans it${estimate(hop)}`;
}

function estimate(hop: DeleteHop): string {
  return hop.estimatedRows >= 0 ? ` (~${Math.round(hop.estimatedRows)} rows)` : '';
}

function verdictLine(plan: DeletePlan, style: Style): string {
  const deleted = plan.totals.reduce((n, t) => n + t.deleted, 0);
  const updated = plan.totals.reduce((n, t) => n + t.updated, 0);
  const tables = plan.totals.filter((t) => t.deleted + t.updated > 0).length;
  const lower = plan.truncated ? ' (at least: the walk stopped at its limit)' : '';
  if (plan.succeeds) {
    return `${style.green(style.bold('The DELETE succeeds:'))} ${rows(deleted)} deleted and ${rows(updated)} updated in ${tables} table${tables === 1 ? '' : 's'}${lower}.`;
  }
  const reasons = plan.blockers.map((b) => {
    const hop = plan.hops[b.hop]!;
    const what =
      b.reason === 'not-null'
        ? `SET NULL on NOT NULL ${hop.setColumns.map(quoteIdent).join(', ')}`
        : `${b.reason === 'restrict' ? 'RESTRICT' : 'NO ACTION'}${b.failsAt === 'commit' ? ', at COMMIT' : ''}`;
    const when =
      b.kind === 'deleted-later'
        ? ', checked before a later CASCADE deletes the rows'
        : b.kind === 'order-dependent'
          ? ', deleted by a CASCADE in the same round as the check'
          : '';
    return `${rows(b.rows)} of ${tableLabel(hop.tableName)} (${quoteIdent(b.constraint)}, ${what}${when})`;
  });
  const may = plan.blockers.every((b) => b.kind === 'order-dependent');
  const head = may ? 'The DELETE may fail:' : 'The DELETE fails:';
  const line = `${style.red(style.bold(head))} ${reasons.join('; ')}. Without them it would delete ${rows(deleted)} and update ${rows(updated)}.`;
  if (!plan.scriptRuns) return line;
  return `${line}\nThe safe script (--script) deletes those rows first, children before parents, so it runs${lower}.`;
}

function totalsTable(plan: DeletePlan, style: Style): string[] {
  const shown = plan.totals.filter((t) => t.deleted + t.updated > 0);
  if (shown.length === 0) return [];
  const names = shown.map((t) => tableLabel(t.tableName));
  const width = Math.max(5, ...names.map((n) => n.length));
  const out = [style.dim(`  ${'table'.padEnd(width)}  deleted  updated`)];
  shown.forEach((t, i) => {
    out.push(
      `  ${names[i]!.padEnd(width)}  ${String(t.deleted).padStart(7)}  ${String(t.updated).padStart(7)}`,
    );
  });
  return out;
}

function runLines(plan: DeletePlan, report: DeleteRunReport, style: Style): string[] {
  const { run, kind } = report;
  const what =
    kind === 'verify'
      ? 'Verified: the DELETE ran in a transaction that was rolled back'
      : run.committed
        ? 'Applied: the script ran and was committed'
        : 'Not applied: the script ran and was rolled back';
  const out: string[] = [];
  if (run.error) {
    out.push(
      `${style.bold(what)}; the server refused it: ${run.error.message}${run.error.code ? ` (SQLSTATE ${run.error.code})` : ''}.`,
      run.matchesPlan
        ? style.green(
            `As planned: the plan said it ${plan.blockers.every((b) => b.kind === 'order-dependent') ? 'may fail (trigger order)' : 'fails'}.`,
          )
        : style.red('Not as planned: the plan said it succeeds.'),
    );
    return out;
  }
  out.push(`${style.bold(what)}.`);
  if (run.matchesPlan) {
    out.push(style.green('Every table changed exactly as planned.'));
    return out;
  }
  out.push(
    style.red(
      kind === 'apply'
        ? 'The rows changed differ from the plan (the data changed since?), so nothing was committed:'
        : plan.succeeds
          ? 'The rows changed differ from the plan:'
          : 'The plan said it fails, but the server ran it:',
    ),
  );
  const names = run.totals.map((t) => tableLabel(t.tableName));
  const width = Math.max(5, ...names.map((n) => n.length));
  out.push(style.dim(`  ${'table'.padEnd(width)}  deleted (plan)  updated (plan)`));
  run.totals.forEach((t, i) => {
    const planned = plan.totals.find((p) => p.table === t.table);
    out.push(
      `  ${names[i]!.padEnd(width)}  ${`${t.deleted} (${planned?.deleted ?? 0})`.padStart(14)}  ${`${t.updated} (${planned?.updated ?? 0})`.padStart(14)}`,
    );
  });
  return out;
}
