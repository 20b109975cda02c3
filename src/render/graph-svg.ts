// `fkdoctor graph --format svg`: a self-contained SVG drawn by fkdoctor (no Graphviz): one
// column per dependency level, parents on the left; a box per table, an arrow per FK from the
// referencing table to the referenced one; cycles in red, the FKs to defer or load NULL first
// dashed, those no order gets past dotted;
// a partition says whose it is on a second line; a legend below. Each box and arrow carries a
// <title>, which browsers show on hover.

import type { GraphEdge, GraphReport } from '../doctor/graph/graph-report.js';
import { actionSql } from './fk-action.js';
import { layeredLayout } from './graph-layout.js';

const FONT_SIZE = 13;
// Table names are set in a monospace font, so their width is known without measuring:
// 0.6 em per character in the usual monospace fonts (a little more here to be safe).
const CELL = FONT_SIZE * 0.62;
const BOX_HEIGHT = 28;
const PAD = 10;
const TOP = 64;
// Room for the small second line of a partition or partitioned table.
const SUB_HEIGHT = 14;
// Vertical room per arrow on one side of a box.
const PORT_GAP = 9;
const LEGEND_LINE = 18;
const MARGIN = 20;

const MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace";
const SANS = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

const GREY = '#57606a';
const RED = '#c0392b';
const LIGHT = '#8c959f';

export function renderGraphSvg(report: GraphReport): string {
  // A box is as tall as its busiest side needs for the arrows to stay apart.
  const levelOf = new Map(report.tables.map((t) => [t.key, t.level]));
  const ports = new Map<string, { left: number; right: number }>();
  const count = (key: string, side: 'left' | 'right') => {
    const entry = ports.get(key) ?? { left: 0, right: 0 };
    entry[side]++;
    ports.set(key, entry);
  };
  for (const e of report.edges) {
    if (e.child === e.parent) continue;
    const sameLevel = levelOf.get(e.child) === levelOf.get(e.parent);
    count(e.child, sameLevel ? 'right' : 'left');
    count(e.parent, 'right');
  }
  const nodes = report.tables.map((t) => {
    const sub = subtitle(report, t);
    const busiest = Math.max(ports.get(t.key)?.left ?? 0, ports.get(t.key)?.right ?? 0);
    const base = sub ? BOX_HEIGHT + SUB_HEIGHT : BOX_HEIGHT;
    return {
      id: t.key,
      level: t.level,
      width: Math.max(48, Math.ceil(Math.max(textWidth(t.label), sansWidth(sub, 11)) + 2 * PAD)),
      height: Math.max(base, PORT_GAP * (busiest + 1)),
    };
  });
  const fkLinks = report.edges.map((e) => ({ from: e.child, to: e.parent }));
  const layout = layeredLayout(nodes, fkLinks, { top: TOP, margin: MARGIN, rowGap: 22 });

  const title = heading(report);
  const legendTop = layout.height + 8;
  const legend = legendItems(report);
  const legendWidth = Math.max(...legend.map((item) => 40 + sansWidth(item.text)));
  const width = Math.ceil(
    Math.max(layout.width, MARGIN * 2 + sansWidth(title, 15), MARGIN * 2 + legendWidth),
  );
  const height = Math.ceil(legendTop + LEGEND_LINE * legend.length + 16);

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xml(SANS)}" font-size="${FONT_SIZE}">`,
    `<title>${xml(title)}</title>`,
    '<defs>',
    marker('arrow', GREY),
    marker('arrow-cycle', RED),
    '</defs>',
    // A polygon, so that every <rect> is a table and every <path> a link.
    `<polygon class="background" points="0,0 ${width},0 ${width},${height} 0,${height}" fill="#ffffff"/>`,
  ];
  out.push(
    `<text x="${MARGIN}" y="28" font-size="15" font-weight="600" fill="#1f2328">${xml(title)}</text>`,
  );
  for (const column of layout.columns) {
    out.push(
      `<text class="level" x="${column.x}" y="${TOP - 14}" fill="${LIGHT}">level ${column.level}</text>`,
    );
  }

  out.push('<g class="edges" fill="none">');
  report.edges.forEach((edge, i) => {
    const link = layout.links[i]!;
    const onCycle = edge.cycle !== null;
    const broken = edge.cycleRole === 'defer' || edge.cycleRole === 'null-then-update';
    const blocking = edge.cycleRole === 'change';
    const classes = ['fk', onCycle ? 'cycle' : '', broken ? 'break' : '', blocking ? 'change' : ''];
    const dash = broken ? ' stroke-dasharray="6 4"' : blocking ? ' stroke-dasharray="2 3"' : '';
    out.push(
      `<path class="${classes.filter(Boolean).join(' ')}" d="${link.path}" stroke="${onCycle ? RED : GREY}" stroke-width="${blocking ? 3 : onCycle ? 2 : 1.2}"${dash} marker-end="url(#${onCycle ? 'arrow-cycle' : 'arrow'})"><title>${xml(edgeTitle(report, edge))}</title></path>`,
    );
  });
  out.push('</g>');

  out.push('<g class="tables">');
  const placed = new Map(layout.nodes.map((node) => [node.id, node]));
  for (const table of report.tables) {
    const box = placed.get(table.key)!;
    const onCycle = table.cycle !== null;
    const about = [
      table.label,
      `level ${table.level}`,
      table.kind === 'partitioned-table' ? 'partitioned table' : '',
      table.partitionOf ? `partition of ${label(report, table.partitionOf)}` : '',
      onCycle ? 'on a cycle' : '',
    ].filter(Boolean);
    const sub = subtitle(report, table);
    // Name (and the partition line) centred in the box, however tall the arrows made it.
    const nameY = box.y + box.height / 2 + FONT_SIZE * 0.35 - (sub ? SUB_HEIGHT / 2 : 0);
    out.push(
      `<g class="table"><title>${xml(about.join(' · '))}</title>` +
        `<rect x="${box.x}" y="${r(box.y)}" width="${box.width}" height="${box.height}" rx="5" fill="${onCycle ? '#fdecea' : '#f6f8fa'}" stroke="${onCycle ? RED : '#d0d7de'}" stroke-width="${onCycle ? 1.5 : 1}"${table.kind === 'partitioned-table' ? ' stroke-dasharray="4 2"' : ''}/>` +
        `<text x="${box.x + PAD}" y="${r(nameY)}" font-family="${xml(MONO)}" fill="#1f2328">${xml(table.label)}</text>` +
        (sub
          ? `<text x="${box.x + PAD}" y="${r(nameY + SUB_HEIGHT)}" font-size="11" fill="${LIGHT}">${xml(sub)}</text>`
          : '') +
        '</g>',
    );
  }
  out.push('</g>');

  out.push(`<g class="legend" font-size="12" fill="${GREY}">`);
  legend.forEach((item, i) => {
    const x = MARGIN;
    const y = legendTop + 16 + LEGEND_LINE * i;
    out.push(
      `<line x1="${x}" y1="${y}" x2="${x + 30}" y2="${y}" stroke="${item.colour}" stroke-width="${item.width}"${item.dash ? ` stroke-dasharray="${item.dash}"` : ''} marker-end="url(#${item.marker})"/>`,
      `<text x="${x + 40}" y="${y + 4}">${xml(item.text)}</text>`,
    );
  });
  out.push('</g>', '</svg>');
  return `${out.join('\n')}\n`;
}

/** The second line of a box: what partition tree the table belongs to. */
function subtitle(report: GraphReport, table: GraphReport['tables'][number]): string {
  if (table.partitionOf !== null) return `partition of ${label(report, table.partitionOf)}`;
  return table.kind === 'partitioned-table' ? 'partitioned' : '';
}

function marker(id: string, colour: string): string {
  const fill = colour;
  return `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><polygon points="0,1 10,5 0,9" fill="${fill}" stroke="${colour}" stroke-width="1"/></marker>`;
}

interface LegendItem {
  text: string;
  colour: string;
  width: number;
  dash: string | null;
  marker: string;
}

/** Only the kinds of line the drawing has, and always the plain FK. */
function legendItems(report: GraphReport): LegendItem[] {
  const items: LegendItem[] = [
    {
      text: 'foreign key: referencing → referenced table',
      colour: GREY,
      width: 1.2,
      dash: null,
      marker: 'arrow',
    },
  ];
  if (report.edges.some((e) => e.cycle !== null)) {
    items.push({ text: 'on a cycle', colour: RED, width: 2, dash: null, marker: 'arrow-cycle' });
  }
  if (report.edges.some((e) => e.cycleRole === 'defer' || e.cycleRole === 'null-then-update')) {
    items.push({
      text: 'deferred or loaded NULL first',
      colour: RED,
      width: 2,
      dash: '6 4',
      marker: 'arrow-cycle',
    });
  }
  if (report.edges.some((e) => e.cycleRole === 'change')) {
    items.push({
      text: 'blocks loading: make it DEFERRABLE or nullable',
      colour: RED,
      width: 3,
      dash: '2 3',
      marker: 'arrow-cycle',
    });
  }
  return items;
}

function heading(report: GraphReport): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const stuck = report.cycles.filter((c) => !c.loadable).length;
  const cycles =
    report.cycles.length === 0
      ? 'no cycles'
      : `${n(report.cycles.length, 'cycle')}${stuck > 0 ? ` (${stuck} not loadable)` : ''}`;
  const schemas = `schema${report.schemas.length === 1 ? '' : 's'} ${report.schemas.join(', ')}`;
  const focus = report.focus ? ` around ${label(report, report.focus.table)}` : '';
  return `FK graph of ${schemas}${focus}: ${n(report.tables.length, 'table')}, ${n(report.edges.length, 'foreign key')}, ${cycles}`;
}

function edgeTitle(report: GraphReport, edge: GraphEdge): string {
  const columns = `(${edge.columns.join(', ')}) → (${edge.referencedColumns.join(', ')})`;
  const role = edge.cycleRole ? ` · cycle: ${edge.cycleRole}` : '';
  return `${edge.constraint}: ${label(report, edge.child)} ${columns} ${label(report, edge.parent)} · ON DELETE ${actionSql(edge.onDelete)}${role}`;
}

function label(report: GraphReport, key: string): string {
  return report.tables.find((t) => t.key === key)?.label ?? key;
}

/** Control characters drawn as their visible symbols (U+2400...), which XML can also hold. */
function display(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    out += code < 32 ? String.fromCharCode(0x2400 + code) : code === 127 ? '\u2421' : ch;
  }
  return out;
}

/** Text for XML content or a double-quoted attribute. */
function xml(text: string): string {
  return display(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Width of monospace text: wide (East Asian, emoji) characters take about two cells. */
function textWidth(text: string): number {
  let cells = 0;
  for (const ch of display(text)) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0x300 && code <= 0x36f) continue; // combining marks take no room
    cells += isWide(code) ? 1.7 : 1;
  }
  return cells * CELL;
}

/** Proportional text, estimated: headings and the legend only need to fit roughly. */
function sansWidth(text: string, size = 12): number {
  return [...text].length * size * 0.56;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

function r(value: number): number {
  return Math.round(value * 10) / 10;
}
