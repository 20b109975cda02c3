// --missing-parents map: the natural key a missing parent is found by in the database, for one
// foreign key. Named by the user (`--map-by customers.email`, and where the child row holds it,
// `--map-by customers.email=orders.customer_email`), or else the parent's one unique key (primary
// key, UNIQUE constraint, or unique index on plain columns) that is not the referenced key.

import {
  type Catalog,
  type ForeignKey,
  findTable,
  type QualifiedName,
  type Table,
} from '../../../model/catalog.js';
import { quoteIdent, quoteQualified } from '../../../sql/quote.js';

/** A table as the user named it: schema null when not given. */
export interface NamedTable {
  schema: string | null;
  name: string;
}

export interface MapBy {
  /** The parent table and the columns that identify its rows. */
  parent: NamedTable;
  columns: string[];
  /** Where a child row holds those values: its table and columns, in the same order. */
  child?: { table: NamedTable; columns: string[] };
}

/** A --map-by that names what the schema does not have: bad usage, not a row to report. */
export class MapByError extends Error {}

export interface NaturalKey {
  /** The parent's columns the rows are found by. */
  columns: string[];
  /** The child's columns holding those values; null: only a lost parent row of the script has them. */
  childColumns: string[] | null;
}

const named = (table: NamedTable) =>
  table.schema === null
    ? quoteIdent(table.name)
    : quoteQualified({ schema: table.schema, name: table.name });

function resolve(catalog: Catalog, table: NamedTable): Table {
  const matches = catalog.tables.filter(
    (t) => t.name === table.name && (table.schema === null || t.schema === table.schema),
  );
  const chosen =
    matches.length > 1 ? matches.filter((t) => t.schema === 'public') : matches.slice(0, 1);
  if (chosen.length !== 1) {
    throw new MapByError(
      matches.length === 0
        ? `--map-by: there is no table ${named(table)} in the schema`
        : `--map-by: ${named(table)} is in several schemas; name one (schema.table.column)`,
    );
  }
  return chosen[0]!;
}

function columnsOf(table: Table, columns: readonly string[]): void {
  for (const column of columns) {
    if (!table.columns.some((c) => c.name === column)) {
      throw new MapByError(
        `--map-by: ${quoteQualified(table, { omitSchema: 'public' })} has no column ${quoteIdent(column)}`,
      );
    }
  }
}

/** Checks every --map-by against the schema; throws MapByError on the first that does not fit. */
export function checkMapBy(catalog: Catalog, mapBy: readonly MapBy[]): void {
  for (const entry of mapBy) {
    const parent = resolve(catalog, entry.parent);
    columnsOf(parent, entry.columns);
    if (!entry.child) continue;
    const child = resolve(catalog, entry.child.table);
    columnsOf(child, entry.child.columns);
    if (entry.child.columns.length !== entry.columns.length) {
      throw new MapByError(
        `--map-by: ${entry.columns.length} column(s) of ${quoteQualified(parent, { omitSchema: 'public' })} but ${entry.child.columns.length} of ${quoteQualified(child, { omitSchema: 'public' })}`,
      );
    }
  }
}

const same = (a: QualifiedName, b: QualifiedName) => a.schema === b.schema && a.name === b.name;

/** The parent's unique keys on plain columns that do not contain the whole referenced key. */
function uniqueKeys(table: Table, referenced: readonly string[]): string[][] {
  const keys: string[][] = [];
  const add = (columns: readonly (string | null)[]) => {
    if (columns.some((c) => c === null)) return;
    const plain = columns as string[];
    if (referenced.every((c) => plain.includes(c))) return;
    const id = JSON.stringify([...plain].sort());
    if (!keys.some((k) => JSON.stringify([...k].sort()) === id)) keys.push(plain);
  };
  for (const key of [table.primaryKey, ...table.uniqueKeys]) if (key) add(key.columns);
  for (const index of table.indexes) {
    if (index.unique && index.predicate === null && index.valid) add(index.columns);
  }
  return keys;
}

/** The natural key for rows failing `fk`, or why there is none to use. */
export function naturalKey(
  catalog: Catalog,
  fk: ForeignKey,
  mapBy: readonly MapBy[],
): NaturalKey | { refused: string } {
  const parent = findTable(catalog, fk.referencedTable);
  if (!parent) return { refused: 'the table is not in the schema' };
  const entries = mapBy.filter((m) => same(resolve(catalog, m.parent), parent));
  const forChild = entries.find((m) => m.child && same(resolve(catalog, m.child.table), fk.table));
  const entry = forChild ?? entries.find((m) => !m.child) ?? entries[0];
  if (entry) {
    if (
      entry.columns.length === fk.referencedColumns.length &&
      entry.columns.every((c) => fk.referencedColumns.includes(c))
    ) {
      return {
        refused: `--map-by names the key ${fk.name} references, which is the one missing`,
      };
    }
    return { columns: entry.columns, childColumns: forChild?.child?.columns ?? null };
  }
  const keys = uniqueKeys(parent, fk.referencedColumns);
  const list = (k: string[]) => `(${k.map(quoteIdent).join(', ')})`;
  if (keys.length === 1) return { columns: keys[0]!, childColumns: null };
  const name = quoteQualified(parent, { omitSchema: 'public' });
  return {
    refused:
      keys.length === 0
        ? `${name} has no unique key besides ${list(fk.referencedColumns)} to find a parent by; name its columns with --map-by ${name}.COLUMN`
        : `${name} has several unique keys (${keys.map(list).join(', ')}); say which identifies a parent with --map-by ${name}.${quoteIdent(keys[0]![0]!)}`,
  };
}
