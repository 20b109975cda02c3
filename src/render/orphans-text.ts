// The orphan report as text (one block per foreign key: the rows that break it, a sample of
// their keys, what state the constraint is in) and as Markdown.

import type { OrphanCount } from '../doctor/orphans/count-orphans.js';
import { quoteIdent } from '../sql/quote.js';
import type { Style } from './style.js';

export interface OrphansReport {
  /** Where the counts come from (the engine's label, password-free). */
  source: string;
  counts: OrphanCount[];
  /** Constraints not counted, e.g. NOT ENFORCED ones. */
  skipped: { table: string; constraint: string; reason: string }[];
  /** The count an interrupt stopped, with what it had found so far. */
  interrupted: OrphanCount | null;
}

export function violationsOf(count: OrphanCount): number {
  return count.orphanCount + (count.partialNullCount ?? 0);
}

/** `(a, b)=(1, x)`, as the server's DETAIL line writes a key. */
export function keyText(columns: string[], key: Record<string, unknown>): string {
  return `(${columns.map(quoteIdent).join(', ')})=(${columns.map((c) => valueText(key[c])).join(', ')})`;
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function states(count: OrphanCount): string[] {
  const out: string[] = [];
  if (count.match === 'full') out.push('MATCH FULL');
  if (!count.enforced) out.push('NOT ENFORCED');
  else if (!count.validated) out.push('NOT VALID');
  if (count.enforced && !count.triggersEnabled) out.push('triggers disabled');
  if (count.scan.mode === 'chunked')
    out.push(`${count.scan.chunks} chunks by ${count.scan.chunkColumn}`);
  return out;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function renderOrphansText(report: OrphansReport, style: Style): string {
  const lines: string[] = [];
  const block = (count: OrphanCount, partial: boolean) => {
    const tags = states(count);
    lines.push(
      `${style.bold(count.table)}  ${quoteIdent(count.constraint)}  (${count.columns.map(quoteIdent).join(', ')}) → ${count.referencedTable} (${count.referencedColumns.map(quoteIdent).join(', ')})${tags.length > 0 ? style.dim(`  [${tags.join(', ')}]`) : ''}`,
    );
    const found: string[] = [];
    const prefix = partial ? 'at least ' : '';
    if (count.orphanCount > 0 || partial) {
      const text = `${prefix}${plural(count.orphanCount, 'orphan row')}`;
      found.push(count.orphanCount > 0 ? style.red(text) : text);
    }
    if ((count.partialNullCount ?? 0) > 0) {
      found.push(
        style.red(`${prefix}${plural(count.partialNullCount ?? 0, 'row')} with a partly NULL key`),
      );
    }
    if (found.length === 0) lines.push(`  ${style.green('no orphans')}`);
    else lines.push(`  ${found.join(', ')}${partial ? ' (interrupted)' : ''}`);
    if (count.sampleKeys.length > 0) {
      const keys = count.sampleKeys.map((k) => keyText(count.columns, k));
      const more = count.orphanCount > keys.length ? ', ...' : '';
      lines.push(`  keys: ${keys.join(', ')}${more}`);
    }
    if (count.scan.note) lines.push(style.dim(`  ${count.scan.note}`));
  };
  for (const count of report.counts) block(count, false);
  if (report.interrupted) block(report.interrupted, true);
  for (const skip of report.skipped) {
    lines.push(style.dim(`${skip.table}  ${quoteIdent(skip.constraint)}  skipped: ${skip.reason}`));
  }
  lines.push('', summary(report));
  return `${lines.join('\n')}\n`;
}

function summary(report: OrphansReport): string {
  const bad = report.counts.filter((c) => violationsOf(c) > 0);
  const rows = bad.reduce((sum, c) => sum + violationsOf(c), 0);
  const checked = `${plural(report.counts.length, 'foreign key')} checked in ${report.source}`;
  const stop = report.interrupted ? '; interrupted before the end' : '';
  if (bad.length === 0) return `${checked}: no orphans${stop}.`;
  return `${checked}: ${plural(bad.length, 'foreign key')} with orphans, ${plural(rows, 'row')} in all${stop}.`;
}

export function renderOrphansMarkdown(report: OrphansReport): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replace(/[\r\n]+/g, ' ');
  const lines = [
    '| table | constraint | references | orphans | partly NULL | sample keys | state |',
    '|---|---|---|---:|---:|---|---|',
  ];
  const all = report.interrupted ? [...report.counts, report.interrupted] : report.counts;
  for (const c of all) {
    const partial = c === report.interrupted ? ' (interrupted)' : '';
    lines.push(
      `| ${[
        cell(`\`${c.table}\``),
        cell(`\`${c.constraint}\``),
        cell(`\`${c.referencedTable}\` (${c.referencedColumns.map(quoteIdent).join(', ')})`),
        `${c.orphanCount}${partial}`,
        c.partialNullCount === undefined ? '' : String(c.partialNullCount),
        cell(c.sampleKeys.map((k) => `\`${keyText(c.columns, k)}\``).join(', ')),
        cell(states(c).join(', ')),
      ].join(' | ')} |`,
    );
  }
  for (const skip of report.skipped) {
    lines.push(
      `| ${cell(`\`${skip.table}\``)} | ${cell(`\`${skip.constraint}\``)} | | | | | skipped: ${cell(skip.reason)} |`,
    );
  }
  return `${lines.join('\n')}\n\n${summary(report)}\n`;
}
