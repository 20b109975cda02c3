// Names for the objects fkdoctor proposes, made the way PostgreSQL makes its own
// (`<table>_<columns>_idx`, `<table>_<columns>_fkey`): the stem shortened so that the suffix
// survives the 63-byte limit, and numbered when the name is taken.

import type { Catalog, Table } from '../../model/catalog.js';

/** `<stem><suffix>`, else `<stem><suffix>1`, ..., whichever is free, within 63 bytes. */
export function freeName(stem: string, suffix: string, taken: (name: string) => boolean): string {
  for (let n = 0; ; n++) {
    const ending = n === 0 ? suffix : `${suffix}${n}`;
    const candidate = `${fitted(stem, NAME_BYTES - ending.length)}${ending}`;
    if (!taken(candidate)) return candidate;
  }
}

/** A name for a new foreign key on `table`, unique among its constraints. */
export function proposedForeignKeyName(table: Table, columns: readonly string[]): string {
  const used = new Set([
    ...table.foreignKeys.map((fk) => fk.name),
    ...table.uniqueKeys.map((key) => key.name),
    ...(table.primaryKey ? [table.primaryKey.name] : []),
  ]);
  return freeName(`${table.name}_${columns.join('_')}`, '_fkey', (name) => used.has(name));
}

export function proposedIndexName(
  catalog: Catalog,
  schema: string,
  table: string,
  columns: readonly string[],
  taken: ReadonlySet<string> = new Set(),
): string {
  const used = namesIn(catalog, schema);
  return freeName(
    `${table}_${columns.join('_')}`,
    '_idx',
    (name) => used.has(name) || taken.has(name),
  );
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
      const names = bySchema.get(table.schema) ?? new Set<string>();
      bySchema.set(table.schema, names);
      names.add(table.name);
      for (const index of table.indexes) names.add(index.name);
    }
    namesBySchema.set(catalog, bySchema);
  }
  return bySchema.get(schema) ?? new Set();
}
