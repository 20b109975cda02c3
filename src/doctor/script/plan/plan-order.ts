// Plans the least reordering that puts parents first: the constraints of order-constraints.ts
// through stableOrder, which moves a statement only when a later one must precede it; then
// decides how each FK edge the order cannot satisfy (a cycle) is broken.

import { type FkGraph, findCycles } from '../../../model/fk-graph.js';
import type { ScriptStatement } from '../../../model/script.js';
import {
  type OrderConstraint,
  type StableOrder,
  stableOrder,
} from '../../../model/stable-order.js';
import { deferredInEffect } from './deferred-in-effect.js';
import type { Deferral, FixPlan, Move, Nulling, Unfixable } from './fix-plan.js';
import { orderConstraints, type Reason } from './order-constraints.js';
import type { SelfReferenceOrder } from './self-reference.js';
import type { StatementEffects } from './statement-effects.js';

export function planOrder(
  statements: ScriptStatement[],
  text: string,
  effects: StatementEffects[],
  graph: FkGraph,
  selfOrders: readonly SelfReferenceOrder[] = [],
  options: { allowSchemaChanges?: boolean } = {},
): FixPlan {
  const deferredAlready = deferredInEffect(text, statements);
  const { constraints, reasons } = orderConstraints(effects, graph, selfOrders, deferredAlready);
  const result = orderBreakingOnlyWhatCanBreak(statements.length, constraints, reasons);
  // A statement moved when it now precedes one that came before it in the script: with
  // stableOrder that is a parent pulled up by a child. Say which FK pulled it.
  const pulledBy = new Map<number, number>();
  constraints.forEach((c, i) => {
    if (reasons[i]?.kind === 'foreign-key' && c.after < c.before && !pulledBy.has(c.before)) {
      pulledBy.set(c.before, i);
    }
  });
  const moves: Move[] = [];
  let earliestAfter = Number.POSITIVE_INFINITY;
  for (let slot = result.order.length - 1; slot >= 0; slot--) {
    const statement = result.order[slot]!;
    if (earliestAfter < statement) {
      const reason = pulledBy.get(statement);
      moves.unshift({
        statement,
        before: result.order[slot + 1] ?? null,
        edge: reason === undefined ? null : (reasons[reason]?.edge ?? null),
      });
    }
    earliestAfter = Math.min(earliestAfter, statement);
  }

  const inCycle = new Set(findCycles(graph).flatMap((cycle) => cycle.edges));
  const deferrals: Deferral[] = [];
  const unfixable: Unfixable[] = [];
  const nullings: Nulling[] = [];
  const deferred = new Map<number, Deferral>();
  for (const index of result.broken) {
    const constraint = constraints[index]!;
    const edge = reasons[index]!.edge!;
    // Neither deferrable nor nullable, in a cycle: with --allow-schema-changes the constraint is
    // made DEFERRABLE for the load and put back after it.
    const alter =
      edge.breakBy === 'none' && inCycle.has(edge) && options.allowSchemaChanges === true;
    if (edge.breakBy === 'deferrable' || edge.breakBy === 'both' || alter) {
      const block = transactionAround(statements, text, constraint.after, constraint.before);
      const key = block.afterBegin ?? -1 - Math.min(constraint.before, constraint.after);
      const existing = deferred.get(key);
      if (existing) {
        if (alter && !existing.alter.includes(edge)) existing.alter.push(edge);
        if (!existing.edges.includes(edge)) existing.edges.push(edge);
        if (existing.wrap && block.wrap) {
          existing.wrap.first = Math.min(existing.wrap.first, block.wrap.first);
          existing.wrap.last = Math.max(existing.wrap.last, block.wrap.last);
        }
      } else {
        const deferral: Deferral = { edges: [edge], alter: alter ? [edge] : [], ...block };
        deferred.set(key, deferral);
        deferrals.push(deferral);
      }
    } else if (edge.breakBy === 'nullable') {
      const existing = nullings.find((n) => n.edge === edge);
      if (existing) {
        if (!existing.statements.includes(constraint.after))
          existing.statements.push(constraint.after);
      } else {
        nullings.push({ edge, statements: [constraint.after], parentStatement: constraint.before });
      }
    } else {
      const blockedBy = inCycle.has(edge)
        ? null
        : blocker(effects, constraint.after, constraint.before);
      unfixable.push({
        statement: constraint.after,
        edge,
        reason: blockedBy === null ? 'cycle-not-breakable' : 'behind-barrier',
        parentStatement: constraint.before,
        blockedBy,
      });
    }
  }
  const changed = moves.length > 0 || deferrals.length > 0 || nullings.length > 0;
  return { order: result.order, moves, deferrals, nullings, unfixable, changed };
}

const beginPattern = /^\s*(begin|start\s+transaction)\b/i;
const endPattern = /^\s*(commit|end|rollback|abort)\b/i;

/** The script's own BEGIN enclosing both statements, or the span to wrap in a new one. */
function transactionAround(
  statements: ScriptStatement[],
  text: string,
  a: number,
  b: number,
): Pick<Deferral, 'afterBegin' | 'wrap' | 'commit'> {
  const first = Math.min(a, b);
  const last = Math.max(a, b);
  for (let i = first - 1; i >= 0; i--) {
    const s = statements[i]!;
    if (s.kind !== 'transaction') continue;
    const sql = text.slice(s.span.start, s.span.end);
    if (endPattern.test(sql)) break;
    if (beginPattern.test(sql)) {
      const commit = statements.findIndex(
        (t, j) =>
          j > last &&
          t.kind === 'transaction' &&
          endPattern.test(text.slice(t.span.start, t.span.end)),
      );
      return { afterBegin: i, wrap: null, commit: commit < 0 ? null : commit };
    }
  }
  return { afterBegin: null, wrap: { first, last }, commit: null };
}

/**
 * stableOrder with every FK constraint soft breaks whichever edge of a cycle is cheapest to
 * break in its eyes, which may be one that cannot be broken (neither nullable nor deferrable)
 * while another edge of the cycle could. So such a broken edge is made hard and the order
 * planned again; if hardening it leaves no order at all, it stays soft (and is reported).
 */
function orderBreakingOnlyWhatCanBreak(
  count: number,
  constraints: OrderConstraint[],
  reasons: Reason[],
): StableOrder {
  const current = constraints.map((c) => ({ ...c }));
  const tried = new Set<number>();
  let result = stableOrder(count, current);
  for (let round = 0; round < 50; round++) {
    const next = result.broken.find((i) => reasons[i]?.edge?.breakBy === 'none' && !tried.has(i));
    if (next === undefined) break;
    tried.add(next);
    current[next]!.soft = false;
    const attempt = stableOrder(count, current);
    if (attempt.forced.length > 0) {
      current[next]!.soft = true;
      continue;
    }
    result = attempt;
  }
  return result;
}

/**
 * Why the parent's statement could not move up to the child's: the last statement between them
 * that it may not cross (a barrier, or one that reads or writes the tables it writes).
 */
function blocker(effects: StatementEffects[], child: number, parent: number): number | null {
  const writes = new Set(effects[parent]?.writes ?? []);
  for (let i = parent - 1; i > child; i--) {
    const effect = effects[i]!;
    if (
      effect.barrier ||
      effect.writes.some((t) => writes.has(t)) ||
      effect.reads.some((t) => writes.has(t))
    ) {
      return i;
    }
  }
  return null;
}
