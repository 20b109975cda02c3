// `fkdoctor graph`: the FK graph of a catalog as one plain report that every output format
// (text, Mermaid, DOT, JSON, SVG) renders: tables with their dependency level, the load order
// in parallel groups, each cycle with how to load it, what a DELETE cascades into, and the FKs
// left out of the picture.

import {
  type Catalog,
  type FkAction,
  type FkMatch,
  type QualifiedName,
  qualifiedKey,
} from '../../model/catalog.js';
import {
  type BreakMethod,
  buildFkGraph,
  type Cycle,
  dependencyLevels,
  type FkGraph,
  findCycles,
  loadOrder,
} from '../../model/fk-graph.js';
import { quoteIdent, quoteQualified } from '../../sql/quote.js';
import { type CascadeChain, cascadeChains } from './cascade-chains.js';
import { adviseCycle, type CycleRole } from './cycle-advice.js';
import { neighbourhood, selectSchemas } from './selection.js';
import { findTableNamed } from './table-name.js';

export type { CascadeChain, CascadeEffect, CascadeStep } from './cascade-chains.js';
export type { CycleRole } from './cycle-advice.js';
export { GraphSelectionError } from './selection-error.js';

export interface GraphReportOptions {
  /** Only the tables of these schemas (default: every user schema). */
  schemas?: readonly string[];
  /** Only this table's neighbourhood: what it references and what references it, transitively. */
  table?: string;
  /** With `table`: at most this many FK hops each way (default: no limit). */
  depth?: number | null;
}

export interface GraphReport {
  /** The schemas whose tables are shown. */
  schemas: string[];
  /** With `table`: the table (key) whose neighbourhood is shown, and the hop limit. */
  focus: { table: string; depth: number | null } | null;
  /** The tables shown, in load order. */
  tables: GraphTable[];
  /** The FKs between tables shown, by child table then constraint name. */
  edges: GraphEdge[];
  /** Tables by dependency level: those of one level can load in parallel, after lower levels. */
  levels: GraphLevel[];
  /** pg_dump-style load order: one step per table, or one per cycle. */
  loadOrder: GraphStep[];
  cycles: GraphCycle[];
  /** For each table something references (only the focus table with `table`). */
  cascades: CascadeChain[];
  /** FKs of the tables shown that are not edges of the graph, and why. */
  skipped: GraphSkipped[];
}

export interface GraphTable {
  /** `schema.name`, unquoted: how edges, levels and cycles refer to the table. */
  key: string;
  schema: string;
  name: string;
  /** For display: quoted as SQL, without the schema when every table shown is in one. */
  label: string;
  level: number;
  kind: 'table' | 'partitioned-table';
  /** Key of the partitioned table above, when it is a partition. */
  partitionOf: string | null;
  /** Index of its cycle in `cycles`, or null. */
  cycle: number | null;
}

export interface GraphEdge {
  constraint: string;
  /** Key of the referencing table. */
  child: string;
  /** Key of the referenced table. */
  parent: string;
  columns: string[];
  referencedColumns: string[];
  onDelete: FkAction;
  onUpdate: FkAction;
  match: FkMatch;
  deferrable: boolean;
  initiallyDeferred: boolean;
  validated: boolean;
  /** How it could be broken on a cycle (see model/fk-breakability.ts). */
  breakBy: BreakMethod;
  nullableColumns: string[];
  /** The copies PostgreSQL keeps of it on partitions, shown as this one edge. */
  partitionCopies: number;
  /** Index of the cycle it lies on, or null. */
  cycle: number | null;
  /** What to do with it when loading its cycle, or null off cycles. */
  cycleRole: CycleRole | null;
}

export interface GraphLevel {
  level: number;
  /** Keys, in load order. */
  tables: string[];
}

export interface GraphStep {
  level: number;
  /** Keys, in the order to load them. */
  tables: string[];
  /** Index in `cycles` when the step is a cycle. */
  cycle: number | null;
}

export interface GraphCycle {
  /** Keys, in name order. */
  tables: string[];
  /** Keys, in the order its load step loads them. */
  loadOrder: string[];
  /** Every edge goes from a table to itself (or within one partition tree). */
  selfReference: boolean;
  /** Some insert order loads it (a self-reference always can: parent rows first). */
  loadable: boolean;
  /** What to do, in a sentence. */
  how: string;
  edges: GraphCycleEdge[];
}

export interface GraphCycleEdge {
  constraint: string;
  child: string;
  parent: string;
  breakBy: BreakMethod;
  role: CycleRole;
  how: string;
  /** SET CONSTRAINTS for `defer`; for `change`, the ALTERs to choose from. */
  sql: string[];
}

export interface GraphSkipped {
  constraint: string;
  /** Key and display name of the referencing table. */
  table: string;
  tableLabel: string;
  /** Key and display name of the referenced table. */
  referencedTable: string;
  referencedLabel: string;
  /**
   * `not-enforced`: NOT ENFORCED (PG 18), orders and cascades nothing. `outside-schemas`: one
   * end is in a schema not shown. `outside-neighbourhood`: one end is outside `--table`'s view.
   */
  reason: 'not-enforced' | 'outside-schemas' | 'outside-neighbourhood';
}

/** Throws GraphSelectionError when a schema or the table is not in the catalog. */
export function buildGraphReport(catalog: Catalog, options: GraphReportOptions = {}): GraphReport {
  const selected = selectSchemas(catalog, options.schemas);
  const graph = buildFkGraph(selected);
  const steps = loadOrder(graph);
  const levelOf = dependencyLevels(graph);

  const focusKey =
    options.table === undefined
      ? null
      : qualifiedKey(
          findTableNamed(
            [...graph.nodes.values()].map((n) => n.table),
            options.table,
          ),
        );
  const depth = options.depth ?? null;
  const shown = focusKey
    ? neighbourhood(graph, focusKey, depth)
    : new Set<string>(graph.nodes.keys());
  const isShown = (key: string) => shown.has(key);

  const label = labeller(graph, shown);
  const cycles = findCycles(graph).filter((cycle) => cycle.tables.some(isShown));
  const cycleIndex = new Map<Cycle, number>(cycles.map((cycle, i) => [cycle, i]));
  const stepOf = new Map(steps.flatMap((step) => (step.cycle ? [[step.cycle, step]] : [])));
  const advice = cycles.map((cycle) =>
    adviseCycle(graph, cycle, stepOf.get(cycle)?.tables ?? cycle.tables),
  );
  const cycleOfTable = new Map<string, number>();
  cycles.forEach((cycle, i) => {
    for (const key of cycle.tables) cycleOfTable.set(key, i);
  });
  const roleOf = new Map(advice.flatMap((a) => a.edges.map((e) => [e.edge, e.role] as const)));

  const loadSteps: GraphStep[] = steps.flatMap((step) => {
    const tables = step.tables.filter(isShown);
    if (tables.length === 0) return [];
    const cycle = step.cycle ? (cycleIndex.get(step.cycle) ?? null) : null;
    return [{ level: step.level, tables, cycle }];
  });

  const tables: GraphTable[] = loadSteps.flatMap((step) =>
    step.tables.map((key) => {
      const table = graph.nodes.get(key)!.table;
      const up = table.partitionOf ? qualifiedKey(table.partitionOf) : null;
      return {
        key,
        schema: table.schema,
        name: table.name,
        label: label(key),
        level: levelOf.get(key) ?? 0,
        kind: table.kind,
        partitionOf: up,
        cycle: cycleOfTable.get(key) ?? null,
      };
    }),
  );

  const levels = new Map<number, string[]>();
  for (const table of tables) {
    const list = levels.get(table.level) ?? [];
    list.push(table.key);
    levels.set(table.level, list);
  }

  const edges: GraphEdge[] = graph.edges
    .filter((edge) => isShown(edge.child) && isShown(edge.parent))
    .map((edge) => {
      const fk = edge.fk;
      const cycle = cycleOfTable.get(edge.child);
      const onCycle = cycle !== undefined && cycleOfTable.get(edge.parent) === cycle;
      return {
        constraint: fk.name,
        child: edge.child,
        parent: edge.parent,
        columns: fk.columns,
        referencedColumns: fk.referencedColumns,
        onDelete: fk.onDelete,
        onUpdate: fk.onUpdate,
        match: fk.match,
        deferrable: fk.deferrable,
        initiallyDeferred: fk.initiallyDeferred,
        validated: fk.validated,
        breakBy: edge.breakBy,
        nullableColumns: edge.nullableColumns,
        partitionCopies: edge.clones.length,
        cycle: onCycle ? cycle : null,
        cycleRole: roleOf.get(edge) ?? null,
      };
    });

  return {
    schemas: selected.schemas,
    focus: focusKey ? { table: focusKey, depth } : null,
    tables,
    edges,
    levels: [...levels.entries()]
      .sort(([a], [b]) => a - b)
      .map(([level, keys]) => ({ level, tables: keys })),
    loadOrder: loadSteps,
    cycles: cycles.map((cycle, i) => {
      const a = advice[i]!;
      return {
        tables: cycle.tables,
        loadOrder: stepOf.get(cycle)?.tables ?? cycle.tables,
        selfReference: cycle.selfReference,
        loadable: a.loadable,
        how: a.how,
        edges: a.edges.map((e) => ({
          constraint: e.edge.fk.name,
          child: e.edge.child,
          parent: e.edge.parent,
          breakBy: e.edge.breakBy,
          role: e.role,
          how: e.how,
          sql: e.sql,
        })),
      };
    }),
    cascades: cascadeChains(
      graph,
      focusKey ? [focusKey] : [...graph.nodes.keys()].filter(isShown),
      label,
    ),
    skipped: skippedOf(graph, isShown, label, focusKey !== null),
  };
}

function skippedOf(
  graph: FkGraph,
  isShown: (key: string) => boolean,
  label: (key: string, name?: QualifiedName) => string,
  focused: boolean,
): GraphSkipped[] {
  const entry = (
    fk: { name: string; table: QualifiedName; referencedTable: QualifiedName },
    reason: GraphSkipped['reason'],
  ): GraphSkipped => {
    const table = qualifiedKey(fk.table);
    const referencedTable = qualifiedKey(fk.referencedTable);
    return {
      constraint: fk.name,
      table,
      tableLabel: label(table, fk.table),
      referencedTable,
      referencedLabel: label(referencedTable, fk.referencedTable),
      reason,
    };
  };
  const skipped: GraphSkipped[] = [];
  for (const { fk, reason } of graph.skipped) {
    const touches = isShown(qualifiedKey(fk.table)) || isShown(qualifiedKey(fk.referencedTable));
    if (focused && !touches) continue;
    skipped.push(entry(fk, reason === 'not-enforced' ? 'not-enforced' : 'outside-schemas'));
  }
  if (focused) {
    for (const edge of graph.edges) {
      if (isShown(edge.child) !== isShown(edge.parent)) {
        skipped.push(entry(edge.fk, 'outside-neighbourhood'));
      }
    }
  }
  return skipped;
}

/**
 * Display names: SQL-quoted, without the schema when every table shown is in one schema (a
 * table outside the view keeps its schema). `name` gives a table that is not in the graph.
 */
function labeller(
  graph: FkGraph,
  shown: ReadonlySet<string>,
): (key: string, name?: QualifiedName) => string {
  const schemas = new Set([...shown].map((key) => graph.nodes.get(key)?.table.schema));
  const only = schemas.size === 1 ? [...schemas][0] : undefined;
  return (key, name) => {
    const table = graph.nodes.get(key)?.table ?? name;
    if (!table) return key;
    return shown.has(key) && table.schema === only ? quoteIdent(table.name) : quoteQualified(table);
  };
}
