// Which part of the graph a report shows: the tables of some schemas (`--schema-name`), and
// within them one table's neighbourhood (`--table`).

import { type Catalog, qualifiedKey } from '../../model/catalog.js';
import { childrenOf, type FkGraph, findCycles, parentsOf } from '../../model/fk-graph.js';
import { quoteIdent } from '../../sql/quote.js';
import { GraphSelectionError } from './selection-error.js';

/**
 * The catalog cut to the given schemas: their tables, and every FK with either end among them,
 * so that buildFkGraph reports the FKs that cross the cut as skipped instead of losing them.
 */
export function selectSchemas(catalog: Catalog, schemas: readonly string[] | undefined): Catalog {
  if (!schemas || schemas.length === 0) return catalog;
  const unknown = schemas.filter((s) => !catalog.schemas.includes(s));
  if (unknown.length > 0) {
    const known = catalog.schemas.map(quoteIdent).join(', ') || 'none';
    throw new GraphSelectionError(
      `no schema ${unknown.map(quoteIdent).join(', ')} in the database (its schemas: ${known})`,
    );
  }
  const shown = new Set(schemas);
  const tables = catalog.tables.filter((t) => shown.has(t.schema));
  const foreignKeys = catalog.foreignKeys.filter(
    (fk) => shown.has(fk.table.schema) || shown.has(fk.referencedTable.schema),
  );
  return { ...catalog, schemas: catalog.schemas.filter((s) => shown.has(s)), tables, foreignKeys };
}

/**
 * The focus table, what it references and what references it, transitively (or up to `depth`
 * FK hops each way), plus the rest of any cycle met (a cycle is shown whole) and the
 * partitioned tables above any partition included.
 */
export function neighbourhood(graph: FkGraph, focus: string, depth: number | null): Set<string> {
  const limit = depth ?? Number.POSITIVE_INFINITY;
  const found = new Set<string>([focus]);
  const walk = (next: (key: string) => string[]) => {
    let frontier = [focus];
    const seen = new Set(frontier);
    for (let hop = 0; hop < limit && frontier.length > 0; hop++) {
      const reached: string[] = [];
      for (const key of frontier) {
        for (const other of next(key)) {
          if (seen.has(other)) continue;
          seen.add(other);
          found.add(other);
          reached.push(other);
        }
      }
      frontier = reached;
    }
  };
  walk((key) => parentsOf(graph, key).map((edge) => edge.parent));
  walk((key) => childrenOf(graph, key).map((edge) => edge.child));

  for (const cycle of findCycles(graph)) {
    if (cycle.tables.some((key) => found.has(key))) for (const key of cycle.tables) found.add(key);
  }
  for (const key of [...found]) {
    for (let up = graph.nodes.get(key)?.table.partitionOf; up; ) {
      const upKey = qualifiedKey(up);
      if (found.has(upKey)) break;
      found.add(upKey);
      up = graph.nodes.get(upKey)?.table.partitionOf ?? null;
    }
  }
  return found;
}
