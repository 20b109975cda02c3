// How to load the tables of one cycle: for each FK edge in it, whether the load order already
// satisfies it (parent first), or how to get past it (defer it, load NULL then UPDATE, order the
// rows of a self-reference), or, when nothing works, which FK to change.

import { qualifiedKey, type Table } from '../../model/catalog.js';
import type { Cycle, FkEdge, FkGraph } from '../../model/fk-graph.js';
import { quoteIdent, quoteQualified } from '../../sql/quote.js';

/**
 * - `parent-first`: the order loads the parent table first; nothing to do.
 * - `defer`: DEFERRABLE; `SET CONSTRAINTS ... DEFERRED` in the loading transaction.
 * - `null-then-update`: insert the referencing columns as NULL, UPDATE them after the parent.
 * - `row-order`: a self-reference: insert parent rows before the rows that reference them.
 * - `change`: neither deferrable nor nullable, yet the cycle needs it broken: change the FK.
 */
export type CycleRole = 'parent-first' | 'defer' | 'null-then-update' | 'row-order' | 'change';

export interface CycleEdgeAdvice {
  edge: FkEdge;
  /** From a table to itself, or within one partition tree: a matter of row order. */
  selfReference: boolean;
  role: CycleRole;
  /** One sentence: why the edge holds, how to get past it, or what to change. */
  how: string;
  /** Statements that do it: SET CONSTRAINTS for `defer`, the ALTERs to pick from for `change`. */
  sql: string[];
}

export interface CycleAdvice {
  /** Some insert order loads every table of the cycle (a self-reference always: row order). */
  loadable: boolean;
  edges: CycleEdgeAdvice[];
  /** What to do, in a sentence. */
  how: string;
}

/** `order`: the cycle's tables in the order of its load step. */
export function adviseCycle(graph: FkGraph, cycle: Cycle, order: readonly string[]): CycleAdvice {
  const position = new Map(order.map((key, i) => [key, i]));
  const rootOf = (key: string) => treeRoot(graph, key);
  // Rows of a partitioned table live in its partitions: it is loaded when the last one is.
  const loadedAt = (key: string) =>
    Math.max(...order.filter((k) => rootOf(k) === rootOf(key)).map((k) => position.get(k) ?? 0));

  const edges = cycle.edges.map((edge): CycleEdgeAdvice => {
    const sameTree = rootOf(edge.child) === rootOf(edge.parent);
    const broken = !sameTree && (position.get(edge.child) ?? 0) < loadedAt(edge.parent);
    return { ...advise(graph, edge, sameTree, broken, cycle.tables), selfReference: sameTree };
  });
  const loadable = edges.every((e) => e.role !== 'change');
  return { loadable, edges, how: summary(graph, cycle, order, edges, loadable) };
}

type EdgeAdvice = Omit<CycleEdgeAdvice, 'selfReference'>;

function advise(
  graph: FkGraph,
  edge: FkEdge,
  sameTree: boolean,
  broken: boolean,
  tables: readonly string[],
): EdgeAdvice {
  const child = tableOf(graph, edge.child);
  const parent = quoteQualified(tableOf(graph, edge.parent));
  const table = quoteQualified(child);
  const fk = edge.fk;
  const name = quoteIdent(fk.name);
  const setConstraints = fk.initiallyDeferred
    ? []
    : [`SET CONSTRAINTS ${quoteQualified({ schema: child.schema, name: fk.name })} DEFERRED;`];
  const deferrable = edge.breakBy === 'deferrable' || edge.breakBy === 'both';
  const nulls = columnList(edge.nullableColumns);
  const nullThenUpdate = (after: string) =>
    `insert ${table} with ${nulls} NULL, then UPDATE ${table} SET ${setList(edge.nullableColumns)} ${after}`;

  if (sameTree) {
    const rowsFirst =
      'insert parent rows before the rows that reference them (fkdoctor fix orders them)';
    if (deferrable) {
      const how = fk.initiallyDeferred
        ? 'INITIALLY DEFERRED: insert the rows in any order within one transaction'
        : `DEFERRABLE: SET CONSTRAINTS ${name} DEFERRED, then insert the rows in any order`;
      return { edge, role: 'defer', how: `${how} (or ${rowsFirst})`, sql: setConstraints };
    }
    const how =
      edge.breakBy === 'nullable'
        ? `${rowsFirst}, roots with ${nulls} NULL; or ${nullThenUpdate('afterwards')}`
        : `NOT NULL and not deferrable: ${rowsFirst}, a root referencing itself; or all rows in one statement (one COPY), which is checked at its end`;
    return { edge, role: 'row-order', how, sql: [] };
  }
  if (!broken) {
    return {
      edge,
      role: 'parent-first',
      how: `holds: ${parent} is loaded before ${table}`,
      sql: [],
    };
  }
  if (deferrable) {
    const defer = fk.initiallyDeferred
      ? `INITIALLY DEFERRED: load ${table} before ${parent} in one transaction; ${name} is checked at COMMIT`
      : `DEFERRABLE: in one transaction, SET CONSTRAINTS ${name} DEFERRED and load ${table} before ${parent}; it is checked at COMMIT`;
    const how =
      edge.breakBy === 'both'
        ? `${defer} (or ${nullThenUpdate(`once ${parent} is loaded`)})`
        : defer;
    return { edge, role: 'defer', how, sql: setConstraints };
  }
  if (edge.breakBy === 'nullable') {
    return {
      edge,
      role: 'null-then-update',
      how: `nullable: ${nullThenUpdate(`once ${parent} is loaded`)}`,
      sql: [],
    };
  }
  return changeAdvice(edge, child, name, tables.length);
}

/** An FK no order of its cycle avoids: make it DEFERRABLE, or let its columns be NULL. */
function changeAdvice(edge: FkEdge, child: Table, name: string, cycleSize: number): EdgeAdvice {
  const table = quoteQualified(child);
  const sql = [`ALTER TABLE ${table} ALTER CONSTRAINT ${name} DEFERRABLE;`];
  const columns = columnsToAllowNull(edge, child);
  for (const column of columns) {
    sql.push(`ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(column)} DROP NOT NULL;`);
  }
  const orNull = columns.length > 0 ? `, or let ${columnList(columns)} be NULL` : '';
  const how = `neither DEFERRABLE nor nullable, and no order of the ${cycleSize} tables avoids it: make it DEFERRABLE${orNull}`;
  return { edge, role: 'change', how, sql };
}

/**
 * The columns to make nullable so that the FK can be broken: one is enough for MATCH SIMPLE,
 * all of them for MATCH FULL. None when a needed column cannot hold NULL at all (primary key,
 * identity, generated).
 */
function columnsToAllowNull(edge: FkEdge, child: Table): string[] {
  const possible = (name: string) => {
    const column = child.columns.find((c) => c.name === name);
    return (
      column !== undefined &&
      column.identity === null &&
      column.generated === null &&
      !(child.primaryKey?.columns.includes(name) ?? false)
    );
  };
  const columns = edge.fk.columns;
  if (edge.fk.match === 'simple') {
    const first = columns.find(possible);
    return first === undefined ? [] : [first];
  }
  return columns.every(possible) ? columns : [];
}

function summary(
  graph: FkGraph,
  cycle: Cycle,
  order: readonly string[],
  edges: CycleEdgeAdvice[],
  loadable: boolean,
): string {
  const names = (list: CycleEdgeAdvice[]) => list.map((e) => quoteIdent(e.edge.fk.name)).join(', ');
  const label = (key: string) => quoteQualified(tableOf(graph, key));
  if (!loadable) {
    const changes = edges.filter((e) => e.role === 'change');
    const one = changes.length === 1;
    return `No insert order loads ${cycle.tables.map(label).join(', ')}: ${names(changes)} ${one ? 'is' : 'are'} neither DEFERRABLE nor nullable. Make ${one ? 'it' : 'them'} DEFERRABLE, or let ${one ? 'its' : 'their'} columns be NULL.`;
  }
  const rows = edges.filter(
    (e) => e.role === 'row-order' || (e.role === 'defer' && e.selfReference),
  );
  if (cycle.selfReference) {
    const first = rows[0];
    return first ? `${label(first.edge.child)} references itself: ${first.how}.` : '';
  }
  const defer = edges.filter((e) => e.role === 'defer' && !e.selfReference);
  const nulls = edges.filter((e) => e.role === 'null-then-update');
  let how = `Load ${order.map(label).join(', ')} in that order`;
  if (defer.length > 0) how += ` in one transaction, with ${names(defer)} deferred`;
  if (nulls.length > 0) {
    how += `${defer.length > 0 ? ';' : ','} ${nulls.map((e) => `${columnList(e.edge.nullableColumns)} of ${label(e.edge.child)}`).join(', ')} as NULL, set by UPDATE afterwards`;
  }
  if (rows.length > 0) how += `; rows of ${names(rows)} parents first`;
  return `${how}.`;
}

/** The table at the top of the partition tree `key` belongs to (itself when not a partition). */
function treeRoot(graph: FkGraph, key: string): string {
  let current = key;
  for (let up = graph.nodes.get(current)?.table.partitionOf; up; ) {
    const upKey = qualifiedKey(up);
    if (!graph.nodes.has(upKey) || upKey === key) break;
    current = upKey;
    up = graph.nodes.get(current)?.table.partitionOf ?? null;
  }
  return current;
}

function tableOf(graph: FkGraph, key: string): Table {
  const node = graph.nodes.get(key);
  if (!node) throw new Error(`table ${key} is not in the FK graph`);
  return node.table;
}

function columnList(columns: readonly string[]): string {
  return columns.map(quoteIdent).join(', ');
}

/** `a = …` or `(a, b) = (…, …)`. */
function setList(columns: readonly string[]): string {
  if (columns.length === 1) return `${quoteIdent(columns[0] as string)} = …`;
  return `(${columnList(columns)}) = (${columns.map(() => '…').join(', ')})`;
}
