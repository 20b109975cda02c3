// A name for an index fkdoctor proposes: `<table>_<columns>_idx` as PostgreSQL names indexes
// itself, the stem shortened so that the suffix survives the 63-byte limit, and numbered when the schema already uses it.

import type { Catalog } from '../../model/catalog.js';

export function proposedIndexName(
  catalog: Catalog,
  schema: string,
  table: string,
  columns: readonly string[],
  taken: ReadonlySet<string> = new Set(),
): string {
  const used = namesIn(catalog, schema);
  const stem = `${table}_${columns.join('_')}`;
  for (let n = 0; ; n++) {
    const suffix = n === 0 ? '_idx' : `_idx${n}`;
    const candidate = `${fitted(stem, NAME_BYTES - suffix.length)}${suffix}`;
    if (!used.has(candidate) && !taken.has(candidate)) return candidate;
  }
}

const NAME_BYTES = 63;
const encoder = new TextEncoder();

/** `text` shortened (by whole code points) to at most `bytes` bytes of UTF-8. */
function fitted(text: string, bytes: number): string {
  const points = [...text];
  while (encoder.encode(points.join('')).length > bytes) points.pop();
  return points.join('');
}

const namesBySchema = new WeakMap<Catalog, Map<string, Set<string>>>();

/** Relation names (tables and indexes) of each schema, gathered once per catalog. */
function namesIn(catalog: Catalog, schema: string): ReadonlySet<string> {
  let bySchema = namesBySchema.get(catalog);
  if (!bySchema) {
    bySchema = new Map();
    for (const table of catalog.tables) {
      let names = bySchema.get(table.schema);
      if (!names) bySchema.set(table.schema, (names = new Set()));
      names.add(table.name);
      for (const index of table.indexes) names.add(index.name);
    }
    namesBySchema.set(catalog, bySchema);
  }
  return bySchema.get(schema) ?? new Set();
}
