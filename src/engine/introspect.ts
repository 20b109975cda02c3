// readCatalog: the user's schema as plain data (model/catalog.ts), read from pg_catalog with a
// handful of set-based queries (introspect-sql.ts). Same result on PostgreSQL 12-18 and PGlite.

import type {
  Catalog,
  Column,
  FkAction,
  FkMatch,
  ForeignKey,
  Index,
  KeyConstraint,
  QualifiedName,
  Table,
} from '../model/catalog.js';
import type { Engine } from './engine.js';
import {
  columnsSql,
  foreignKeysSql,
  indexesSql,
  keysSql,
  schemasSql,
  tablesSql,
  versionSql,
} from './introspect-sql.js';

interface TableRow {
  schema: string;
  name: string;
  kind: string;
  reltuples: number;
  row_security: boolean;
  parent_schema: string | null;
  parent_name: string | null;
}

interface ColumnRow {
  schema: string;
  table_name: string;
  name: string;
  position: number;
  type: string;
  type_name: string;
  typmod: number;
  not_null: boolean;
  collation: string | null;
  default_expr: string | null;
  identity: string;
  generated: string;
}

interface KeyRow {
  schema: string;
  table_name: string;
  name: string;
  kind: string;
  columns: string[];
  deferrable: boolean;
  initially_deferred: boolean;
  nulls_not_distinct: boolean;
  index_name: string | null;
}

interface ForeignKeyRow {
  schema: string;
  table_name: string;
  name: string;
  columns: string[];
  ref_schema: string;
  ref_table: string;
  ref_columns: string[];
  match_type: string;
  on_update: string;
  on_delete: string;
  set_columns: string[] | null;
  deferrable: boolean;
  initially_deferred: boolean;
  validated: boolean;
  enforced: boolean;
  parent_schema: string | null;
  parent_table: string | null;
  parent_name: string | null;
  triggers_enabled: boolean;
  definition: string;
}

interface IndexRow {
  schema: string;
  table_name: string;
  name: string;
  columns: (string | null)[];
  include_columns: string[];
  is_unique: boolean;
  is_primary: boolean;
  method: string;
  predicate: string | null;
  valid: boolean;
  ready: boolean;
  definition: string;
}

const ACTIONS: Record<string, FkAction> = {
  a: 'no-action',
  r: 'restrict',
  c: 'cascade',
  n: 'set-null',
  d: 'set-default',
};
const MATCHES: Record<string, FkMatch> = { s: 'simple', f: 'full', p: 'partial' };

export async function readCatalog(engine: Engine): Promise<Catalog> {
  // With only pg_catalog on the search_path, format_type, pg_get_expr and pg_get_*def print every
  // user object schema-qualified, whatever search_path the session had: the same text on every
  // server. SET LOCAL ends with the transaction, which is rolled back (nothing is written).
  return engine.transaction(
    async (tx) => {
      await tx.exec('set local search_path = pg_catalog');
      return readCatalogIn(tx);
    },
    { rollback: true },
  );
}

async function readCatalogIn(engine: Engine): Promise<Catalog> {
  const version = (await engine.query<{ num: number; version: string }>(versionSql)).rows[0]!;
  // One connection: the queries run one after the other anyway.
  const schemas = (await engine.query<{ name: string }>(schemasSql)).rows.map((r) => r.name);
  const tableRows = (await engine.query<TableRow>(tablesSql)).rows;
  const columnRows = (await engine.query<ColumnRow>(columnsSql)).rows;
  const keyRows = (await engine.query<KeyRow>(keysSql(version.num))).rows;
  const fkRows = (await engine.query<ForeignKeyRow>(foreignKeysSql(version.num))).rows;
  const indexRows = (await engine.query<IndexRow>(indexesSql)).rows;

  const tables = new Map<string, Table>();
  for (const row of tableRows) tables.set(keyOf(row.schema, row.name), toTable(row));
  const tableOf = (schema: string, name: string): Table => tables.get(keyOf(schema, name))!;

  for (const row of tableRows) {
    if (row.parent_schema === null || row.parent_name === null) continue;
    tableOf(row.parent_schema, row.parent_name).partitions.push({
      schema: row.schema,
      name: row.name,
    });
  }
  for (const row of columnRows) tableOf(row.schema, row.table_name).columns.push(toColumn(row));
  for (const row of keyRows) {
    const table = tableOf(row.schema, row.table_name);
    const key = toKey(row);
    if (key.kind === 'primary') table.primaryKey = key;
    else table.uniqueKeys.push(key);
  }
  const foreignKeys = fkRows.map(toForeignKey);
  for (const fk of foreignKeys) tableOf(fk.table.schema, fk.table.name).foreignKeys.push(fk);
  for (const row of indexRows) tableOf(row.schema, row.table_name).indexes.push(toIndex(row));

  // Sorted here, not with ORDER BY: the database's collation would make the order differ
  // between servers; a code-unit comparison does not.
  const sortedTables = [...tables.values()].sort(byQualifiedName);
  for (const table of sortedTables) {
    table.partitions.sort(byQualifiedName);
    table.columns.sort((a, b) => a.position - b.position);
    table.uniqueKeys.sort(byName);
    table.indexes.sort(byName);
    table.foreignKeys.sort(byName);
  }
  return {
    serverVersionNum: version.num,
    serverVersion: version.version,
    schemas: schemas.sort(compare),
    tables: sortedTables,
    foreignKeys: sortedTables.flatMap((t) => t.foreignKeys),
  };
}

function toTable(row: TableRow): Table {
  return {
    schema: row.schema,
    name: row.name,
    kind: row.kind === 'p' ? 'partitioned-table' : 'table',
    partitionOf:
      row.parent_schema === null || row.parent_name === null
        ? null
        : { schema: row.parent_schema, name: row.parent_name },
    partitions: [],
    estimatedRows: row.reltuples,
    columns: [],
    primaryKey: null,
    uniqueKeys: [],
    indexes: [],
    foreignKeys: [],
    rowSecurity: row.row_security,
  };
}

function toColumn(row: ColumnRow): Column {
  return {
    name: row.name,
    position: row.position,
    type: row.type,
    typeName: row.type_name,
    typmod: row.typmod,
    notNull: row.not_null,
    collation: row.collation,
    default: row.default_expr,
    identity: row.identity === 'a' ? 'always' : row.identity === 'd' ? 'by-default' : null,
    generated: row.generated === 's' ? 'stored' : row.generated === 'v' ? 'virtual' : null,
  };
}

function toKey(row: KeyRow): KeyConstraint {
  return {
    name: row.name,
    kind: row.kind === 'p' ? 'primary' : 'unique',
    columns: row.columns,
    deferrable: row.deferrable,
    initiallyDeferred: row.initially_deferred,
    nullsNotDistinct: row.nulls_not_distinct,
    index: row.index_name,
  };
}

function toForeignKey(row: ForeignKeyRow): ForeignKey {
  const parentConstraint =
    row.parent_schema === null || row.parent_table === null || row.parent_name === null
      ? null
      : { table: { schema: row.parent_schema, name: row.parent_table }, name: row.parent_name };
  return {
    name: row.name,
    table: { schema: row.schema, name: row.table_name },
    columns: row.columns,
    referencedTable: { schema: row.ref_schema, name: row.ref_table },
    referencedColumns: row.ref_columns,
    match: MATCHES[row.match_type] ?? 'simple',
    onDelete: ACTIONS[row.on_delete] ?? 'no-action',
    onUpdate: ACTIONS[row.on_update] ?? 'no-action',
    onDeleteSetColumns: row.set_columns,
    deferrable: row.deferrable,
    initiallyDeferred: row.initially_deferred,
    validated: row.validated,
    enforced: row.enforced,
    parentConstraint,
    triggersEnabled: row.triggers_enabled,
    definition: row.definition,
  };
}

function toIndex(row: IndexRow): Index {
  return {
    name: row.name,
    columns: row.columns,
    includeColumns: row.include_columns,
    unique: row.is_unique,
    primary: row.is_primary,
    method: row.method,
    predicate: row.predicate,
    valid: row.valid,
    ready: row.ready,
    definition: row.definition,
  };
}

/** A map key for a schema-qualified name that no dot or quote in the names can confuse. */
function keyOf(schema: string, name: string): string {
  return JSON.stringify([schema, name]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byName(a: { name: string }, b: { name: string }): number {
  return compare(a.name, b.name);
}

function byQualifiedName(a: QualifiedName, b: QualifiedName): number {
  return compare(a.schema, b.schema) || compare(a.name, b.name);
}
