// What a statement does to the tables, as far as ordering goes: the tables it writes and
// reads (FK checks aside: those are what reordering is about), or that it is a barrier nothing
// may cross (DDL, SET, transaction control, meta-commands, DO blocks: their effect on later
// statements cannot be read from the text, or they change how later statements run).

import { cascadeReach, type FkGraph } from '../../../model/fk-graph.js';
import type { ScriptStatement } from '../../../model/script.js';
import { resolveTable } from './resolve-table.js';

export interface StatementEffects {
  barrier: boolean;
  /** Table keys (`schema.name`) written, cascades included. */
  writes: string[];
  reads: string[];
  /** The table an INSERT ... VALUES or COPY loads rows into: the statements fix may move. */
  loads: string | null;
}

/** Tables named by a statement, from the full parser (see sql/rows/statement-tables.ts). */
export interface NamedTables {
  writes: { schema: string | null; name: string }[];
  reads: { schema: string | null; name: string }[];
  opaque: boolean;
}

/** What nothing may cross, and what moves nowhere. */
export const barrierEffects: StatementEffects = {
  barrier: true,
  writes: [],
  reads: [],
  loads: null,
};
const barrier = barrierEffects;

export function statementEffects(
  statement: ScriptStatement,
  graph: FkGraph,
  named: NamedTables | null,
  isPlainValues: boolean,
): StatementEffects {
  switch (statement.kind) {
    case 'copy':
    case 'insert': {
      const target = statement.target ? resolveTable(graph, statement.target) : null;
      if (statement.kind === 'copy' || isPlainValues) {
        // Rows given literally: reading nothing, it can move anywhere its FKs allow.
        return target ? { barrier: false, writes: [target], reads: [], loads: target } : barrier;
      }
      return fromNamed(graph, named);
    }
    case 'update':
    case 'delete':
    case 'select':
      return fromNamed(graph, named);
    default:
      return barrier;
  }
}

function fromNamed(graph: FkGraph, named: NamedTables | null): StatementEffects {
  if (!named || named.opaque) return barrier;
  const keys = (names: NamedTables['reads']) => names.map((n) => resolveTable(graph, n));
  const writes = keys(named.writes);
  const reads = keys(named.reads);
  // A table we cannot place in the graph may be anything (a view, another schema): stay put.
  if (writes.includes(null) || reads.includes(null)) return barrier;
  const written = new Set(writes as string[]);
  // Deleting or updating parents reaches the children its actions cascade or set to NULL.
  for (const table of writes as string[]) {
    for (const on of ['delete', 'update'] as const) {
      for (const hop of cascadeReach(graph, table, { on, follow: 'cascade' })) {
        if (hop.action !== 'no-action' && hop.action !== 'restrict') written.add(hop.table);
      }
    }
  }
  return { barrier: false, writes: [...written], reads: reads as string[], loads: null };
}
