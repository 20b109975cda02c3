// Counts the rows that reference a parent key, table by table down the whole chain: the direct
// children, then the rows that reference those children, and so on: what deleting the parent
// (children first, or by cascade) would reach. Rows whose reference is set to NULL or DEFAULT
// survive, so the walk stops there. One count query per hop, each a nested set-based subquery.

import type { Engine } from '../../../engine/engine.js';
import type { Catalog, ForeignKey, QualifiedName } from '../../../model/catalog.js';
import { qualifiedKey, sameName } from '../../../model/catalog.js';
import { quoteIdent, quoteQualified } from '../../../sql/quote.js';
import type { ReferencingRows } from './live-diagnosis.js';

const maxDepth = 4;
const maxHops = 40;

interface Frontier {
  table: QualifiedName;
  /** SQL selecting the affected rows of `table` (their columns), parameterised by the key. */
  rowsSql: string;
  depth: number;
  path: Set<string>;
}

function referencing(catalog: Catalog, table: QualifiedName): ForeignKey[] {
  // Partition clones repeat their parent's constraint; count through the declared one.
  return catalog.foreignKeys.filter(
    (fk) => sameName(fk.referencedTable, table) && fk.parentConstraint === null,
  );
}

export async function countReferencingRows(
  engine: Engine,
  catalog: Catalog,
  parent: QualifiedName,
  referencedColumns: string[],
  values: string[],
): Promise<ReferencingRows[]> {
  const where = referencedColumns.map((c, i) => `${quoteIdent(c)} = $${i + 1}`).join(' AND ');
  const queue: Frontier[] = [
    {
      table: parent,
      rowsSql: `SELECT * FROM ${quoteQualified(parent)} WHERE ${where}`,
      depth: 0,
      path: new Set([qualifiedKey(parent)]),
    },
  ];
  const out: ReferencingRows[] = [];
  while (queue.length > 0 && out.length < maxHops) {
    const hop = queue.shift()!;
    for (const fk of referencing(catalog, hop.table)) {
      const columns = fk.columns.map(quoteIdent).join(', ');
      const referenced = fk.referencedColumns.map(quoteIdent).join(', ');
      const rowsSql = `SELECT * FROM ${quoteQualified(fk.table)} WHERE (${columns}) IN (SELECT ${referenced} FROM (${hop.rowsSql}) AS up)`;
      let rows = -1;
      try {
        const result = await engine.query<{ n: string }>(
          `SELECT count(*) AS n FROM (${rowsSql}) AS hop`,
          values,
        );
        rows = Number(result.rows[0]?.n ?? 0);
      } catch {
        // Not readable or timed out: report the hop with an unknown count.
      }
      out.push({
        table: qualifiedKey(fk.table),
        constraint: fk.name,
        onDelete: fk.onDelete,
        rows,
        depth: hop.depth + 1,
      });
      const key = qualifiedKey(fk.table);
      const survives = fk.onDelete === 'set-null' || fk.onDelete === 'set-default';
      if (!survives && rows !== 0 && hop.depth + 1 < maxDepth && !hop.path.has(key)) {
        queue.push({
          table: fk.table,
          rowsSql,
          depth: hop.depth + 1,
          path: new Set([...hop.path, key]),
        });
      }
    }
  }
  return out;
}
