// Whether the server's lookup of referencing rows (`WHERE fkcols = $1`, once per deleted parent
// row) has an index, and how big the table it would otherwise scan is. A partitioned table is
// served by its own index or by one on every partition.

import { type Catalog, type ForeignKey, qualifiedKey, type Table } from '../../model/catalog.js';
import { indexesServingForeignKey } from '../../model/fk-index.js';

export interface HopIndex {
  index: string | null;
  estimatedRows: number;
}

export function hopIndex(catalog: Catalog, table: Table, fk: ForeignKey): HopIndex {
  const leaves = leavesOf(catalog, table);
  const estimates = leaves.map((leaf) => leaf.estimatedRows).filter((n) => n >= 0);
  const estimatedRows = estimates.length === 0 ? -1 : estimates.reduce((a, b) => a + b, 0);
  const own = indexesServingForeignKey(table, fk)[0];
  if (own) return { index: own.name, estimatedRows };
  if (table.kind !== 'partitioned-table' || leaves.length === 0)
    return { index: null, estimatedRows };
  // The FK's columns have the same names on every partition.
  const perLeaf = leaves.map((leaf) => indexesServingForeignKey(leaf, fk)[0]);
  if (perLeaf.every((index) => index !== undefined)) {
    return { index: perLeaf[0]!.name, estimatedRows };
  }
  return { index: null, estimatedRows };
}

/** The table itself, or for a partitioned table every partition that holds rows. */
function leavesOf(catalog: Catalog, table: Table): Table[] {
  if (table.kind !== 'partitioned-table') return [table];
  const byKey = new Map(catalog.tables.map((t) => [qualifiedKey(t), t]));
  const out: Table[] = [];
  const seen = new Set<string>();
  const walk = (t: Table) => {
    for (const part of t.partitions) {
      const key = qualifiedKey(part);
      const child = byKey.get(key);
      if (!child || seen.has(key)) continue;
      seen.add(key);
      if (child.kind === 'partitioned-table') walk(child);
      else out.push(child);
    }
  };
  walk(table);
  return out;
}
