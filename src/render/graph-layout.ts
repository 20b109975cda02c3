// A layered (Sugiyama-style) drawing of a directed graph whose nodes come with a level: one
// column per level, left to right; a link spanning several columns is split by virtual nodes
// so that it runs between boxes, not through them; the order inside each column comes from
// barycenter sweeps (keeping the order with the fewest crossings), and the heights from
// repeatedly moving each node towards its neighbours without letting boxes overlap.
// Pure geometry: the caller measures the labels and draws the result.

export interface LayoutNodeInput {
  id: string;
  level: number;
  width: number;
  height: number;
}

export interface LayoutLinkInput {
  /** The node the link starts from (for an FK: the referencing table). */
  from: string;
  /** The node the arrow points at (the referenced table). */
  to: string;
}

export interface PlacedNode extends LayoutNodeInput {
  /** Top-left corner. */
  x: number;
  y: number;
  column: number;
}

export interface RoutedLink {
  from: string;
  to: string;
  /** `across` columns, between two nodes of the `same-column`, or a node to `itself`. */
  kind: 'across' | 'same-column' | 'itself';
  /** SVG path data, from the start to the arrow's tip. */
  path: string;
}

export interface Layout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  /** In input order. */
  links: RoutedLink[];
  columns: { level: number; x: number; width: number }[];
}

export interface LayoutOptions {
  /** Free space above the first row (for a title and the column headings). */
  top?: number;
  margin?: number;
  /** Horizontal room between columns. */
  columnGap?: number;
  /** Vertical room between two boxes of a column. */
  rowGap?: number;
  /** Barycenter sweeps (each one way). */
  sweeps?: number;
}

interface Vertex {
  index: number;
  node: LayoutNodeInput | null;
  column: number;
  height: number;
  /** Vertices in the column to the left / right that a segment joins this one to. */
  left: number[];
  right: number[];
  y: number;
}

const DUMMY_HEIGHT = 4;

export function layeredLayout(
  nodes: readonly LayoutNodeInput[],
  links: readonly LayoutLinkInput[],
  options: LayoutOptions = {},
): Layout {
  const top = options.top ?? 20;
  const margin = options.margin ?? 20;
  const columnGap = options.columnGap ?? 100;
  const rowGap = options.rowGap ?? 16;

  const levels = [...new Set(nodes.map((n) => n.level))].sort((a, b) => a - b);
  const columnOf = new Map(levels.map((level, i) => [level, i]));
  const vertices: Vertex[] = [];
  const vertexOf = new Map<string, Vertex>();
  const add = (node: LayoutNodeInput | null, column: number, height: number): Vertex => {
    const v: Vertex = { index: vertices.length, node, column, height, left: [], right: [], y: 0 };
    vertices.push(v);
    return v;
  };
  for (const node of nodes) {
    if (vertexOf.has(node.id)) throw new Error(`layout: node ${node.id} given twice`);
    vertexOf.set(node.id, add(node, columnOf.get(node.level) as number, node.height));
  }

  // Each link across columns becomes a chain of vertices, one per column, from `from` to `to`.
  const chains: (Vertex[] | null)[] = links.map((link) => {
    const a = vertexOf.get(link.from);
    const b = vertexOf.get(link.to);
    if (!a || !b) throw new Error(`layout: link ${link.from} → ${link.to} names an unknown node`);
    if (a.column === b.column) return null;
    const step = a.column < b.column ? 1 : -1;
    const chain = [a];
    for (let c = a.column + step; c !== b.column; c += step) chain.push(add(null, c, DUMMY_HEIGHT));
    chain.push(b);
    for (let i = 1; i < chain.length; i++) {
      const [p, q] = [chain[i - 1] as Vertex, chain[i] as Vertex];
      const [l, r] = p.column < q.column ? [p, q] : [q, p];
      l.right.push(r.index);
      r.left.push(l.index);
    }
    return chain;
  });

  const columns: Vertex[][] = levels.map(() => []);
  for (const v of vertices) columns[v.column]?.push(v);
  orderColumns(columns, vertices, options.sweeps ?? 12);

  // Widths and x: each column as wide as its widest box.
  const widths = columns.map((col) => Math.max(0, ...col.map((v) => v.node?.width ?? 0)));
  const xs: number[] = [];
  let x = margin;
  for (const width of widths) {
    xs.push(x);
    x += width + columnGap;
  }

  placeHeights(columns, vertices, rowGap);
  const minTop = Math.min(...vertices.map((v) => v.y - v.height / 2));
  for (const v of vertices) v.y += top - minTop;

  const placed = new Map<Vertex, PlacedNode>();
  for (const v of vertices) {
    if (!v.node) continue;
    placed.set(v, {
      ...v.node,
      x: xs[v.column] as number,
      y: v.y - v.height / 2,
      column: v.column,
    });
  }

  const routed = routeLinks(links, chains, vertexOf, placed, xs, widths);
  const bottom = Math.max(top, ...vertices.map((v) => v.y + v.height / 2));
  return {
    width: x - columnGap + Math.min(columnGap, 60) + margin,
    height: bottom + margin,
    nodes: [...placed.values()],
    links: routed,
    columns: levels.map((level, i) => ({
      level,
      x: xs[i] as number,
      width: widths[i] as number,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Order inside each column.

function orderColumns(columns: Vertex[][], vertices: Vertex[], sweeps: number): void {
  const position = new Float64Array(vertices.length);
  const number = () =>
    columns.forEach((col) => {
      col.forEach((v, i) => {
        position[v.index] = i;
      });
    });
  number();
  const sortBy = (col: Vertex[], side: 'left' | 'right') => {
    const bary = new Map<Vertex, number>();
    for (const v of col) {
      const others = v[side];
      bary.set(
        v,
        others.length === 0
          ? (position[v.index] as number)
          : others.reduce((sum, o) => sum + (position[o] as number), 0) / others.length,
      );
    }
    // Array.prototype.sort is stable: equal barycenters keep their order.
    col.sort((a, b) => (bary.get(a) as number) - (bary.get(b) as number));
    col.forEach((v, i) => {
      position[v.index] = i;
    });
  };

  let best = columns.map((col) => [...col]);
  let fewest = crossings(columns, position);
  for (let sweep = 0; sweep < sweeps && fewest > 0; sweep++) {
    if (sweep % 2 === 0) for (let c = 1; c < columns.length; c++) sortBy(columns[c]!, 'left');
    else for (let c = columns.length - 2; c >= 0; c--) sortBy(columns[c]!, 'right');
    const now = crossings(columns, position);
    if (now < fewest) {
      fewest = now;
      best = columns.map((col) => [...col]);
    }
  }
  best.forEach((col, c) => {
    columns[c] = col;
  });
  number();
}

/** Crossings between every pair of neighbouring columns: inversions, counted by merge sort. */
function crossings(columns: Vertex[][], position: Float64Array): number {
  let total = 0;
  for (let c = 0; c + 1 < columns.length; c++) {
    const pairs: [number, number][] = [];
    for (const v of columns[c]!) {
      for (const r of v.right) pairs.push([position[v.index] as number, position[r] as number]);
    }
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    total += inversions(pairs.map((p) => p[1]));
  }
  return total;
}

function inversions(values: number[]): number {
  if (values.length < 2) return 0;
  const mid = values.length >> 1;
  const left = values.slice(0, mid);
  const right = values.slice(mid);
  let count = inversions(left) + inversions(right);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) {
    if ((left[i] as number) <= (right[j] as number)) values[k++] = left[i++] as number;
    else {
      count += left.length - i;
      values[k++] = right[j++] as number;
    }
  }
  while (i < left.length) values[k++] = left[i++] as number;
  while (j < right.length) values[k++] = right[j++] as number;
  return count;
}

// ---------------------------------------------------------------------------------------------
// Heights: each vertex is pulled to the mean height of its neighbours, in column order, with
// enough room between neighbours; solved exactly per column by pooling adjacent violators.

function placeHeights(columns: Vertex[][], vertices: Vertex[], rowGap: number): void {
  const gap = (a: Vertex, b: Vertex) =>
    (a.height + b.height) / 2 + (a.node && b.node ? rowGap : rowGap / 2);
  // Start stacked, each column centred on the same line.
  for (const col of columns) {
    let y = 0;
    col.forEach((v, i) => {
      if (i > 0) y += gap(col[i - 1] as Vertex, v);
      v.y = y;
    });
    const middle = y / 2;
    for (const v of col) v.y -= middle;
  }
  for (let round = 0; round < 8; round++) {
    const order = round % 2 === 0 ? columns : [...columns].reverse();
    for (const col of order) {
      const wanted = col.map((v) => {
        const others = [...v.left, ...v.right];
        if (others.length === 0) return v.y;
        return others.reduce((sum, o) => sum + (vertices[o] as Vertex).y, 0) / others.length;
      });
      const ys = packInOrder(
        wanted,
        col.map((v, i) => (i === 0 ? 0 : gap(col[i - 1] as Vertex, v))),
      );
      col.forEach((v, i) => {
        v.y = ys[i] as number;
      });
    }
  }
}

/**
 * The heights closest (least squares) to `wanted` with y[i] - y[i-1] >= gaps[i]: shifting by
 * the running sum of gaps turns it into a monotone regression, which pooling adjacent
 * violators solves exactly.
 */
function packInOrder(wanted: number[], gaps: number[]): number[] {
  const offset: number[] = [];
  let sum = 0;
  for (const g of gaps) {
    sum += g;
    offset.push(sum);
  }
  const blocks: { mean: number; size: number }[] = [];
  wanted.forEach((w, i) => {
    blocks.push({ mean: w - (offset[i] as number), size: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1] as { mean: number; size: number };
      const before = blocks[blocks.length - 2] as { mean: number; size: number };
      if (before.mean <= last.mean) break;
      const size = before.size + last.size;
      blocks.splice(-2, 2, {
        mean: (before.mean * before.size + last.mean * last.size) / size,
        size,
      });
    }
  });
  const out: number[] = [];
  for (const block of blocks) for (let i = 0; i < block.size; i++) out.push(block.mean);
  return out.map((z, i) => z + (offset[i] as number));
}

// ---------------------------------------------------------------------------------------------
// Paths. Links leave a box on the side facing their next column and arrive on the side facing
// the previous one; several links on one side are spread along it in the order of the heights
// they come from, so that they do not cross at the box.

interface Port {
  link: number;
  /** Height of the other end, for ordering the ports of one side. */
  toward: number;
  y: number;
}

function routeLinks(
  links: readonly LayoutLinkInput[],
  chains: (Vertex[] | null)[],
  vertexOf: Map<string, Vertex>,
  placed: Map<Vertex, PlacedNode>,
  xs: number[],
  widths: number[],
): RoutedLink[] {
  const box = (v: Vertex) => placed.get(v) as PlacedNode;
  // Ports per vertex side: `l` (left side) and `r` (right side).
  const ports = new Map<string, { vertex: Vertex; list: Port[] }>();
  const port = (v: Vertex, side: 'l' | 'r', link: number, toward: number): Port => {
    const key = `${v.index}${side}`;
    const entry = ports.get(key) ?? { vertex: v, list: [] };
    const p = { link, toward, y: 0 };
    entry.list.push(p);
    ports.set(key, entry);
    return p;
  };
  const starts: (Port | null)[] = [];
  const ends: (Port | null)[] = [];
  links.forEach((link, i) => {
    const a = vertexOf.get(link.from) as Vertex;
    const b = vertexOf.get(link.to) as Vertex;
    const chain = chains[i];
    if (a === b) {
      starts.push(null);
      ends.push(null);
    } else if (!chain) {
      // Same column: both ends on the right side, where the arc bulges out.
      starts.push(port(a, 'r', i, b.y));
      ends.push(port(b, 'r', i, a.y));
    } else {
      const next = chain[1] as Vertex;
      const previous = chain[chain.length - 2] as Vertex;
      starts.push(port(a, next.column > a.column ? 'r' : 'l', i, next.y));
      ends.push(port(b, previous.column > b.column ? 'r' : 'l', i, previous.y));
    }
  });
  for (const { vertex, list } of ports.values()) {
    const { y, height } = box(vertex);
    // Ties (links to one box): the first link takes the outer port at both ends, so two arcs
    // between the same boxes nest instead of crossing.
    const middle = y + height / 2;
    list.sort(
      (p, q) => p.toward - q.toward || (p.toward >= middle ? p.link - q.link : q.link - p.link),
    );
    list.forEach((p, k) => {
      p.y = y + (height * (k + 1)) / (list.length + 1);
    });
  }

  const selfCount = new Map<Vertex, number>();
  // Arcs between the same two boxes nest: the one whose ends are further apart bulges more.
  const arcs = new Map<string, number[]>();
  links.forEach((link, i) => {
    const a = vertexOf.get(link.from) as Vertex;
    const b = vertexOf.get(link.to) as Vertex;
    if (a === b || chains[i]) return;
    const pair = a.index < b.index ? `${a.index},${b.index}` : `${b.index},${a.index}`;
    arcs.set(pair, [...(arcs.get(pair) ?? []), i]);
  });
  const arcRank = new Map<number, number>();
  for (const list of arcs.values()) {
    const extent = (i: number) => Math.abs((starts[i] as Port).y - (ends[i] as Port).y);
    list.sort((p, q) => extent(p) - extent(q) || p - q);
    list.forEach((i, rank) => {
      arcRank.set(i, rank);
    });
  }
  return links.map((link, i): RoutedLink => {
    const a = vertexOf.get(link.from) as Vertex;
    const b = vertexOf.get(link.to) as Vertex;
    const chain = chains[i];
    if (a === b) {
      const nth = selfCount.get(a) ?? 0;
      selfCount.set(a, nth + 1);
      return { ...link, kind: 'itself', path: selfLoop(box(a), nth) };
    }
    if (!chain) {
      const start = starts[i] as Port;
      const end = ends[i] as Port;
      const column = a.column;
      const right = (xs[column] as number) + (widths[column] as number);
      const span = Math.abs(columnRank(a, b, placed));
      const bulge = right + 18 + 8 * Math.min(span, 4) + 14 * (arcRank.get(i) ?? 0);
      const ax = box(a).x + box(a).width;
      const bx = box(b).x + box(b).width;
      return {
        ...link,
        kind: 'same-column',
        path: `M${n(ax)},${n(start.y)} C${n(bulge)},${n(start.y)} ${n(bulge)},${n(end.y)} ${n(bx)},${n(end.y)}`,
      };
    }
    const parts: string[] = [];
    const first = chain[0] as Vertex;
    const goingLeft = (chain[1] as Vertex).column < first.column;
    const exitX = (v: Vertex) => {
      const p = box(v);
      return goingLeft ? p.x : p.x + p.width;
    };
    const enterX = (v: Vertex) => {
      const p = box(v);
      return goingLeft ? p.x + p.width : p.x;
    };
    let px = exitX(first);
    let py = (starts[i] as Port).y;
    parts.push(`M${n(px)},${n(py)}`);
    for (let k = 1; k < chain.length; k++) {
      const v = chain[k] as Vertex;
      const last = k === chain.length - 1;
      const colLeft = xs[v.column] as number;
      const colRight = colLeft + (widths[v.column] as number);
      const qx = last ? enterX(v) : goingLeft ? colRight : colLeft;
      const qy = last ? (ends[i] as Port).y : v.y;
      const dx = (qx - px) / 2;
      parts.push(`C${n(px + dx)},${n(py)} ${n(qx - dx)},${n(qy)} ${n(qx)},${n(qy)}`);
      px = qx;
      py = qy;
      if (!last) {
        // Straight across the column of a virtual node, between its boxes.
        px = goingLeft ? colLeft : colRight;
        parts.push(`L${n(px)},${n(py)}`);
      }
    }
    return { ...link, kind: 'across', path: parts.join(' ') };
  });
}

/** How many places apart two vertices of one column are (for the size of the arc between). */
function columnRank(a: Vertex, b: Vertex, placed: Map<Vertex, PlacedNode>): number {
  const ya = placed.get(a)?.y ?? 0;
  const yb = placed.get(b)?.y ?? 0;
  let count = 0;
  for (const [v, p] of placed) {
    if (v.column === a.column && p.y > Math.min(ya, yb) && p.y <= Math.max(ya, yb)) count++;
  }
  return count;
}

/** A loop over the top-right corner of the box, the nth one a little larger. */
function selfLoop(box: PlacedNode, nth: number): string {
  const size = 26 + 8 * nth;
  const right = box.x + box.width;
  const sx = right - 16 - 6 * nth;
  const ey = box.y + 8 + 3 * nth;
  return `M${n(sx)},${n(box.y)} C${n(sx)},${n(box.y - size)} ${n(right + size)},${n(ey)} ${n(right)},${n(ey)}`;
}

/** Coordinates with at most one decimal: smaller files, and the same text on every run. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}
