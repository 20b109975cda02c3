// `fkdoctor graph --format dot`: Graphviz DOT. Nodes get plain ids (t0, t1, ...) and the names
// go in quoted labels, so no identifier can break the syntax; tables of one level share a rank.
// Cycle edges are red: dashed when deferred or loaded NULL first, dotted when no order gets
// past them.

import type { GraphReport } from '../doctor/graph/graph-report.js';
import { actionSql } from './fk-action.js';

export function renderGraphDot(report: GraphReport): string {
  const id = new Map(report.tables.map((table, i) => [table.key, `t${i}`]));
  const out = [
    'digraph fkdoctor {',
    // Right to left: FKs point from child to parent, so parents (level 0) are on the left.
    '  graph [rankdir=RL, charset="UTF-8", fontname="Helvetica"];',
    '  node [shape=box, style="rounded,filled", fillcolor="#f6f8fa", fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const table of report.tables) {
    const style = table.cycle === null ? '' : ', color="#c0392b", fillcolor="#fdecea"';
    out.push(`  ${id.get(table.key)} [label=${quote(table.label)}${style}];`);
  }
  for (const edge of report.edges) {
    const label = quote(`${edge.constraint}\nON DELETE ${actionSql(edge.onDelete)}`);
    let style = '';
    if (edge.cycle !== null) {
      const role = edge.cycleRole;
      const line =
        role === 'change'
          ? ', style=dotted, penwidth=3'
          : role === 'defer' || role === 'null-then-update'
            ? ', style=dashed, penwidth=2'
            : ', penwidth=2';
      style = `, color="#c0392b", fontcolor="#c0392b"${line}`;
    }
    out.push(`  ${id.get(edge.child)} -> ${id.get(edge.parent)} [label=${label}${style}];`);
  }
  for (const table of report.tables) {
    const up = table.partitionOf === null ? undefined : id.get(table.partitionOf);
    if (up) {
      out.push(
        `  ${id.get(table.key)} -> ${up} [label="partition of", style=dotted, arrowhead=empty, color="#888888"];`,
      );
    }
  }
  for (const level of report.levels) {
    out.push(`  { rank=same; ${level.tables.map((key) => `${id.get(key)};`).join(' ')} }`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

/**
 * A DOT string for a label: inside quotes only `"` needs escaping, but labels also read
 * backslash sequences (\n, \l, \N...), so a backslash is doubled and a line break becomes \n.
 */
function quote(value: string): string {
  return `"${value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, '\\n')}"`;
}
