// Every output format of the graph, read back: Mermaid (a flowchart, one line per FK), DOT
// (statements and labels, unescaped), JSON, SVG (well-formed XML: a <rect> per table, a <path>
// per FK) and text. Names with spaces, quotes, Mixed Case, unicode, a line break and the
// characters each format treats specially (odd-names.sql) come out as they went in.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { GraphReport } from '../../../src/doctor/graph/graph-report.js';
import { renderGraphDot } from '../../../src/render/graph-dot.js';
import { renderGraphJson } from '../../../src/render/graph-json.js';
import { renderGraphMermaid } from '../../../src/render/graph-mermaid.js';
import { renderGraphSvg } from '../../../src/render/graph-svg.js';
import { renderGraphText } from '../../../src/render/graph-text.js';
import { plain } from '../../../src/render/style.js';
import { quoteQualified } from '../../../src/sql/quote.js';
import { allElements, parseXml } from '../../support/xml.js';
import { graphSchema, loadedOnEverySubject, PAGILA } from './load.js';

const odd = loadedOnEverySubject(() => graphSchema('odd-names.sql'));
const pagila = loadedOnEverySubject(() => readFile(PAGILA, 'utf8'));

/** The node labels and edges of a DOT graph as written by renderGraphDot. */
function readDot(text: string) {
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('digraph fkdoctor {');
  expect(lines.at(-1)).toBe('}');
  const string = String.raw`"((?:[^"\\]|\\.)*)"`;
  const unquote = (s: string) => s.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch));
  const nodes = new Map<string, string>();
  const edges: { from: string; to: string; label: string; attributes: string }[] = [];
  for (const line of lines.slice(1, -1)) {
    const node = new RegExp(`^  (t\\d+) \\[label=${string}(.*)\\];$`).exec(line);
    const edge = new RegExp(`^  (t\\d+) -> (t\\d+) \\[label=${string}(.*)\\];$`).exec(line);
    if (node) nodes.set(node[1]!, unquote(node[2]!));
    else if (edge)
      edges.push({ from: edge[1]!, to: edge[2]!, label: unquote(edge[3]!), attributes: edge[4]! });
    else expect(line).toMatch(/^ {2}(graph|node|edge) \[.*\];$|^ {2}\{ rank=same;( t\d+;)+ \}$/);
  }
  return { nodes, edges };
}

/** Mermaid `#code;` entities back to characters. */
const mermaidText = (s: string) =>
  s.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));

it('the XML reader refuses what is not well-formed', () => {
  for (const bad of [
    '<svg><text>a & b</text></svg>',
    '<svg><g></svg>',
    '<svg a="1" a="2"/>',
    '<svg a=1/>',
    '<svg>\u0001</svg>',
    '<svg/><svg/>',
    '<svg>&nbsp;</svg>',
  ]) {
    expect(() => parseXml(bad), bad).toThrow(/XML line/);
  }
  expect(parseXml('<svg a="&lt;&#34;"><t>x &amp; y</t></svg>').children[0]?.text).toBe('x & y');
});

describe.each(odd.subjects.map((s) => s.label))('odd names on %s', (label) => {
  const names = (report: GraphReport) => report.tables.map((t) => t.label);

  it('labels every table with its SQL name, schema included (two schemas shown)', () => {
    const { report, catalog } = odd.get(label);
    expect(names(report).sort()).toEqual(catalog.tables.map((t) => quoteQualified(t)).sort());
    expect(names(report)).toContain('"Sales Dept"."Customer ""VIP"" <List> & Co"');
    expect(names(report)).toContain('public."two\nlines"');
  });

  it('text', () => {
    const { report } = odd.get(label);
    const text = renderGraphText(report, plain);
    for (const name of names(report)) expect(text).toContain(name.split('\n')[0]);
    expect(text).toContain('SET CONSTRAINTS public."FK ""quoted"" back\\slash" DEFERRED;');
  });

  it('JSON', () => {
    const { report, catalog } = odd.get(label);
    const json = JSON.parse(renderGraphJson(report));
    expect(json.format).toBe('fkdoctor-graph');
    expect(json.version).toBe(1);
    expect(
      json.tables.map((t: { schema: string; name: string }) => [t.schema, t.name]).sort(),
    ).toEqual(catalog.tables.map((t) => [t.schema, t.name]).sort());
    expect(json.edges.map((e: { constraint: string }) => e.constraint).sort()).toEqual(
      catalog.foreignKeys.map((fk) => fk.name).sort(),
    );
  });

  it('Mermaid', () => {
    const { report } = odd.get(label);
    const lines = renderGraphMermaid(report).trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart RL');
    const nodeLines = lines.filter((l) => /^ {2}t\d+\["/.test(l));
    expect(nodeLines.map((l) => mermaidText(/\["(.*)"\]$/.exec(l)![1]!))).toEqual(names(report));
    // Inside a label nothing that could end it or start markup is left raw.
    for (const l of nodeLines) expect(/\["(.*)"\]$/.exec(l)![1]).not.toMatch(/["<>&|`]/);
    const fkLines = lines.filter((l) => l.includes(' -->|'));
    expect(fkLines).toHaveLength(report.edges.length);
    fkLines.forEach((line, i) => {
      const edge = report.edges[i]!;
      const [, label] = /-->\|"(.*)"\|/.exec(line)!;
      expect(mermaidText(label!)).toBe(
        `${edge.constraint}<br>ON DELETE ${edge.onDelete.replace('-', ' ').toUpperCase()}`,
      );
    });
    // The deferred edge of the cycle dashed, the other cycle edges red.
    const deferred = report.edges.findIndex((e) => e.cycleRole === 'defer');
    expect(lines).toContain(
      `  linkStyle ${deferred} stroke:#c0392b,stroke-width:2px,stroke-dasharray:6 4`,
    );
  });

  it('DOT', () => {
    const { report } = odd.get(label);
    const dot = readDot(renderGraphDot(report));
    expect([...dot.nodes.values()]).toEqual(names(report));
    expect(dot.edges).toHaveLength(report.edges.length);
    const id = new Map(report.tables.map((t, i) => [t.key, `t${i}`]));
    report.edges.forEach((edge, i) => {
      expect(dot.edges[i]).toMatchObject({ from: id.get(edge.child), to: id.get(edge.parent) });
      expect(dot.edges[i]!.label.split('\n').slice(0, -1).join('\n')).toBe(edge.constraint);
    });
  });

  it('SVG', () => {
    const { report } = odd.get(label);
    const svg = parseXml(renderGraphSvg(report));
    expect(svg.name).toBe('svg');
    expect(svg.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    const elements = allElements(svg);
    const tables = elements.filter((e) => e.name === 'g' && e.attributes.class === 'table');
    expect(elements.filter((e) => e.name === 'rect')).toHaveLength(report.tables.length);
    expect(elements.filter((e) => e.name === 'path')).toHaveLength(report.edges.length);
    // The name is the first text of each box; a line break is drawn as the symbol ␊.
    expect(tables.map((g) => g.children.find((c) => c.name === 'text')!.text)).toEqual(
      names(report).map((n) => n.replace('\n', '\u240a')),
    );
    const paths = elements.filter((e) => e.name === 'path');
    expect(paths.map((p) => p.children[0]!.text.split(':')[0])).toEqual(
      report.edges.map((e) => e.constraint.replace('\n', '\u240a')),
    );
    expect(paths.filter((p) => p.attributes.class?.includes('cycle'))).toHaveLength(3);
    for (const path of paths)
      expect(path.attributes.d).toMatch(/^M[-\d.]+,[-\d.]+( [CLS][-\d., ]+)+$/);
  });
});

describe.each(pagila.subjects.map((s) => s.label))('pagila drawn on %s', (label) => {
  it('SVG: a box per table, an arrow per FK, all inside the picture', () => {
    const { report } = pagila.get(label);
    const svg = parseXml(renderGraphSvg(report));
    const elements = allElements(svg);
    const rects = elements.filter((e) => e.name === 'rect');
    expect(rects).toHaveLength(22);
    expect(elements.filter((e) => e.name === 'path' && e.attributes.class === 'fk')).toHaveLength(
      36,
    );
    const width = Number(svg.attributes.width);
    const height = Number(svg.attributes.height);
    for (const rect of rects) {
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((a) => Number(rect.attributes[a]));
      expect(x! >= 0 && y! >= 0 && x! + w! <= width && y! + h! <= height).toBe(true);
    }
    // Boxes of one column never overlap.
    const boxes = rects.map((r) => ({
      x: Number(r.attributes.x),
      y: Number(r.attributes.y),
      h: Number(r.attributes.height),
    }));
    for (const a of boxes) {
      for (const b of boxes) {
        if (a === b || a.x !== b.x) continue;
        expect(a.y + a.h <= b.y || b.y + b.h <= a.y).toBe(true);
      }
    }
  });

  it('Mermaid and DOT: one line per FK', () => {
    const { report } = pagila.get(label);
    const mermaid = renderGraphMermaid(report).split('\n');
    expect(mermaid.filter((l) => l.includes(' -->|'))).toHaveLength(36);
    // Partitions point at their partitioned table, dotted.
    expect(mermaid.filter((l) => l.includes(' -.->|"partition of"| '))).toHaveLength(7);
    const dot = readDot(renderGraphDot(report));
    expect(dot.edges.filter((e) => e.label !== 'partition of')).toHaveLength(36);
    expect(dot.nodes.size).toBe(22);
  });
});
