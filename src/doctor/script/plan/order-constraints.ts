// The constraints a reordering must respect, for stableOrder (model/stable-order.ts):
// - hard, always pointing forward in the script: a statement never crosses a barrier, nor one
//   that writes a table it reads or writes, nor one that reads a table it writes; so the
//   relative order of statements on the same table never changes (serial ids stay the same);
// - soft: the statements loading a parent table come before those loading its children. Soft,
//   because when they cannot all hold (a cycle of tables), an edge that is deferrable or
//   nullable can be broken another way.
// Built in one pass with per-table last-writer/readers bookkeeping, so the number of
// constraints grows with the script, not with its square.

import type { FkEdge, FkGraph } from '../../../model/fk-graph.js';
import { parentsOf } from '../../../model/fk-graph.js';
import type { OrderConstraint } from '../../../model/stable-order.js';
import type { DeferredCheck } from './deferred-in-effect.js';
import type { SelfReferenceOrder } from './self-reference.js';
import type { StatementEffects } from './statement-effects.js';

export interface Reason {
  kind: 'barrier' | 'conflict' | 'foreign-key';
  /** For foreign-key constraints: the FK edge that asks the parent statement first. */
  edge?: FkEdge;
}

export interface OrderConstraints {
  constraints: OrderConstraint[];
  reasons: Reason[];
}

/**
 * `selfOrders`: tables whose loading statements may change order among themselves (see
 * self-reference.ts): they are not chained to each other; the rows' own edges order them.
 */
export function orderConstraints(
  effects: StatementEffects[],
  graph: FkGraph,
  selfOrders: readonly SelfReferenceOrder[] = [],
  deferred: DeferredCheck = () => false,
): OrderConstraints {
  const constraints: OrderConstraint[] = [];
  const reasons: Reason[] = [];
  const add = (before: number, after: number, soft: boolean, reason: Reason) => {
    if (before === after) return;
    constraints.push({ before, after, soft });
    reasons.push(reason);
  };

  let lastBarrier = -1;
  let sinceBarrier: number[] = [];
  let lastWrite = new Map<string, number>();
  let readsSinceWrite = new Map<string, number[]>();
  // Loaders of a reorderable table since its last other write: later writers and readers
  // follow all of them, since any of them may end up last.
  let freeLoaders = new Map<string, number[]>();
  const reorderable = new Map(selfOrders.map((o) => [o.table, new Set(o.loaders)]));
  // Statements loading rows into each table, per barrier region, for the FK constraints.
  const region: number[] = [];
  let regionId = 0;
  const loaders = new Map<string, number[]>();

  effects.forEach((effect, i) => {
    if (effect.barrier) {
      for (const j of sinceBarrier) add(j, i, false, { kind: 'barrier' });
      if (lastBarrier >= 0) add(lastBarrier, i, false, { kind: 'barrier' });
      lastBarrier = i;
      sinceBarrier = [];
      lastWrite = new Map();
      readsSinceWrite = new Map();
      freeLoaders = new Map();
      region.push(-1);
      regionId++;
      return;
    }
    if (lastBarrier >= 0) add(lastBarrier, i, false, { kind: 'barrier' });
    sinceBarrier.push(i);
    region.push(regionId);
    for (const table of effect.reads) {
      const writer = lastWrite.get(table);
      if (writer !== undefined) add(writer, i, false, { kind: 'conflict' });
      for (const loader of freeLoaders.get(table) ?? [])
        add(loader, i, false, { kind: 'conflict' });
      const readers = readsSinceWrite.get(table) ?? [];
      readers.push(i);
      readsSinceWrite.set(table, readers);
    }
    for (const table of effect.writes) {
      const writer = lastWrite.get(table);
      if (writer !== undefined) add(writer, i, false, { kind: 'conflict' });
      for (const reader of readsSinceWrite.get(table) ?? []) {
        add(reader, i, false, { kind: 'conflict' });
      }
      readsSinceWrite.set(table, []);
      if (reorderable.get(table)?.has(i)) {
        freeLoaders.set(table, [...(freeLoaders.get(table) ?? []), i]);
        continue;
      }
      for (const loader of freeLoaders.get(table) ?? [])
        add(loader, i, false, { kind: 'conflict' });
      freeLoaders.set(table, []);
      lastWrite.set(table, i);
    }
    if (effect.loads) {
      const key = `${regionId}:${effect.loads}`;
      const list = loaders.get(key) ?? [];
      list.push(i);
      loaders.set(key, list);
    }
  });

  // The rows of a self-referencing table: parents' statements first.
  for (const order of selfOrders) {
    for (const [before, after] of order.edges) {
      add(before, after, false, { kind: 'foreign-key', edge: order.edge });
    }
  }
  // Parent tables' loaders before their children's loaders. The loaders of one table are
  // chained by the hard constraints above, so the last of them stands for all (unless they
  // may be reordered among themselves: then each of them).
  effects.forEach((effect, i) => {
    if (!effect.loads) return;
    for (const edge of parentsOf(graph, effect.loads)) {
      if (edge.parent === edge.child) continue; // rows of one table: see the self-reference step
      if (deferred(i, edge.fk)) continue; // checked at the script's own COMMIT: any order will do
      const parentLoaders = loaders.get(`${region[i]}:${edge.parent}`) ?? [];
      const needed = reorderable.has(edge.parent) ? parentLoaders : parentLoaders.slice(-1);
      for (const loader of needed) add(loader, i, true, { kind: 'foreign-key', edge });
    }
  });
  return { constraints, reasons };
}
