// Hand-built Catalog objects for unit tests, with the defaults introspection would give a plain
// table: an integer primary key, enforced and validated FKs, NO ACTION, MATCH SIMPLE.
//
//   const catalog = new CatalogBuilder()
//     .table('customers')                       // public.customers (id)
//     .table('sales.orders', ['id', 'customer_id?'])  // `?` = nullable column
//     .fk('sales.orders', ['customer_id'], 'customers', { deferrable: true })
//     .build();

import type {
  Catalog,
  Column,
  FkAction,
  FkMatch,
  ForeignKey,
  QualifiedName,
  RelationKind,
  Table,
} from '../../src/model/catalog.js';
import { compareNames } from '../../src/model/name-order.js';
import { quoteIdent, quoteQualified } from '../../src/sql/quote.js';

export type NameLike = string | QualifiedName;

/** `orders` → public.orders; `sales.orders` → sales.orders (split at the first dot). */
export function name(spec: NameLike): QualifiedName {
  if (typeof spec !== 'string') return { schema: spec.schema, name: spec.name };
  const dot = spec.indexOf('.');
  return dot < 0
    ? { schema: 'public', name: spec }
    : { schema: spec.slice(0, dot), name: spec.slice(dot + 1) };
}

// Not qualifiedKey(): tests build tables whose `schema.name` keys collide on purpose.
const keyOf = (table: QualifiedName) => JSON.stringify([table.schema, table.name]);

export interface TableOptions {
  /** Primary key columns; default the first column. `[]` for none. */
  pk?: string[];
  kind?: RelationKind;
  partitionOf?: NameLike;
}

export interface FkOptions {
  name?: string;
  /** Default: the parent's primary key. */
  referencedColumns?: string[];
  match?: FkMatch;
  onDelete?: FkAction;
  onUpdate?: FkAction;
  deferrable?: boolean;
  initiallyDeferred?: boolean;
  enforced?: boolean;
  validated?: boolean;
  /** Marks a copy PostgreSQL made on a partition of the named constraint. */
  parentConstraint?: { table: NameLike; name: string };
}

interface PendingFk {
  child: QualifiedName;
  columns: string[];
  parent: QualifiedName;
  options: FkOptions;
}

export class CatalogBuilder {
  private readonly tables = new Map<string, Table>();
  private readonly fks: PendingFk[] = [];

  /** Columns are NOT NULL integers unless the name ends in `?`. */
  table(spec: NameLike, columns: string[] = ['id'], options: TableOptions = {}): this {
    const qualified = name(spec);
    const cols: Column[] = columns.map((raw, i) => {
      const nullable = raw.endsWith('?');
      return {
        name: nullable ? raw.slice(0, -1) : raw,
        position: i + 1,
        type: 'integer',
        typeName: 'int4',
        typmod: -1,
        notNull: !nullable,
        collation: null,
        default: null,
        identity: null,
        generated: null,
      };
    });
    const pk = options.pk ?? cols.slice(0, 1).map((c) => c.name);
    this.tables.set(keyOf(qualified), {
      ...qualified,
      kind: options.kind ?? 'table',
      partitionOf: options.partitionOf ? name(options.partitionOf) : null,
      partitions: [],
      estimatedRows: -1,
      columns: cols,
      primaryKey:
        pk.length === 0
          ? null
          : {
              name: `${qualified.name}_pkey`,
              kind: 'primary',
              columns: pk,
              deferrable: false,
              initiallyDeferred: false,
              nullsNotDistinct: false,
              index: `${qualified.name}_pkey`,
            },
      uniqueKeys: [],
      indexes: [],
      foreignKeys: [],
      rowSecurity: false,
    });
    return this;
  }

  /** A table per name, each with just `id`. */
  tablesNamed(...specs: NameLike[]): this {
    for (const spec of specs) this.table(spec);
    return this;
  }

  fk(child: NameLike, columns: string[], parent: NameLike, options: FkOptions = {}): this {
    this.fks.push({ child: name(child), columns, parent: name(parent), options });
    return this;
  }

  build(): Catalog {
    const tables = [...this.tables.values()].sort(compareNames);
    for (const table of tables) {
      if (!table.partitionOf) continue;
      const parent = this.tables.get(keyOf(table.partitionOf));
      if (!parent) throw new Error(`partition ${table.schema}.${table.name}: no parent table`);
      parent.kind = 'partitioned-table';
      parent.partitions.push({ schema: table.schema, name: table.name });
    }
    const foreignKeys = this.fks.map((pending) => this.makeFk(pending));
    foreignKeys.sort(
      (a, b) => compareNames(a.table, b.table) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    for (const fk of foreignKeys) this.tables.get(keyOf(fk.table))?.foreignKeys.push(fk);
    return {
      serverVersionNum: 180000,
      serverVersion: 'PostgreSQL 18.0 (catalog-builder)',
      schemas: [...new Set(tables.map((t) => t.schema))],
      tables,
      foreignKeys,
    };
  }

  private makeFk({ child, columns, parent, options }: PendingFk): ForeignKey {
    if (!this.tables.has(keyOf(child)))
      throw new Error(`fk: no table ${child.schema}.${child.name}`);
    const referenced = this.tables.get(keyOf(parent));
    const referencedColumns = options.referencedColumns ??
      referenced?.primaryKey?.columns ?? ['id'];
    const match = options.match ?? 'simple';
    const deferrable = options.deferrable ?? false;
    const initiallyDeferred = options.initiallyDeferred ?? false;
    const list = (cols: string[]) => cols.map(quoteIdent).join(', ');
    const definition = [
      `FOREIGN KEY (${list(columns)}) REFERENCES ${quoteQualified(parent)}(${list(referencedColumns)})`,
      match === 'full' ? 'MATCH FULL' : '',
      deferrable ? 'DEFERRABLE' : '',
      initiallyDeferred ? 'INITIALLY DEFERRED' : '',
    ]
      .filter(Boolean)
      .join(' ');
    return {
      name: options.name ?? `${child.name}_${columns.join('_')}_fkey`,
      table: child,
      columns,
      referencedTable: parent,
      referencedColumns,
      match,
      onDelete: options.onDelete ?? 'no-action',
      onUpdate: options.onUpdate ?? 'no-action',
      onDeleteSetColumns: null,
      deferrable,
      initiallyDeferred,
      validated: options.validated ?? true,
      enforced: options.enforced ?? true,
      parentConstraint: options.parentConstraint
        ? { table: name(options.parentConstraint.table), name: options.parentConstraint.name }
        : null,
      triggersEnabled: true,
      definition,
    };
  }
}
