// What a foreign key checks, as a map key: its table and columns, the table and columns it
// references. Column pairs are sorted: (a, b) -> (x, y) and (b, a) -> (y, x) check the same.

import type { ForeignKey } from '../../model/catalog.js';

export function foreignKeyIdentity(fk: ForeignKey): string {
  const pairs = fk.columns
    .map((column, i) => [column, fk.referencedColumns[i] ?? ''] as const)
    .sort((x, y) => compare(x[0], y[0]) || compare(x[1], y[1]));
  return JSON.stringify([
    fk.table.schema,
    fk.table.name,
    fk.referencedTable.schema,
    fk.referencedTable.name,
    pairs,
  ]);
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
