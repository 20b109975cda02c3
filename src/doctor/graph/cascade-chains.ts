// What a DELETE of a referenced row does, table by table: the rows ON DELETE CASCADE removes
// (and what those removals reach in turn), the columns SET NULL / SET DEFAULT changes, and the
// RESTRICT / NO ACTION foreign keys that make the whole DELETE fail when a referencing row exists.

import type { FkAction } from '../../model/catalog.js';
import { type CascadeHop, cascadeReach, childrenOf, type FkGraph } from '../../model/fk-graph.js';

/** `block`: RESTRICT or NO ACTION; a referencing row makes the DELETE fail. */
export type CascadeEffect = 'delete' | 'set-null' | 'set-default' | 'block';

export interface CascadeStep {
  /** Key of the table reached. */
  table: string;
  /** Its display name, as the report's tables have. */
  label: string;
  /** The FK followed, declared on `table`. */
  constraint: string;
  /** Key of the referenced table, whose rows are deleted one hop earlier. */
  from: string;
  action: FkAction;
  effect: CascadeEffect;
  /** 1 for tables referencing the deleted table directly. */
  depth: number;
  /** Index (in the chain's steps) of the step this one continues, null for the first hop. */
  via: number | null;
}

export interface CascadeChain {
  /** Key of the table a row is deleted from. */
  table: string;
  /** Breadth first; only CASCADE goes on past a table. */
  steps: CascadeStep[];
}

const effects: Record<FkAction, CascadeEffect> = {
  cascade: 'delete',
  'set-null': 'set-null',
  'set-default': 'set-default',
  restrict: 'block',
  'no-action': 'block',
};

/** A chain for each of `tables` that something references; `label` names tables for display. */
export function cascadeChains(
  graph: FkGraph,
  tables: readonly string[],
  label: (key: string) => string,
): CascadeChain[] {
  const chains: CascadeChain[] = [];
  for (const table of tables) {
    if (childrenOf(graph, table).length === 0) continue;
    const hops = cascadeReach(graph, table);
    const index = new Map<CascadeHop, number>(hops.map((hop, i) => [hop, i]));
    const steps = hops.map(
      (hop): CascadeStep => ({
        table: hop.table,
        label: label(hop.table),
        constraint: hop.edge.fk.name,
        from: hop.edge.parent,
        action: hop.action,
        effect: effects[hop.action],
        depth: hop.depth,
        via: hop.via === null ? null : (index.get(hop.via) ?? null),
      }),
    );
    chains.push({ table, steps });
  }
  return chains;
}
