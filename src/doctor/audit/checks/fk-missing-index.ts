// fk-missing-index: no index serves the lookup the server runs on the referencing table for
// every DELETE (and key UPDATE) on the referenced table.

import { type ForeignKey, findTable, qualifiedKey, type Table } from '../../../model/catalog.js';
import { type Finding, type Severity, severityRank } from '../../../model/finding.js';
import { indexesServingForeignKey } from '../../../model/fk-index.js';
import { quoteIdent, quoteQualified } from '../../../sql/quote.js';
import { type AuditContext, type Check, declaredForeignKeys } from '../check.js';
import { proposedIndexName } from '../object-name.js';
import { noActivity, type TableActivity } from '../table-activity.js';

/** Child tables at least this big, with a parent that sees deletes or updates, make it an error. */
export const LARGE_CHILD_ROWS = 100_000;

export const fkMissingIndex: Check = {
  id: 'fk-missing-index',
  severity: 'warning',
  title: 'Foreign key without an index on its referencing columns',
  rationale:
    'Every DELETE on the referenced table, and every UPDATE of its key, makes the server look ' +
    'up referencing rows (`WHERE fk_col = $1`). Without an index whose leading columns are the ' +
    'FK columns, each of those lookups reads the whole referencing table, holding its lock ' +
    'meanwhile; ON DELETE CASCADE multiplies it. Fine when the parent is never deleted from ' +
    "and the child is small; the severity grows with the child table and the parent's delete " +
    'and update rate (pg_stat_user_tables).',
  detection:
    'Catalog: for each FK, an index of the referencing table that is valid and ready, btree ' +
    '(or hash for one column), whose leading columns are the FK columns in any order, and not ' +
    'partial unless its predicate is only `col IS NOT NULL` on FK columns. A partitioned table ' +
    'is covered when every partition is.',
  readsRows: false,
  async detect(context) {
    // FKs of one table on the same columns (a duplicate FK, or two parents) share one index.
    const groups = new Map<string, { table: Table; fks: ForeignKey[] }>();
    for (const fk of declaredForeignKeys(context.catalog)) {
      // A NOT ENFORCED FK (PG 18) has no triggers, so nothing looks rows up.
      if (!fk.enforced) continue;
      const table = findTable(context.catalog, fk.table);
      if (!table || covered(context, table, fk)) continue;
      const key = JSON.stringify([qualifiedKey(table), [...fk.columns].sort()]);
      const group = groups.get(key) ?? { table, fks: [] };
      group.fks.push(fk);
      groups.set(key, group);
    }
    return [...groups.values()].map(({ table, fks }) => missingIndexFinding(context, table, fks));
  },
  examples: {
    valid: [
      {
        name: 'an index on the FK column',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, customer_id int references customers);
              create index on orders (customer_id);`,
      },
      {
        name: 'a composite FK served by the primary key, columns in another order',
        sql: `create table orders (id int, region text, primary key (id, region));
              create table order_items (order_id int, region text, line int,
                primary key (region, order_id, line),
                foreign key (order_id, region) references orders (id, region));`,
      },
      {
        name: 'a partial index on the non-NULL keys',
        sql: `create table users (id int primary key);
              create table posts (id int primary key, editor_id int references users);
              create index posts_editor on posts (editor_id) where editor_id is not null;`,
      },
      {
        name: 'a partitioned table with the index on the partitioned table',
        sql: `create table shops (id int primary key);
              create table sales (shop_id int references shops, day date) partition by range (day);
              create table sales_2026 partition of sales for values from ('2026-01-01') to ('2027-01-01');
              create index on sales (shop_id);`,
      },
    ],
    invalid: [
      {
        name: 'no index at all',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, customer_id int references customers);`,
        findings: [{ table: 'orders', constraint: 'orders_customer_id_fkey', severity: 'warning' }],
      },
      {
        name: 'the FK column is second in the only index',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, placed date, customer_id int references customers);
              create index on orders (placed, customer_id);`,
        findings: [{ table: 'orders', constraint: 'orders_customer_id_fkey' }],
      },
      {
        name: 'a partial index whose predicate the lookup does not imply',
        sql: `create table users (id int primary key);
              create table posts (id int primary key, author_id int references users, draft bool);
              create index on posts (author_id) where not draft;`,
        findings: [{ table: 'posts', constraint: 'posts_author_id_fkey' }],
      },
      {
        name: 'a partitioned table with no index, and mixed-case names',
        sql: `create table "Shops" (id int primary key);
              create table "Sales" ("Shop Id" int references "Shops", day date) partition by range (day);
              create table "Sales 2026" partition of "Sales" for values from ('2026-01-01') to ('2027-01-01');`,
        findings: [{ table: '"Sales"', constraint: 'Sales_Shop Id_fkey' }],
      },
    ],
  },
};

/** Served on the table itself, or (partitioned) on every one of its partitions. */
function covered(context: AuditContext, table: Table, fk: ForeignKey): boolean {
  if (indexesServingForeignKey(table, fk).length > 0) return true;
  if (table.kind !== 'partitioned-table' || table.partitions.length === 0) return false;
  return table.partitions.every((name) => {
    const partition = findTable(context.catalog, name);
    return partition !== undefined && covered(context, partition, fk);
  });
}

function missingIndexFinding(context: AuditContext, table: Table, fks: ForeignKey[]): Finding {
  const fk = fks[0] as ForeignKey;
  const child = activityOf(context, table);
  const parent = context.activity.get(qualifiedKey(fk.referencedTable)) ?? noActivity;
  const severity = fks
    .map((each) =>
      gradeMissingIndex(
        child.rows,
        context.activity.get(qualifiedKey(each.referencedTable)) ?? noActivity,
      ),
    )
    .sort((a, b) => severityRank(a) - severityRank(b))[0] as Severity;
  const writes = parent.deletes + parent.updates;
  const parentName = quoteQualified(fk.referencedTable);
  return {
    check: fkMissingIndex.id,
    severity,
    table: quoteQualified(table),
    constraint: fk.name,
    ...(fks.length > 1 ? { constraints: fks.map((each) => each.name) } : {}),
    message:
      `No index on ${quoteQualified(table)} (${fk.columns.map(quoteIdent).join(', ')}): each ` +
      `DELETE on ${parentName}${fk.onDelete === 'cascade' ? ' (ON DELETE CASCADE)' : ''}, and ` +
      `each UPDATE of its key, reads all of ${quoteQualified(table)}` +
      `${child.rows > 0 ? ` (~${child.rows} rows)` : ''}` +
      `${writes > 0 ? `; ${parentName} has seen ${parent.deletes} deletes and ${parent.updates} updates` : ''}.` +
      `${fks.length > 1 ? ` One index serves all ${fks.length} foreign keys on these columns.` : ''}`,
    fix: createIndexSql(context, table, fk.columns),
    details: {
      childRows: child.rows,
      parentDeletes: parent.deletes,
      parentUpdates: parent.updates,
      columns: fk.columns,
    },
  };
}

/** Warning; an error once the child is large and the parent actually sees deletes or updates. */
export function gradeMissingIndex(childRows: number, parent: TableActivity): Severity {
  return childRows >= LARGE_CHILD_ROWS && parent.deletes + parent.updates > 0 ? 'error' : 'warning';
}

/**
 * Rows and writes of the table; for a partitioned table, those of its partitions summed (its
 * own reltuples, after ANALYZE, already counts every row: the larger of the two is taken).
 */
function activityOf(context: AuditContext, table: Table): TableActivity {
  const own = context.activity.get(qualifiedKey(table)) ?? noActivity;
  if (table.kind !== 'partitioned-table') return own;
  const parts = table.partitions.reduce<TableActivity>((sum, name) => {
    const partition = findTable(context.catalog, name);
    const part = partition ? activityOf(context, partition) : noActivity;
    return {
      rows: sum.rows + part.rows,
      deletes: sum.deletes + part.deletes,
      updates: sum.updates + part.updates,
    };
  }, noActivity);
  return { ...parts, rows: Math.max(own.rows, parts.rows) };
}

/**
 * CREATE INDEX CONCURRENTLY (no write lock while it builds; it cannot run inside a transaction
 * block). A partitioned table cannot take CONCURRENTLY, so its index is made on the partitioned
 * table alone (ON ONLY, invalid until complete), built concurrently on each partition, and
 * attached; it turns valid when the last partition is attached.
 */
function createIndexSql(context: AuditContext, table: Table, columns: string[]): string {
  const taken = new Set<string>();
  const statements: string[] = [];
  const build = (target: Table): string => {
    const name = proposedIndexName(context.catalog, target.schema, target.name, columns, taken);
    taken.add(name);
    const on = `${quoteQualified(target)} (${columns.map(quoteIdent).join(', ')})`;
    if (target.kind !== 'partitioned-table') {
      statements.push(`CREATE INDEX CONCURRENTLY ${quoteIdent(name)} ON ${on};`);
      return name;
    }
    statements.push(`CREATE INDEX ${quoteIdent(name)} ON ONLY ${on};`);
    for (const partitionName of target.partitions) {
      const partition = findTable(context.catalog, partitionName);
      if (!partition) continue;
      const child = sameIndex(partition, columns) ?? build(partition);
      statements.push(
        `ALTER INDEX ${quoteQualified({ schema: target.schema, name })} ATTACH PARTITION ${quoteQualified({ schema: partition.schema, name: child })};`,
      );
    }
    return name;
  };
  build(table);
  return statements.join('\n');
}

/** A plain btree index of the partition on exactly these columns, which ATTACH can reuse. */
function sameIndex(partition: Table, columns: string[]): string | null {
  const index = partition.indexes.find(
    (i) =>
      i.method === 'btree' &&
      i.valid &&
      i.predicate === null &&
      i.includeColumns.length === 0 &&
      !i.unique &&
      i.columns.length === columns.length &&
      i.columns.every((column, n) => column === columns[n]),
  );
  return index?.name ?? null;
}
