// A table that references itself (employees.manager_id, categories.parent_id) loaded by several
// statements: rows may name a parent that a later statement of the same table loads. Within
// one statement that is fine (the check runs at the end of the statement); across statements
// the statements must be reordered by their rows: a statement that loads a parent key comes
// before the statements whose rows name it. When the statements need each other, their rows
// are split into pieces (row-pieces.ts). Only done when every row's keys can be read from the
// text (explicit values: moving rows that take ids from a sequence would change the ids).

import type { Catalog, Table } from '../../../model/catalog.js';
import { findTable } from '../../../model/catalog.js';
import type { FkEdge, FkGraph } from '../../../model/fk-graph.js';
import type { ScriptStatement } from '../../../model/script.js';
import { isUnknownKeyPart, keyReader } from '../../../sql/rows/key-of-row.js';
import { keyText } from '../loaded-keys.js';
import { type StatementRows, statementRows } from '../statement-rows.js';
import { type PieceSource, type RowPiece, rowPieces, type SelfRow } from './row-pieces.js';
import type { StatementEffects } from './statement-effects.js';

export interface SelfReferenceOrder {
  table: string;
  /** The table's loading statements whose order may change (in script order). */
  loaders: number[];
  /** [parent-loading statement, statement naming it]: the order the rows need. */
  edges: [number, number][];
  /** The self-referencing FK. */
  edge: FkEdge;
  /**
   * When the statements need each other: their rows in load order, in pieces. The first piece
   * of each statement stays in it (the statements are ordered as their first pieces are, by
   * `edges`); each later piece is written after the statement of the piece before it.
   */
  split?: RowPiece[];
}

export interface SelfReferenceProblem {
  table: string;
  edge: FkEdge;
  /** The table's loading statements. */
  loaders: number[];
  reason: 'unreadable-rows' | 'statements-need-each-other';
  /** With statements-need-each-other: why their rows were not split. */
  detail?: string;
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
    const sources: PieceSource[] = [];
    const read = new Map<number, StatementRows>();
    let readable = true;
    for (const index of loaders) {
      const rows = statementRows(text, statements[index]!);
      if (!rows) {
        readable = false;
        break;
      }
      read.set(index, rows);
      const own = keyReader(table, edge.fk.referencedColumns, rows);
      const parent = keyReader(table, edge.fk.columns, rows);
      const pieceRows: SelfRow[] = [];
      sources.push({ statement: index, rows: pieceRows });
      for (const row of rows.rows) {
        const key = keyText(own(row.values, row.defaults));
        if (key === null) {
          readable = false;
          break;
        }
        if (!definedBy.has(key)) definedBy.set(key, index);
        const named = keyText(parent(row.values, row.defaults));
        if (named !== null) names.push({ statement: index, key: named });
        pieceRows.push({ key, parent: named });
      }
      if (!readable) break;
    }
    if (!readable) {
      if (hasForwardName(loaders, names, definedBy)) {
        problems.push({ table: edge.child, edge, loaders, reason: 'unreadable-rows' });
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
    if (!hasCycle(loaders, [...edges.values()])) {
      orders.push({ table: edge.child, loaders, edges: [...edges.values()], edge });
      continue;
    }
    const refusal = cannotSplit(statements, effects, loaders, table, read);
    const pieces = refusal === null ? rowPieces(sources) : null;
    if (pieces === null) {
      problems.push({
        table: edge.child,
        edge,
        loaders,
        reason: 'statements-need-each-other',
        detail:
          refusal ??
          'their rows name each other in a ring: no order of the rows puts every parent first',
      });
      continue;
    }
    // The statements in the order of their first pieces; the later pieces follow them.
    const firsts: number[] = [];
    for (const piece of pieces) if (!firsts.includes(piece.statement)) firsts.push(piece.statement);
    orders.push({
      table: edge.child,
      loaders,
      edges: firsts.slice(1).map((statement, i) => [firsts[i]!, statement]),
      edge,
      split: pieces,
    });
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

const usesSequence = (column: Table['columns'][number]) =>
  column.identity !== null || (column.default !== null && /\bnextval\s*\(/i.test(column.default));

/**
 * Why the loaders' rows may not be split and moved among them; null when they may: each is a
 * plain statement of literal rows, nothing between the first and the last of them reads or
 * writes the table or is a barrier, and no row takes a value from a sequence (moving it would
 * change the values every later row gets).
 */
function cannotSplit(
  statements: readonly ScriptStatement[],
  effects: readonly StatementEffects[],
  loaders: readonly number[],
  table: Table,
  rows: ReadonlyMap<number, StatementRows>,
): string | null {
  const key = `${table.schema}.${table.name}`;
  const mine = new Set(loaders);
  for (const index of loaders) {
    if (statements[index]!.excluded?.length) {
      return `a psql meta-command sits inside the statement at line ${statements[index]!.line}`;
    }
  }
  for (let i = loaders[0]!; i <= loaders[loaders.length - 1]!; i++) {
    if (mine.has(i)) continue;
    const effect = effects[i]!;
    if (effect.barrier || effect.reads.includes(key) || effect.writes.includes(key)) {
      return `the statement at line ${statements[i]!.line} between them ${effect.barrier ? 'may not be crossed' : `uses ${table.name}`}`;
    }
  }
  const sequenced = table.columns.filter(usesSequence).map((c) => c.name);
  for (const [index, loaded] of rows) {
    if (sequenced.length === 0) break;
    const read = keyReader(table, sequenced, loaded);
    for (const row of loaded.rows) {
      if (read(row.values, row.defaults).some(isUnknownKeyPart)) {
        return `rows at line ${statements[index]!.line} take values from a sequence: moving them would change those values`;
      }
    }
  }
  return null;
}
