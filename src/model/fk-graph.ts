// The foreign-key dependency graph of a catalog: tables are nodes, each FK is an edge from the
// referencing (child) table to the referenced (parent) table. From it: cycles and how to break
// them, a load order, dependency levels for parallel loading, and cascade chains.

import {
  type Catalog,
  type FkAction,
  type ForeignKey,
  type QualifiedName,
  qualifiedKey,
  type Table,
} from './catalog.js';
import { type BreakMethod, breakability } from './fk-breakability.js';
import { compareCodePoints, compareNames } from './name-order.js';
import { stronglyConnected } from './scc.js';
import { type OrderConstraint, stableOrder } from './stable-order.js';

export type { BreakMethod } from './fk-breakability.js';

export interface FkEdge {
  /** Key (`schema.name`) of the referencing table. */
  child: string;
  /** Key of the referenced table. */
  parent: string;
  fk: ForeignKey;
  /** The copies PostgreSQL made of `fk` on partitions, folded into this edge. */
  clones: ForeignKey[];
  /** How the edge can be broken when it lies on a cycle (see fk-breakability.ts). */
  breakBy: BreakMethod;
  /** Referencing columns that can be loaded as NULL; empty unless breakBy allows nullable. */
  nullableColumns: string[];
}

export interface FkNode {
  key: string;
  table: Table;
  /** Edges from this table to the tables it references. */
  parents: FkEdge[];
  /** Edges from the tables that reference this one. */
  children: FkEdge[];
}

export interface SkippedForeignKey {
  fk: ForeignKey;
  /**
   * `not-enforced`: PG 18 NOT ENFORCED, so it orders nothing and cascades nothing.
   * `outside-catalog`: one of its tables is not in the catalog (e.g. a schema left out).
   */
  reason: 'not-enforced' | 'outside-catalog';
}

export interface FkGraph {
  /** Every table by `schema.name`, in pg_dump order (schema, then name, byte-wise). */
  nodes: ReadonlyMap<string, FkNode>;
  /** Every edge, ordered by child table (as nodes) then constraint name. */
  edges: readonly FkEdge[];
  skipped: readonly SkippedForeignKey[];
}

export interface FkGraphOptions {
  /** Keep NOT ENFORCED foreign keys as edges (default false: they constrain nothing). */
  includeNotEnforced?: boolean;
}

/**
 * Builds the graph. Partitions: PostgreSQL copies an FK declared on a partitioned table onto
 * each partition, and an FK referencing a partitioned table onto each referenced partition
 * (`parentConstraint` set). Those copies are the same rule, so they are folded into the edge
 * of the constraint they come from (`clones`) instead of becoming edges of their own; a copy
 * whose origin is not in the catalog stays an edge. The ordering functions then treat each
 * partition as loaded with its partitioned table (see `analyse`).
 */
export function buildFkGraph(catalog: Catalog, options: FkGraphOptions = {}): FkGraph {
  const tables = [...catalog.tables].sort(compareNames);
  const nodes = new Map<string, FkNode>();
  for (const table of tables) {
    const key = qualifiedKey(table);
    const other = nodes.get(key);
    if (other) {
      // Possible only with dots inside names: "a.b".c and a."b.c".
      throw new Error(
        `tables ${JSON.stringify([other.table.schema, other.table.name])} and ${JSON.stringify([table.schema, table.name])} share the key ${key}`,
      );
    }
    nodes.set(key, { key, table, parents: [], children: [] });
  }

  const fkId = (table: QualifiedName, name: string) =>
    JSON.stringify([table.schema, table.name, name]);
  const declared = new Map<string, ForeignKey>();
  for (const fk of catalog.foreignKeys) declared.set(fkId(fk.table, fk.name), fk);

  // The constraint a clone ultimately comes from (clones of clones on sub-partitions included),
  // or the FK itself when it is not a clone or its origin is unknown.
  const originOf = (fk: ForeignKey): ForeignKey => {
    let current = fk;
    for (let hops = 0; current.parentConstraint && hops < 100; hops++) {
      const up = declared.get(fkId(current.parentConstraint.table, current.parentConstraint.name));
      if (!up) break;
      current = up;
    }
    return current;
  };

  const edges: FkEdge[] = [];
  const skipped: SkippedForeignKey[] = [];
  const edgeOf = new Map<ForeignKey, FkEdge>();
  const clones: ForeignKey[] = [];
  for (const fk of catalog.foreignKeys) {
    if (!fk.enforced && !options.includeNotEnforced) {
      skipped.push({ fk, reason: 'not-enforced' });
      continue;
    }
    if (originOf(fk) !== fk) {
      clones.push(fk);
      continue;
    }
    const child = nodes.get(qualifiedKey(fk.table));
    const parent = nodes.get(qualifiedKey(fk.referencedTable));
    if (!child || !parent) {
      skipped.push({ fk, reason: 'outside-catalog' });
      continue;
    }
    const edge: FkEdge = {
      child: child.key,
      parent: parent.key,
      fk,
      clones: [],
      ...breakability(fk, child.table),
    };
    edges.push(edge);
    edgeOf.set(fk, edge);
  }
  for (const fk of clones) {
    const edge = edgeOf.get(originOf(fk));
    if (edge) edge.clones.push(fk);
    else skipped.push({ fk, reason: 'outside-catalog' });
  }

  const position = new Map([...nodes.keys()].map((key, i) => [key, i]));
  edges.sort(
    (a, b) =>
      (position.get(a.child) as number) - (position.get(b.child) as number) ||
      compareCodePoints(a.fk.name, b.fk.name),
  );
  for (const edge of edges) {
    nodes.get(edge.child)?.parents.push(edge);
    nodes.get(edge.parent)?.children.push(edge);
  }
  return { nodes, edges, skipped };
}

// ---------------------------------------------------------------------------------------------
// Family: a table's rows are also rows of its partitioned ancestors, and its own rows live in
// its partitions. So the FKs that apply to a table's rows are those of the whole family.

function nodeOf(graph: FkGraph, table: QualifiedName | string): FkNode {
  const key = typeof table === 'string' ? table : qualifiedKey(table);
  const node = graph.nodes.get(key);
  if (!node) throw new Error(`table ${key} is not in the FK graph`);
  return node;
}

/** The table, then its partitioned ancestors, then all its partitions. */
function familyOf(graph: FkGraph, node: FkNode): FkNode[] {
  const family = new Set<FkNode>([node]);
  for (let up = node.table.partitionOf; up; ) {
    const ancestor = graph.nodes.get(qualifiedKey(up));
    if (!ancestor || family.has(ancestor)) break;
    family.add(ancestor);
    up = ancestor.table.partitionOf;
  }
  const below = [node];
  for (let next = below.pop(); next; next = below.pop()) {
    for (const part of next.table.partitions) {
      const child = graph.nodes.get(qualifiedKey(part));
      if (child && !family.has(child)) {
        family.add(child);
        below.push(child);
      }
    }
  }
  return [...family];
}

/**
 * FK edges to the tables this table's rows reference: its own, and for a partition or a
 * partitioned table those of the rest of its partition tree (edge.child tells which).
 */
export function parentsOf(graph: FkGraph, table: QualifiedName | string): FkEdge[] {
  return familyOf(graph, nodeOf(graph, table)).flatMap((node) => node.parents);
}

/** FK edges from the tables that reference this table's rows, partition tree included. */
export function childrenOf(graph: FkGraph, table: QualifiedName | string): FkEdge[] {
  return familyOf(graph, nodeOf(graph, table)).flatMap((node) => node.children);
}

export interface CascadeHop {
  /** Key of the table reached. */
  table: string;
  /** The edge followed; `edge.parent` is the table one hop closer to the start. */
  edge: FkEdge;
  /** What the edge does to this table's rows when the parent row is deleted (or updated). */
  action: FkAction;
  /** 1 for tables referencing the start table directly. */
  depth: number;
  /** The hop this one continues, or null for the first hop. */
  via: CascadeHop | null;
}

export interface CascadeOptions {
  /** Which action to follow: ON DELETE (default) or ON UPDATE. */
  on?: 'delete' | 'update';
  /**
   * `cascade` (default): go on past a table only when its rows are deleted by CASCADE; other
   * actions end the chain (RESTRICT / NO ACTION block, SET NULL / SET DEFAULT keep the row).
   * `all`: follow every referencing FK.
   */
  follow?: 'cascade' | 'all';
}

/**
 * Every FK hop reachable from `table` through referencing FKs, breadth first, each edge once
 * (so a table reached along two paths appears twice, once per path's last edge).
 */
export function cascadeReach(
  graph: FkGraph,
  table: QualifiedName | string,
  options: CascadeOptions = {},
): CascadeHop[] {
  const onUpdate = options.on === 'update';
  const followAll = options.follow === 'all';
  const hops: CascadeHop[] = [];
  const seen = new Set<FkEdge>();
  const expand = (from: FkNode, via: CascadeHop | null) => {
    for (const edge of childrenOf(graph, from.key)) {
      if (seen.has(edge)) continue;
      seen.add(edge);
      const action = onUpdate ? edge.fk.onUpdate : edge.fk.onDelete;
      hops.push({ table: edge.child, edge, action, depth: (via?.depth ?? 0) + 1, via });
    }
  };
  expand(nodeOf(graph, table), null);
  for (let i = 0; i < hops.length; i++) {
    const hop = hops[i] as CascadeHop;
    if (followAll || hop.action === 'cascade') expand(nodeOf(graph, hop.table), hop);
  }
  return hops;
}

// ---------------------------------------------------------------------------------------------
// Cycles, load order and levels.

export interface Cycle {
  /** Keys of the tables, in pg_dump order. */
  tables: string[];
  /** Every FK edge between tables of the cycle. */
  edges: FkEdge[];
  /** Every edge goes from a table to itself (or within one partition tree). */
  selfReference: boolean;
  /**
   * Some set of breakable edges breaks every cycle: with all of them removed, what remains is
   * acyclic. A self-reference that is not loadable can still be loaded by one statement (one
   * COPY) or parents-first row order, because the check runs at the end of each statement.
   */
  loadable: boolean;
  /**
   * When loadable, the breakable edges to break for the order given in the load step; deferrable
   * edges are chosen over nullable-only ones when there is a choice. Empty when not loadable.
   */
  breakEdges: FkEdge[];
}

export interface LoadStep {
  /** Keys of the tables to load, in order. */
  tables: string[];
  /** The cycle these tables form, or null for a single table. */
  cycle: Cycle | null;
  /** Dependency level, as in dependencyLevels(). */
  level: number;
}

/** Non-trivial strongly connected components: several tables, or a table referencing itself. */
export function findCycles(graph: FkGraph): Cycle[] {
  return analyse(graph).cycles;
}

/**
 * Parents before children. Ties are broken as pg_dump does: tables sorted by schema then name,
 * then moved only as far as their dependencies require. A cycle is one step, its tables in an
 * order that satisfies every edge except the ones it lists to break.
 */
export function loadOrder(graph: FkGraph): LoadStep[] {
  return analyse(graph).steps;
}

/**
 * Level 0: tables that reference nothing outside themselves (their cycle); level n: one more
 * than the highest level among the tables referenced. Tables of one level can load in parallel.
 * A partition shares the level of its partitioned table.
 */
export function dependencyLevels(graph: FkGraph): Map<string, number> {
  return analyse(graph).levels;
}

interface Analysis {
  cycles: Cycle[];
  steps: LoadStep[];
  levels: Map<string, number>;
}

/** One "must load after" fact between internal nodes. */
interface Dep {
  after: number;
  before: number;
  /** The FK edge behind it, or null for the partition-tree links. */
  edge: FkEdge | null;
}

// Computed once per graph and shared: graphs and these results are treated as read-only.
const analyses = new WeakMap<FkGraph, Analysis>();

/**
 * Internal nodes are the tables (in graph order), plus one "complete" node per partitioned
 * table with partitions, which comes after the table and all its partitions. A partition comes
 * after its partitioned table (so after that table's parents), and an FK to a partitioned
 * table points at its complete node (so after every partition that holds the rows). This is
 * exact without expanding FKs to every pair of partitions.
 */
function analyse(graph: FkGraph): Analysis {
  const cached = analyses.get(graph);
  if (cached) return cached;

  const nodes = [...graph.nodes.values()];
  const index = new Map(nodes.map((node, i) => [node.key, i]));
  const partitionsOf: number[][] = nodes.map(() => []);
  nodes.forEach((node, i) => {
    const parent = node.table.partitionOf;
    const up = parent ? index.get(qualifiedKey(parent)) : undefined;
    if (up !== undefined) partitionsOf[up]?.push(i);
  });
  const complete: number[] = nodes.map((_, i) => i);
  let count = nodes.length;
  partitionsOf.forEach((parts, i) => {
    if (parts.length > 0) complete[i] = count++;
  });

  const deps: Dep[] = [];
  partitionsOf.forEach((parts, i) => {
    if (parts.length === 0) return;
    deps.push({ after: complete[i] as number, before: i, edge: null });
    for (const part of parts) {
      deps.push({ after: part, before: i, edge: null });
      deps.push({ after: complete[i] as number, before: complete[part] as number, edge: null });
    }
  });
  for (const edge of graph.edges) {
    const after = index.get(edge.child) as number;
    const before = complete[index.get(edge.parent) as number] as number;
    deps.push({ after, before, edge });
  }

  const successors: number[][] = Array.from({ length: count }, () => []);
  for (const dep of deps) successors[dep.after]?.push(dep.before);
  const { componentOf, components } = stronglyConnected(successors);

  // Deps inside each component, and between components.
  const inner: Dep[][] = components.map(() => []);
  const outer: Dep[][] = components.map(() => []);
  for (const dep of deps) {
    const c = componentOf[dep.after] as number;
    (c === componentOf[dep.before] ? inner : outer)[c]?.push(dep);
  }

  // Levels: components come dependencies-first, so one pass is enough. Partition-tree links
  // cost no level, FK edges cost one.
  const componentLevel = new Int32Array(components.length);
  components.forEach((_, c) => {
    let level = 0;
    for (const dep of outer[c] ?? []) {
      const below = componentLevel[componentOf[dep.before] as number] as number;
      level = Math.max(level, below + (dep.edge ? 1 : 0));
    }
    componentLevel[c] = level;
  });

  // Global order: components by their first member in pg_dump order (complete nodes, numbered
  // after every table, never decide it), then pg_dump's stable topological sort.
  const byRank = components.map((_, c) => c);
  const rankOf = components.map((members) => members.reduce((a, b) => Math.min(a, b)));
  byRank.sort((a, b) => (rankOf[a] as number) - (rankOf[b] as number));
  const slotOf = new Int32Array(components.length);
  byRank.forEach((c, slot) => {
    slotOf[c] = slot;
  });
  const constraints: OrderConstraint[] = outer.flat().map((dep) => ({
    before: slotOf[componentOf[dep.before] as number] as number,
    after: slotOf[componentOf[dep.after] as number] as number,
    soft: false,
  }));
  const global = stableOrder(components.length, constraints);

  const cycles: Cycle[] = [];
  const steps: LoadStep[] = [];
  const levels = new Map<string, number>();
  for (const slot of global.order) {
    const c = byRank[slot] as number;
    const members = (components[c] as number[]).slice().sort((a, b) => a - b);
    const level = componentLevel[c] as number;
    const cycleDeps = (inner[c] ?? []).filter((dep) => dep.edge);
    const tables = members.filter((m) => m < nodes.length);
    for (const m of tables) levels.set((nodes[m] as FkNode).key, level);
    if (cycleDeps.length === 0) {
      for (const m of tables)
        steps.push({ tables: [(nodes[m] as FkNode).key], cycle: null, level });
      continue;
    }
    const { cycle, order } = analyseCycle(members, inner[c] ?? [], nodes);
    cycles.push(cycle);
    steps.push({ tables: order, cycle, level });
  }

  const analysis = { cycles, steps, levels };
  analyses.set(graph, analysis);
  return analysis;
}

function analyseCycle(
  members: number[],
  deps: Dep[],
  nodes: FkNode[],
): { cycle: Cycle; order: string[] } {
  const edges = deps.flatMap((dep) => (dep.edge ? [dep.edge] : []));
  const breakable = (dep: Dep) => dep.edge !== null && dep.edge.breakBy !== 'none';
  const loadable = isAcyclic(
    members,
    deps.filter((dep) => !breakable(dep)),
  );

  // Two passes: first only deferrable edges may break, and nullable-only edges must hold; if
  // that cannot work, every breakable edge may break.
  const slot = new Map(members.map((m, i) => [m, i]));
  const attempt = (soft: (dep: Dep) => boolean) => {
    const between = deps.filter((dep) => dep.after !== dep.before);
    const result = stableOrder(
      members.length,
      between.map((dep) => ({
        before: slot.get(dep.before) as number,
        after: slot.get(dep.after) as number,
        soft: soft(dep),
      })),
    );
    return { ...result, between };
  };
  let result = attempt((dep) => breakable(dep) && dep.edge?.fk.deferrable === true);
  if (result.forced.length > 0) result = attempt(breakable);

  const breakEdges: FkEdge[] = [];
  if (loadable) {
    for (const i of result.broken) breakEdges.push(result.between[i]?.edge as FkEdge);
    // A self-reference is not about table order: it is broken, if at all, row by row.
    for (const dep of deps) if (dep.after === dep.before && dep.edge) breakEdges.push(dep.edge);
  }
  const tables = members.filter((m) => m < nodes.length).map((m) => (nodes[m] as FkNode).key);
  const order = result.order
    .map((i) => members[i] as number)
    .filter((m) => m < nodes.length)
    .map((m) => (nodes[m] as FkNode).key);
  const cycle: Cycle = {
    tables,
    edges,
    selfReference: edges.every((edge) => edge.child === edge.parent),
    loadable,
    breakEdges: sortEdges(breakEdges, edges),
  };
  return { cycle, order };
}

/** `subset` in the order of `all`, without duplicates. */
function sortEdges(subset: FkEdge[], all: FkEdge[]): FkEdge[] {
  const wanted = new Set(subset);
  return all.filter((edge) => wanted.has(edge));
}

/** Kahn's algorithm on the given nodes and deps; a dep of a node on itself is a cycle. */
function isAcyclic(members: number[], deps: Dep[]): boolean {
  const waiting = new Map(members.map((m) => [m, 0]));
  const dependents = new Map<number, number[]>();
  for (const dep of deps) {
    waiting.set(dep.after, (waiting.get(dep.after) ?? 0) + 1);
    const list = dependents.get(dep.before) ?? [];
    list.push(dep.after);
    dependents.set(dep.before, list);
  }
  const free = members.filter((m) => waiting.get(m) === 0);
  let done = 0;
  for (let m = free.pop(); m !== undefined; m = free.pop()) {
    done++;
    for (const next of dependents.get(m) ?? []) {
      const left = (waiting.get(next) as number) - 1;
      waiting.set(next, left);
      if (left === 0) free.push(next);
    }
  }
  return done === members.length;
}
