// The schema as fkdoctor sees it: plain data read from pg_catalog (see engine/introspect.ts).
// Every name is the raw identifier (unquoted); use sql/quote.ts to print it.

/** A schema-qualified relation name. */
export interface QualifiedName {
  schema: string;
  name: string;
}

export type RelationKind = 'table' | 'partitioned-table';

export interface Column {
  name: string;
  /** attnum: position in the table, 1-based, with gaps where columns were dropped. */
  position: number;
  /**
   * format_type(atttypid, atttypmod), e.g. `character varying(20)`, `integer`, `text[]`; user
   * types are schema-qualified (`public.mood`), whatever the session's search_path.
   */
  type: string;
  /** The base type name without typmod, schema-qualified when not in pg_catalog (e.g. `int4`, `public.mood`; arrays are `_int4`). */
  typeName: string;
  /** atttypmod, -1 when none. */
  typmod: number;
  notNull: boolean;
  /** Collation name when it differs from the type's default, else null. */
  collation: string | null;
  /** Default expression as pg_get_expr prints it, or null (also null for generated columns). */
  default: string | null;
  /** Identity columns: GENERATED ALWAYS / BY DEFAULT AS IDENTITY (attidentity 'a' / 'd'), else null. */
  identity: 'always' | 'by-default' | null;
  /** Generated columns (attgenerated 's' / 'v'; virtual is PG 18+), else null. */
  generated: 'stored' | 'virtual' | null;
}

export interface KeyConstraint {
  name: string;
  kind: 'primary' | 'unique';
  columns: string[];
  deferrable: boolean;
  initiallyDeferred: boolean;
  /** PG 15+ `UNIQUE NULLS NOT DISTINCT`. */
  nullsNotDistinct: boolean;
  /** Name of the index that enforces it. */
  index: string | null;
}

export type FkAction = 'no-action' | 'restrict' | 'cascade' | 'set-null' | 'set-default';
export type FkMatch = 'simple' | 'full' | 'partial';

export interface ForeignKey {
  name: string;
  /** The referencing (child) table. */
  table: QualifiedName;
  /** Referencing columns, in constraint order. */
  columns: string[];
  /** The referenced (parent) table. */
  referencedTable: QualifiedName;
  /** Referenced columns, in the same order as `columns`. */
  referencedColumns: string[];
  match: FkMatch;
  onDelete: FkAction;
  onUpdate: FkAction;
  /** PG 15+ `ON DELETE SET NULL (col, ...)`: the subset of columns set; null means all of them. */
  onDeleteSetColumns: string[] | null;
  deferrable: boolean;
  initiallyDeferred: boolean;
  /** False for `NOT VALID` constraints that were never validated. */
  validated: boolean;
  /** PG 18 `NOT ENFORCED`; true on servers that do not have the notion. */
  enforced: boolean;
  /** For constraints cloned onto partitions: the constraint on the partitioned parent it comes from. */
  parentConstraint: { table: QualifiedName; name: string } | null;
  /**
   * Whether every RI trigger implementing this constraint, and its clones on partitions, is
   * enabled (not `DISABLE TRIGGER ALL`). True for a NOT ENFORCED constraint (it has none).
   */
  triggersEnabled: boolean;
  /** The definition exactly as pg_get_constraintdef prints it. */
  definition: string;
}

export interface Index {
  name: string;
  /** Key columns in index order; an expression column is null. */
  columns: (string | null)[];
  /** INCLUDE columns (not usable for lookups). */
  includeColumns: string[];
  unique: boolean;
  primary: boolean;
  /** Access method: btree, hash, gist, gin, brin, ... */
  method: string;
  /** Partial index predicate as pg_get_expr prints it, or null. */
  predicate: string | null;
  valid: boolean;
  ready: boolean;
  definition: string;
}

export interface Table extends QualifiedName {
  kind: RelationKind;
  /** For a partition: its partitioned parent. */
  partitionOf: QualifiedName | null;
  /** For a partitioned table: its direct partitions. */
  partitions: QualifiedName[];
  /** reltuples (planner estimate), -1 when never analyzed. */
  estimatedRows: number;
  columns: Column[];
  primaryKey: KeyConstraint | null;
  uniqueKeys: KeyConstraint[];
  indexes: Index[];
  /** Foreign keys where this table is the referencing side. */
  foreignKeys: ForeignKey[];
  /** Row-level security is enabled (RLS can hide parent rows and the DETAIL line). */
  rowSecurity: boolean;
}

export interface Catalog {
  /** server_version_num, e.g. 150020, 180006. */
  serverVersionNum: number;
  /** e.g. `PostgreSQL 18.6 (PGlite 0.5.16) on wasm32...`. */
  serverVersion: string;
  /** User schemas present (system schemas excluded). */
  schemas: string[];
  /** Every ordinary and partitioned table of the user schemas, sorted by schema then name. */
  tables: Table[];
  /**
   * All foreign keys, sorted by schema, table, name. The same objects as in `tables[].foreignKeys`.
   * Includes the clones of a partitioned table's FK on each of its partitions (they are what
   * errors name), not the server's internal per-partition copies of an FK that references a
   * partitioned table.
   */
  foreignKeys: ForeignKey[];
}

export function qualifiedKey(name: QualifiedName): string {
  return `${name.schema}.${name.name}`;
}

export function sameName(a: QualifiedName, b: QualifiedName): boolean {
  return a.schema === b.schema && a.name === b.name;
}

export function findTable(catalog: Catalog, name: QualifiedName): Table | undefined {
  return catalog.tables.find((t) => sameName(t, name));
}

/**
 * One foreign key per rule: the copies PostgreSQL makes of a partitioned table's FK on each
 * partition are left out when the FK they copy is in the catalog (it stands for them); a copy
 * whose origin was not read (another schema left out) stays.
 */
export function declaredForeignKeys(catalog: Catalog): ForeignKey[] {
  const read = new Set(catalog.foreignKeys.map((fk) => constraintKey(fk.table, fk.name)));
  return catalog.foreignKeys.filter(
    (fk) =>
      !fk.parentConstraint ||
      !read.has(constraintKey(fk.parentConstraint.table, fk.parentConstraint.name)),
  );
}

/** Whether `fk` is a partition's copy of an FK the catalog also holds. */
export function isPartitionCopy(catalog: Catalog, fk: ForeignKey): boolean {
  const origin = fk.parentConstraint;
  return (
    origin !== null &&
    catalog.foreignKeys.some(
      (other) => other.name === origin.name && sameName(other.table, origin.table),
    )
  );
}

function constraintKey(table: QualifiedName, name: string): string {
  return JSON.stringify([table.schema, table.name, name]);
}
