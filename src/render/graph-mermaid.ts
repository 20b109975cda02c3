// `fkdoctor graph --format mermaid`: a Mermaid flowchart (renders on GitHub, GitLab and in
// Markdown previews). One node per table, one line per FK from the referencing table to the
// referenced one, labelled with the constraint and its ON DELETE action; cycle edges in red,
// those to defer or load NULL first dashed, those no order gets past dotted; partitions point
// at their partitioned table with a dotted arrow.

import type { GraphReport } from '../doctor/graph/graph-report.js';
import { actionSql } from './fk-action.js';

const CYCLE = 'stroke:#c0392b,stroke-width:2px';

export function renderGraphMermaid(report: GraphReport): string {
  // Right to left: FKs point from child to parent, so parents (level 0) end up on the left.
  const out = ['flowchart RL'];
  const id = new Map(report.tables.map((table, i) => [table.key, `t${i}`]));
  for (const table of report.tables) out.push(`  ${id.get(table.key)}["${text(table.label)}"]`);

  const cycleLinks: number[] = [];
  const brokenLinks: number[] = [];
  const blockingLinks: number[] = [];
  report.edges.forEach((edge, i) => {
    const label = `${text(edge.constraint)}<br>ON DELETE ${actionSql(edge.onDelete)}`;
    out.push(`  ${id.get(edge.child)} -->|"${label}"| ${id.get(edge.parent)}`);
    if (edge.cycle === null) return;
    const role = edge.cycleRole;
    if (role === 'change') blockingLinks.push(i);
    else if (role === 'defer' || role === 'null-then-update') brokenLinks.push(i);
    else cycleLinks.push(i);
  });
  for (const table of report.tables) {
    const up = table.partitionOf === null ? undefined : id.get(table.partitionOf);
    if (up) out.push(`  ${id.get(table.key)} -.->|"partition of"| ${up}`);
  }

  const inCycle = report.tables.filter((t) => t.cycle !== null).map((t) => id.get(t.key));
  if (inCycle.length > 0) {
    out.push('  classDef cycle fill:#fdecea,stroke:#c0392b,color:#000');
    out.push(`  class ${inCycle.join(',')} cycle`);
  }
  if (cycleLinks.length > 0) out.push(`  linkStyle ${cycleLinks.join(',')} ${CYCLE}`);
  if (brokenLinks.length > 0) {
    out.push(`  linkStyle ${brokenLinks.join(',')} ${CYCLE},stroke-dasharray:6 4`);
  }
  if (blockingLinks.length > 0) {
    out.push(
      `  linkStyle ${blockingLinks.join(',')} ${CYCLE},stroke-width:3px,stroke-dasharray:2 3`,
    );
  }
  return `${out.join('\n')}\n`;
}

/**
 * Text inside a quoted Mermaid label. Mermaid turns `#code;` into a character, so anything
 * that would end the quote, start markup or an entity, or break the line is written that way.
 */
function text(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    out += code < 32 || code === 127 || '"#&<>|`'.includes(ch) ? `#${code};` : ch;
  }
  return out;
}
