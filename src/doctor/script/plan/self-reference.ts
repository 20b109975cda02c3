// A table that references itself (employees.manager_id, categories.parent_id) loaded by several
// statements: rows may name a parent that a later statement of the same table loads. Within
// one statement that is fine (the check runs at the end of the statement); across statements
// the statements must be reordered by their rows: a statement that loads a parent key comes
// before the statements whose rows name it. Only done when every row's keys can be read from
// the text (explicit values: moving rows that take ids from a sequence would change the ids).

import type { Catalog } from '../../../model/catalog.js';
import { findTable } from '../../../model/catalog.js';
import type { FkEdge, FkGraph } from '../../../model/fk-graph.js';
import type { ScriptStatement } from '../../../model/script.js';
import { keyReader } from '../../../sql/rows/key-of-row.js';
import { keyText } from '../loaded-keys.js';
import { statementRows } from '../statement-rows.js';
import type { StatementEffects } from './statement-effects.js';

export interface SelfReferenceOrder {
  table: string;
  /** The table's loading statements whose order may change (in script order). */
  loaders: number[];
  /** [parent-loading statement, statement naming it]: the order the rows need. */
  edges: [number, number][];
  /** The self-referencing FK. */
  edge: FkEdge;
}

export interface SelfReferenceProblem {
  table: string;
  constraint: string;
  reason: 'unreadable-rows' | 'statements-need-each-other';
}

export function selfReferenceOrders(
  text: string,
  statements: ScriptStatement[],
  effects: StatementEffects[],
  graph: FkGraph,
  catalog: Catalog,
): { orders: SelfReferenceOrder[]; problems: SelfReferenceProblem[] } {
  const orders: SelfReferenceOrder[] = [];
  const problems: SelfReferenceProblem[] = [];
  for (const edge of graph.edges) {
    if (edge.child !== edge.parent) continue;
    const table = findTable(catalog, edge.fk.table);
    if (!table) continue;
    const loaders = effects.flatMap((e, i) => (e.loads === edge.child ? [i] : []));
    if (loaders.length < 2) continue;

    const definedBy = new Map<string, number>();
    const names: { statement: number; key: string }[] = [];
    let readable = true;
    for (const index of loaders) {
      const rows = statementRows(text, statements[index]!);
      if (!rows) {
        readable = false;
        break;
      }
      const own = keyReader(table, edge.fk.referencedColumns, rows);
      const parent = keyReader(table, edge.fk.columns, rows);
      for (const row of rows.rows) {
        const key = keyText(own(row.values, row.defaults));
        if (key === null) {
          readable = false;
          break;
        }
        if (!definedBy.has(key)) definedBy.set(key, index);
        const named = keyText(parent(row.values, row.defaults));
        if (named !== null) names.push({ statement: index, key: named });
      }
      if (!readable) break;
    }
    if (!readable) {
      if (hasForwardName(loaders, names, definedBy)) {
        problems.push({ table: edge.child, constraint: edge.fk.name, reason: 'unreadable-rows' });
      }
      continue;
    }
    const edges = new Map<string, [number, number]>();
    for (const { statement, key } of names) {
      const definer = definedBy.get(key);
      if (definer === undefined || definer === statement) continue;
      edges.set(`${definer}>${statement}`, [definer, statement]);
    }
    if (![...edges.values()].some(([from, to]) => from > to)) continue;
    if (hasCycle(loaders, [...edges.values()])) {
      problems.push({
        table: edge.child,
        constraint: edge.fk.name,
        reason: 'statements-need-each-other',
      });
      continue;
    }
    orders.push({ table: edge.child, loaders, edges: [...edges.values()], edge });
  }
  return { orders, problems };
}

function hasForwardName(
  loaders: number[],
  names: { statement: number; key: string }[],
  definedBy: Map<string, number>,
): boolean {
  return (
    loaders.length > 1 && names.some(({ statement, key }) => (definedBy.get(key) ?? -1) > statement)
  );
}

function hasCycle(nodes: number[], edges: [number, number][]): boolean {
  const indegree = new Map(nodes.map((n) => [n, 0]));
  const next = new Map<number, number[]>();
  for (const [from, to] of edges) {
    indegree.set(to, (indegree.get(to) ?? 0) + 1);
    next.set(from, [...(next.get(from) ?? []), to]);
  }
  const ready = nodes.filter((n) => indegree.get(n) === 0);
  let seen = 0;
  while (ready.length > 0) {
    const n = ready.pop()!;
    seen++;
    for (const m of next.get(n) ?? []) {
      indegree.set(m, indegree.get(m)! - 1);
      if (indegree.get(m) === 0) ready.push(m);
    }
  }
  return seen < nodes.length;
}
