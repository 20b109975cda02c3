// fk-implied-missing: a column that looks like a reference (its name and type match another
// table's key) but has no foreign key, so nothing stops it from pointing at nothing.

import {
  type Catalog,
  type Column,
  type ForeignKey,
  findTable,
  sameName,
  type Table,
} from '../../../model/catalog.js';
import type { Finding } from '../../../model/finding.js';
import { lineComment, quoteIdent, quoteQualified } from '../../../sql/quote.js';
import type { Check } from '../check.js';
import { proposedForeignKeyName } from '../object-name.js';
import { orphanCountOf } from '../orphan-count.js';

export const fkImpliedMissing: Check = {
  id: 'fk-implied-missing',
  severity: 'info',
  title: 'Column that looks like a reference but has no foreign key',
  rationale:
    "A column named after another table's key (`customer_id` next to `customers.id` or " +
    '`customer.customer_id`), of a type that can hold it, is almost always a reference. ' +
    'Without the constraint, deletes leave it pointing at nothing and bad writes go unnoticed. ' +
    'It is info, not a warning: some references are deliberately loose (archives, soft ' +
    'deletes, data from another system). The count says how many rows would break the ' +
    'constraint if it were added today.',
  detection:
    'Catalog: a column in no foreign key, whose name is `<table>_<key>` (singular or plural ' +
    "table name, snake_case or camelCase) or the key's own name (`customer_id` for " +
    "`customer.customer_id`), with a type of the key's family, where the key is a one-column " +
    'primary key. With rows read, the anti-join of fk-orphans counts the rows that would fail.',
  readsRows: true,
  async detect(context) {
    const findings: Finding[] = [];
    const keysByName = keysByReferenceName(referenceableKeys(context.catalog));
    for (const table of context.catalog.tables) {
      if (table.partitionOf !== null) continue;
      const referencing = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
      for (const column of table.columns) {
        if (referencing.has(column.name) || column.generated !== null) continue;
        const named = keysByName.get(column.name.toLowerCase()) ?? [];
        const parents = named.filter((key) => looksLikeReference(table, column, key));
        const parent = parents.find((key) => key.table.schema === table.schema) ?? parents[0];
        if (!parent) continue;
        const fk = impliedForeignKey(table, column, parent);
        const count = context.readRows ? await orphanCountOf(context, fk) : null;
        findings.push(
          impliedFinding(
            table,
            column,
            parent,
            fk,
            count && { rows: count.orphanCount, sample: count.sampleKeys },
            parents.length,
            partitionsHaveOwn(context.catalog, table, column),
          ),
        );
      }
    }
    return findings;
  },
  examples: {
    valid: [
      {
        name: 'the reference has its foreign key',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, customer_id int references customers);`,
      },
      {
        name: 'a name that matches but a type that cannot hold the key',
        sql: `create table customers (id uuid primary key);
              create table imports (id int primary key, customer_id text);`,
      },
    ],
    invalid: [
      {
        name: 'customer_id next to customers.id, with a row that would break it',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, customer_id bigint);
              insert into customers values (1);
              insert into orders values (1, 1), (2, 99);`,
        findings: [{ table: 'orders', constraint: null, severity: 'info' }],
      },
      {
        name: 'pagila style key names, camelCase, a plural in -ies',
        sql: `create table category (category_id int primary key);
              create table film_category (film_id int, category_id smallint);
              create table "Categories" (id int primary key);
              create table "Products" (id int primary key, "categoryId" int);`,
        findings: [
          { table: '"Products"', constraint: null },
          { table: 'film_category', constraint: null },
        ],
      },
    ],
  },
};

interface ReferenceableKey {
  table: Table;
  column: Column;
}

/** One-column primary keys of tables that are not partitions. */
function referenceableKeys(catalog: Catalog): ReferenceableKey[] {
  const keys: ReferenceableKey[] = [];
  for (const table of catalog.tables) {
    const primary = table.primaryKey;
    if (table.partitionOf !== null || primary === null || primary.columns.length !== 1) continue;
    const column = table.columns.find((c) => c.name === primary.columns[0]);
    if (column) keys.push({ table, column });
  }
  return keys;
}

/** The keys by each lower-cased column name that would reference them, built once. */
function keysByReferenceName(keys: ReferenceableKey[]): Map<string, ReferenceableKey[]> {
  const byName = new Map<string, ReferenceableKey[]>();
  for (const key of keys) {
    for (const name of referenceNames(key.table.name, key.column.name)) {
      byName.set(name, [...(byName.get(name) ?? []), key]);
    }
  }
  return byName;
}

/** A column whose name is one of the key's reference names (see keysByReferenceName). */
function looksLikeReference(table: Table, column: Column, key: ReferenceableKey): boolean {
  if (sameName(table, key.table) && column.name === key.column.name) return false;
  if (namedAfterOwnTable(table, column)) return false;
  return sameFamily(column.typeName, key.column.typeName);
}

/** Whether every partition of a partitioned table has an FK of its own on the column. */
function partitionsHaveOwn(catalog: Catalog, table: Table, column: Column): boolean {
  return (
    table.kind === 'partitioned-table' &&
    table.partitions.length > 0 &&
    table.partitions.every((name) =>
      findTable(catalog, name)?.foreignKeys.some((fk) => fk.columns.includes(column.name)),
    )
  );
}

/** `category.category_id` (or `categories.categoryId`) is the table's own id, not a reference. */
function namedAfterOwnTable(table: Table, column: Column): boolean {
  const name = column.name.toLowerCase();
  const own = table.name.toLowerCase();
  return [own, singular(own)].some((stem) => name === `${stem}_id` || name === `${stem}id`);
}

/** The names a column referencing `table.key` usually has, lower-cased. */
function referenceNames(table: string, key: string): Set<string> {
  const names = new Set<string>();
  const lowerKey = key.toLowerCase();
  for (const stem of new Set([table.toLowerCase(), singular(table.toLowerCase())])) {
    names.add(`${stem}_${lowerKey}`);
    names.add(`${stem}${lowerKey}`); // camelCase, lower-cased: categoryId → categoryid
    if (lowerKey.startsWith(`${stem}_`) || lowerKey.startsWith(stem)) names.add(lowerKey);
  }
  return names;
}

function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const families = [['int2', 'int4', 'int8'], ['text', 'varchar', 'bpchar'], ['numeric']];

/** Types a foreign key can join: the same, or of one family (integers, strings). */
function sameFamily(a: string, b: string): boolean {
  return a === b || families.some((family) => family.includes(a) && family.includes(b));
}

function impliedForeignKey(table: Table, column: Column, key: ReferenceableKey): ForeignKey {
  return {
    name: proposedForeignKeyName(table, [column.name]),
    table: { schema: table.schema, name: table.name },
    columns: [column.name],
    referencedTable: { schema: key.table.schema, name: key.table.name },
    referencedColumns: [key.column.name],
    match: 'simple',
    onDelete: 'no-action',
    onUpdate: 'no-action',
    onDeleteSetColumns: null,
    deferrable: false,
    initiallyDeferred: false,
    validated: true,
    enforced: true,
    parentConstraint: null,
    triggersEnabled: true,
    definition: '',
  };
}

function impliedFinding(
  table: Table,
  column: Column,
  key: ReferenceableKey,
  fk: ForeignKey,
  broken: { rows: number; sample: Record<string, unknown>[] } | null,
  candidates: number,
  ownOnPartitions: boolean,
): Finding {
  const child = quoteQualified(table);
  const parent = `${quoteQualified(key.table)} (${quoteIdent(key.column.name)})`;
  const add = `ALTER TABLE ${child} ADD CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY (${quoteIdent(column.name)}) REFERENCES ${parent}`;
  const validate = `ALTER TABLE ${child} VALIDATE CONSTRAINT ${quoteIdent(fk.name)};`;
  // NOT VALID then VALIDATE: the add takes its lock only briefly. Partitioned tables refuse
  // NOT VALID before PostgreSQL 18, so theirs is added (and checked) in one step.
  const partitioned = table.kind === 'partitioned-table';
  const lines: string[] = [];
  if (broken && broken.rows > 0) {
    lines.push(
      lineComment(
        `${broken.rows} ${broken.rows === 1 ? 'row has' : 'rows have'} no parent yet: new rows are checked from now on;`,
      ),
      lineComment(
        `repair the old ones (fkdoctor orphans --constraint ${fk.name} --repair ...), then VALIDATE.`,
      ),
      partitioned ? lineComment(`${add};`) : `${add} NOT VALID;`,
    );
  } else {
    lines.push(partitioned ? `${add};` : `${add} NOT VALID;`);
    if (!partitioned) lines.push(validate);
  }
  const count =
    broken === null
      ? 'rows not counted (--no-rows)'
      : broken.rows === 0
        ? 'every row has its parent today'
        : `${broken.rows} ${broken.rows === 1 ? 'row' : 'rows'} would break it today`;
  return {
    check: 'fk-implied-missing',
    severity: 'info',
    table: child,
    constraint: null,
    message: `${child}.${quoteIdent(column.name)} looks like a reference to ${parent} but has no foreign key${ownOnPartitions ? ' (each partition has its own, which a partition added later will not)' : ''}; ${count}.`,
    fix: lines.join('\n'),
    details: {
      column: column.name,
      referencedTable: quoteQualified(key.table),
      referencedColumn: key.column.name,
      ...(broken ? { rowsWithoutParent: broken.rows, sampleKeys: broken.sample } : {}),
      ...(candidates > 1 ? { otherCandidates: candidates - 1 } : {}),
    },
  };
}
