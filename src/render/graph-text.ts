// `fkdoctor graph` for a terminal: the load order by level, each cycle with how to load it,
// what a DELETE cascades into, and the FKs left out.

import type { CascadeChain, CascadeStep, GraphReport } from '../doctor/graph/graph-report.js';
import { quoteIdent } from '../sql/quote.js';
import { actionSql } from './fk-action.js';
import type { Style } from './style.js';

const WIDTH = 100;
// An ANSI SGR sequence (written with RegExp: a literal ESC in a regex literal reads as a typo).
const colourCode = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export function renderGraphText(report: GraphReport, style: Style): string {
  const out: string[] = [heading(report, style)];
  if (report.tables.length === 0) return `${out.join('\n')}\n`;
  const label = labels(report);

  out.push('', style.bold('Load order by level (tables of one level can load in parallel)'));
  const levelWidth = String(report.levels.at(-1)?.level ?? 0).length;
  for (const level of report.levels) {
    const names = groupCycles(report, level.tables).map((group) => {
      if (group.length === 1) {
        const table = report.tables.find((t) => t.key === group[0])!;
        return table.cycle === null ? label(table.key) : `${label(table.key)} ↻`;
      }
      return `(${group.map(label).join(' ⇄ ')})`;
    });
    const prefix = `  ${String(level.level).padStart(levelWidth)}  `;
    out.push(...wrap(names, prefix, { paint: style.dim }));
  }

  if (report.cycles.length > 0) {
    out.push('', style.bold('Cycles'));
    for (const cycle of report.cycles) {
      const mark = cycle.loadable ? style.yellow('↻') : style.red('✖');
      const name = cycle.selfReference
        ? `${label(cycle.tables[0]!)} → itself`
        : cycle.tables.map(label).join(' ⇄ ');
      out.push(`  ${mark} ${style.bold(name)}`, ...prose(cycle.how, '    ', 4));
      // A lone self-reference: the summary already says what its one edge needs.
      const lone = cycle.selfReference && cycle.edges.length === 1;
      for (const edge of cycle.edges) {
        if (!lone) {
          const role = edge.role === 'change' ? style.red(edge.role) : style.cyan(edge.role);
          const head = `${quoteIdent(edge.constraint)} (${label(edge.child)} → ${label(edge.parent)})`;
          out.push(...prose(`${head} ${role}: ${edge.how}`, '    · ', 6));
        }
        for (const sql of edge.sql) out.push(`        ${style.dim(sql)}`);
      }
    }
  }

  if (report.cascades.length > 0) {
    out.push('', style.bold('What a DELETE of a referenced row does'));
    for (const chain of report.cascades) out.push(...renderChain(chain, label, style));
  }

  const listed = report.skipped.filter((s) => s.reason !== 'outside-neighbourhood');
  const around = report.skipped.length - listed.length;
  if (report.skipped.length > 0) {
    out.push('', style.bold('Foreign keys not drawn'));
    for (const s of listed) {
      const why = s.reason === 'not-enforced' ? 'NOT ENFORCED' : 'outside the schemas shown';
      out.push(
        `  ${quoteIdent(s.constraint)} (${s.tableLabel} → ${s.referencedLabel}): ${style.dim(why)}`,
      );
    }
    if (around > 0) {
      out.push(
        `  ${around} to or from tables outside the neighbourhood ${style.dim('(--format json lists them)')}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

function heading(report: GraphReport, style: Style): string {
  const schemas =
    report.schemas.length === 1
      ? `schema ${quoteIdent(report.schemas[0]!)}`
      : `schemas ${report.schemas.map(quoteIdent).join(', ') || '(none)'}`;
  const focus = report.focus
    ? ` · around ${report.tables.find((t) => t.key === report.focus!.table)?.label ?? report.focus.table}${report.focus.depth === null ? '' : ` (${plural(report.focus.depth, 'hop')})`}`
    : '';
  const cycles = report.cycles.length;
  const stuck = report.cycles.filter((c) => !c.loadable).length;
  const cycleText =
    cycles === 0
      ? 'no cycles'
      : `${plural(cycles, 'cycle')}${stuck > 0 ? style.red(`, ${stuck} not loadable`) : ''}`;
  return `${style.bold('FK graph')} of ${schemas}${focus}: ${plural(report.tables.length, 'table')}, ${plural(report.edges.length, 'foreign key')}, ${cycleText}`;
}

/** Consecutive tables of one cycle become one group, the rest stay alone. */
function groupCycles(report: GraphReport, keys: string[]): string[][] {
  const cycleOf = new Map(report.tables.map((t) => [t.key, t.cycle]));
  const groups: string[][] = [];
  for (const key of keys) {
    const cycle = cycleOf.get(key) ?? null;
    const last = groups.at(-1);
    if (cycle !== null && last && cycleOf.get(last[0]!) === cycle) last.push(key);
    else groups.push([key]);
  }
  return groups;
}

function renderChain(chain: CascadeChain, label: (key: string) => string, style: Style): string[] {
  const out = [`  ${style.dim('DELETE FROM')} ${style.bold(label(chain.table))}`];
  const below = new Map<number | null, CascadeStep[]>();
  for (const step of chain.steps) {
    const list = below.get(step.via) ?? [];
    list.push(step);
    below.set(step.via, list);
  }
  const index = new Map(chain.steps.map((step, i) => [step, i]));
  const visit = (via: number | null, depth: number) => {
    const indent = '  '.repeat(depth + 1);
    const steps = below.get(via) ?? [];
    for (const step of steps) {
      if (step.effect === 'block') continue;
      const how = style.dim(`(${quoteIdent(step.constraint)}, ${actionSql(step.action)})`);
      const line =
        step.effect === 'delete'
          ? `${style.yellow('✚')} deletes the referencing rows of ${step.label} ${how}`
          : `${style.cyan('∅')} sets ${step.effect === 'set-null' ? 'NULL' : 'the default'} in ${step.label} ${how}`;
      out.push(`${indent}${line}`);
      visit(index.get(step)!, depth + 1);
    }
    // The FKs that make it fail, on one line: there can be many, and nothing follows them.
    const blocks = steps.filter((step) => step.effect === 'block');
    if (blocks.length > 0) {
      const actions = [...new Set(blocks.map((step) => actionSql(step.action)))].join(' or ');
      const names = [...new Set(blocks.map((step) => step.label))];
      out.push(
        ...wrap(names, `${indent}✖ fails while rows of `, {
          paint: (text) => text.replace('✖', style.red('✖')),
          hang: indent.length + 2,
          end: ` reference it ${style.dim(`(${actions})`)}`,
        }),
      );
    }
  };
  visit(null, 1);
  return out;
}

function labels(report: GraphReport): (key: string) => string {
  const byKey = new Map(report.tables.map((t) => [t.key, t.label]));
  return (key) => byKey.get(key) ?? key;
}

/**
 * Items joined by ", " after `prefix` (shown through `paint`), wrapped to the terminal width
 * with continuation lines indented by `hang`, then `end`.
 */
function wrap(
  items: string[],
  prefix: string,
  options: { paint?: (text: string) => string; hang?: number; end?: string } = {},
): string[] {
  const hang = options.hang ?? prefix.length;
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? item : `${line}, ${item}`;
    const room = WIDTH - (lines.length === 0 ? prefix.length : hang);
    if (line !== '' && next.length > room) {
      lines.push(`${line},`);
      line = item;
    } else line = next;
  }
  lines.push(line + (options.end ?? ''));
  const paint = options.paint ?? ((text: string) => text);
  return lines.map((text, i) => (i === 0 ? paint(prefix) : ' '.repeat(hang)) + text);
}

/** Words wrapped to the terminal width: the first line after `first`, the rest indented by `hang`. */
function prose(text: string, first: string, hang: number): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(' ')) {
    // Measured without colour codes, which take no room on the screen.
    const visible = (line + word).replace(colourCode, '');
    if (!empty && visible.length + 1 > WIDTH) {
      lines.push(line);
      line = ' '.repeat(hang);
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
