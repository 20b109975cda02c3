// fk-nullable-composite-match-simple: a multi-column FK under MATCH SIMPLE (the default) with a
// nullable column. A row with any NULL in the key is not checked at all, so (NULL, 42) is
// accepted although no parent has 42.

import { type ForeignKey, findTable, type Table } from '../../../model/catalog.js';
import type { Finding, Severity } from '../../../model/finding.js';
import { lineComment, quoteIdent, quoteQualified } from '../../../sql/quote.js';
import { type AuditContext, type Check, declaredForeignKeys } from '../check.js';
import { rebuildForeignKeySql } from '../rebuild-foreign-key.js';

export const fkNullableCompositeMatchSimple: Check = {
  id: 'fk-nullable-composite-match-simple',
  severity: 'warning',
  title: 'Composite MATCH SIMPLE foreign key with a nullable column',
  rationale:
    'Under MATCH SIMPLE, the default, a key with any NULL column is not checked at all: ' +
    '(NULL, 42) is accepted even when no parent has 42, and the non-NULL half silently points ' +
    'nowhere. MATCH FULL accepts a key only whole or all NULL; NOT NULL on the columns closes ' +
    'the gap too. It is fine, and reported as info, when the NULL is the optional part of the ' +
    'key by design: one nullable column (e.g. (tenant_id, parent_id) with parent_id optional) ' +
    'whose NOT NULL companions another FK checks, or that ON DELETE SET NULL (column) clears.',
  detection:
    'Catalog: enforced FKs with two or more columns, MATCH SIMPLE, and a column without NOT ' +
    'NULL, unless a validated CHECK allows the key only whole or all NULL. With rows: how many rows have a NULL in the key, and how many a half-NULL key (at ' +
    'least one NULL and one value), with a sample; these choose the fix.',
  readsRows: true,
  async detect(context) {
    const findings: Finding[] = [];
    for (const fk of declaredForeignKeys(context.catalog)) {
      // NOT ENFORCED (PG 18) checks nothing at all; that is another matter than this gap.
      if (!fk.enforced || fk.match !== 'simple' || fk.columns.length < 2) continue;
      const table = findTable(context.catalog, fk.table);
      if (!table) continue;
      const nullable = fk.columns.filter((c) => !table.columns.find((t) => t.name === c)?.notNull);
      if (nullable.length === 0) continue;
      if (await allOrNoneChecked(context, fk)) continue;
      findings.push(await gapFinding(context, table, fk, nullable));
    }
    return findings;
  },
  examples: {
    valid: [
      {
        name: 'MATCH FULL on nullable columns',
        sql: `create table users (tenant int, id int, primary key (tenant, id));
              create table posts (tenant int, author int,
                foreign key (tenant, author) references users match full);
              insert into users values (1, 1); insert into posts values (1, 1), (null, null);`,
      },
      {
        name: 'every key column NOT NULL, and a single-column FK on a nullable column',
        sql: `create table "Wäre""house" (site text, code text, primary key (site, code));
              create table "Bins" ("Site" text not null, "Code" text not null, "Other" int,
                foreign key ("Site", "Code") references "Wäre""house");
              create table others (id int primary key);
              alter table "Bins" add foreign key ("Other") references others;`,
      },
      {
        name: 'a CHECK that allows the key only whole or all NULL, columns in another order',
        sql: `create table "Lots" ("Site Id" int, "Lot" text, primary key ("Site Id", "Lot"));
              create table moves ("Lot" text, "Site Id" int,
                foreign key ("Site Id", "Lot") references "Lots",
                check (("Lot" is null) = ("Site Id" is null)));`,
      },
      {
        name: 'a num_nulls CHECK on a three-column key',
        sql: `create table slots (a int, b int, c int, primary key (a, b, c));
              create table uses (a int, b int, c int, foreign key (a, b, c) references slots,
                check (num_nulls(c, a, b) in (0, 3)));`,
      },
      {
        name: 'by design: optional parent in the same tenant, the tenant checked by its own FK',
        sql: `create table tenants (id int primary key);
              create table nodes (tenant_id int not null references tenants, id int,
                parent_id int, primary key (tenant_id, id),
                foreign key (tenant_id, parent_id) references nodes (tenant_id, id));
              insert into tenants values (1); insert into nodes values (1, 1, null), (1, 2, 1);`,
      },
    ],
    invalid: [
      {
        name: 'no NULLs today: the fix makes the columns NOT NULL',
        sql: `create table users (tenant int, id int, primary key (tenant, id));
              create table posts (tenant int, author int,
                foreign key (tenant, author) references users);
              insert into users values (1, 1); insert into posts values (1, 1);`,
        findings: [{ table: 'posts', constraint: 'posts_tenant_author_fkey', severity: 'warning' }],
      },
      {
        name: 'all-NULL keys but no half-NULL one: MATCH FULL, keeping actions and deferrability',
        sql: `create table "Order Lines" ("Order" int, line int, primary key ("Order", line));
              create table "Shipments" (id int, "Order" int, line int,
                constraint "ship→line" foreign key ("Order", line) references "Order Lines"
                  on delete cascade on update cascade deferrable initially deferred);
              insert into "Order Lines" values (1, 1);
              insert into "Shipments" values (1, 1, 1), (2, null, null);`,
        findings: [{ table: '"Shipments"', constraint: 'ship→line' }],
      },
      {
        name: 'half-NULL keys today, every column nullable: saved, cleared, then MATCH FULL',
        sql: `create table users (tenant int, id int, primary key (tenant, id));
              create table posts (id int primary key, tenant int, author int,
                foreign key (tenant, author) references users);
              insert into users values (1, 1);
              insert into posts values (1, 1, 1), (2, null, 42), (3, 7, null), (4, null, null);`,
        findings: [{ table: 'posts', constraint: 'posts_tenant_author_fkey' }],
      },
      {
        name: 'half-NULL keys with a NOT NULL column nothing else checks: a decision, no SQL',
        sql: `create table lines (order_id int, n int, primary key (order_id, n));
              create table notes (order_id int not null, n int,
                foreign key (order_id, n) references lines);
              insert into notes values (99, null);`,
        findings: [{ table: 'notes', constraint: 'notes_order_id_n_fkey' }],
      },
      {
        name: 'a partitioned table with three key columns',
        sql: `create table slots (a int, b int, c int, primary key (a, b, c));
              create table bookings (a int, b int, c int, day date,
                foreign key (a, b, c) references slots) partition by range (day);
              create table bookings_2026 partition of bookings
                for values from ('2026-01-01') to ('2027-01-01');
              insert into slots values (1, 2, 3);
              insert into bookings values (1, 2, 3, '2026-05-01'), (null, null, null, '2026-05-02');`,
        findings: [{ table: 'bookings', constraint: 'bookings_a_b_c_fkey' }],
      },
    ],
  },
};

interface KeyCounts {
  /** Rows with a NULL in some key column. */
  nullRows: number;
  /** Rows with a NULL and a value in the key: the ones MATCH SIMPLE lets through unchecked. */
  halfNullRows: number;
  sample: (string | null)[][];
}

async function gapFinding(
  context: AuditContext,
  table: Table,
  fk: ForeignKey,
  nullable: string[],
): Promise<Finding> {
  const notNull = fk.columns.filter((c) => !nullable.includes(c));
  const design = byDesign(table, fk, nullable, notNull);
  const counts = context.readRows ? await countNullKeys(context, fk) : null;
  const name = quoteQualified(table);
  const key = `(${fk.columns.map(quoteIdent).join(', ')})`;
  const counted =
    counts === null
      ? ' (rows not read)'
      : `; ${counts.halfNullRows} row(s) have a half-NULL key today`;
  const severity: Severity = design === null ? 'warning' : 'info';
  const fix = design === null ? gapFix(context, table, fk, nullable, notNull, counts) : null;
  const decide =
    design === null && fix === null
      ? ` No SQL can keep them: MATCH FULL and NOT NULL both reject a NULL ${nullable.map(quoteIdent).join(', ')} beside NOT NULL ${notNull.map(quoteIdent).join(', ')}; give those rows a parent, or silence this finding if they are meant.`
      : '';
  const message =
    design === null
      ? `${name} ${key} is MATCH SIMPLE and ${nullable.map(quoteIdent).join(', ')} can be NULL: a key with any NULL is not checked, so its other values may point at no ${quoteQualified(fk.referencedTable)} row${counted}.`
      : `${name} ${key}: a NULL ${quoteIdent(nullable[0]!)} skips the check by design (${design})${counted}.`;
  const full = message + decide;
  return {
    check: fkNullableCompositeMatchSimple.id,
    severity,
    table: name,
    constraint: fk.name,
    message: full,
    fix,
    details: {
      columns: fk.columns,
      nullableColumns: nullable,
      ...(design === null ? {} : { byDesign: design }),
      ...(counts === null
        ? {}
        : {
            nullKeyRows: counts.nullRows,
            halfNullRows: counts.halfNullRows,
            sampleKeys: counts.sample,
          }),
    },
  };
}

/**
 * Why a NULL is the optional part of the key, or null: one nullable column, and its NOT NULL
 * companions are checked by another FK of the table, or ON DELETE SET NULL (column) makes
 * exactly these half-NULL rows on purpose.
 */
function byDesign(table: Table, fk: ForeignKey, nullable: string[], notNull: string[]) {
  if (nullable.length !== 1 || notNull.length === 0) return null;
  const setsOnly = fk.onDeleteSetColumns;
  if (fk.onDelete === 'set-null' && setsOnly?.length === 1 && setsOnly[0] === nullable[0]) {
    return `ON DELETE SET NULL (${quoteIdent(nullable[0]!)}) makes such rows`;
  }
  const other = table.foreignKeys.find(
    (o) =>
      o !== fk &&
      o.name !== fk.name &&
      o.enforced &&
      o.validated &&
      o.columns.every((c) => notNull.includes(c)),
  );
  if (!other) return null;
  return `${notNull.map(quoteIdent).join(', ')} is checked by ${quoteIdent(other.name)}`;
}

async function countNullKeys(context: AuditContext, fk: ForeignKey): Promise<KeyCounts> {
  const n = fk.columns.length;
  const nulls = `num_nulls(${fk.columns.map(quoteIdent).join(', ')})`;
  const table = quoteQualified(fk.table);
  const { rows } = await context.engine.query<{ null_rows: string; half_rows: string }>(
    `SELECT count(*) FILTER (WHERE ${nulls} > 0) AS null_rows,
            count(*) FILTER (WHERE ${nulls} BETWEEN 1 AND ${n - 1}) AS half_rows
     FROM ${table}`,
  );
  const halfNullRows = Number(rows[0]?.half_rows ?? 0);
  let sample: (string | null)[][] = [];
  if (halfNullRows > 0 && context.sampleSize > 0) {
    const picked = await context.engine.query<{ key: (string | null)[] }>(
      `SELECT ARRAY[${fk.columns.map((c) => `${quoteIdent(c)}::text`).join(', ')}] AS key
       FROM ${table} WHERE ${nulls} BETWEEN 1 AND ${n - 1} LIMIT ${Math.floor(context.sampleSize)}`,
    );
    sample = picked.rows.map((r) => r.key);
  }
  return { nullRows: Number(rows[0]?.null_rows ?? 0), halfNullRows, sample };
}

/** The fix that keeps today's rows valid, chosen from what the rows hold. */
function gapFix(
  context: AuditContext,
  table: Table,
  fk: ForeignKey,
  nullable: string[],
  notNull: string[],
  counts: KeyCounts | null,
): string | null {
  const name = quoteQualified(table);
  const matchFull = (before: string[] = []) =>
    rebuildForeignKeySql(context.catalog, fk, { match: 'full' }, before);
  const checkAlternative = [
    'Or, keeping MATCH SIMPLE, a CHECK that allows a key only whole or all NULL:',
    `ALTER TABLE ${name} ADD CHECK (${allOrNone(fk.columns)});`,
  ];
  if (counts !== null && counts.nullRows === 0) {
    return [
      lineComment(
        `No row has a NULL in ${nullable.map(quoteIdent).join(', ')} today: NOT NULL closes the gap and keeps every row valid (it scans the table under an ACCESS EXCLUSIVE lock).`,
      ),
      `ALTER TABLE ${name} ${nullable.map((c) => `ALTER COLUMN ${quoteIdent(c)} SET NOT NULL`).join(', ')};`,
      lineComment('Or, if the reference must stay optional, MATCH FULL instead of NOT NULL:'),
      ...matchFull().split('\n').map(lineComment),
    ].join('\n');
  }
  if (counts === null || counts.halfNullRows === 0) {
    return [
      lineComment(
        counts === null
          ? 'MATCH FULL accepts a key only whole or all NULL. Rows were not read: VALIDATE fails, and the transaction rolls back, if a row has a half-NULL key.'
          : `MATCH FULL accepts a key only whole or all NULL: the ${counts.nullRows} row(s) with an all-NULL key stay valid, and no row has a half-NULL key.`,
      ),
      ...checkAlternative.map(lineComment),
      matchFull(),
    ].join('\n');
  }
  if (notNull.length > 0) return null;
  // Half-NULL keys exist and every column may be NULL: their values were never checked.
  const backup = backupName(context, table, fk);
  const half = `num_nulls(${fk.columns.map(quoteIdent).join(', ')}) BETWEEN 1 AND ${fk.columns.length - 1}`;
  return [
    lineComment(
      `${counts.halfNullRows} row(s) have a half-NULL key that no FK ever checked. They are copied to ${backup}, their key is set all NULL (what MATCH FULL accepts), and the FK becomes MATCH FULL; review the copy, and give the rows a real parent where one was meant.`,
    ),
    matchFull([
      `CREATE TABLE ${backup} AS SELECT * FROM ${name} WHERE ${half};`,
      `UPDATE ${name} SET ${fk.columns.map((c) => `${quoteIdent(c)} = NULL`).join(', ')} WHERE ${half};`,
    ]),
  ].join('\n');
}

/**
 * Whether a validated CHECK of the table already allows the key only whole or all NULL, which
 * makes MATCH SIMPLE check as MATCH FULL does: the forms this check proposes, as
 * pg_get_constraintdef prints them, with the columns in any order.
 */
async function allOrNoneChecked(context: AuditContext, fk: ForeignKey): Promise<boolean> {
  const { rows } = await context.engine.query<{ def: string }>(
    `SELECT pg_catalog.pg_get_constraintdef(oid) AS def FROM pg_catalog.pg_constraint
     WHERE contype = 'c' AND convalidated AND conrelid = $1::regclass`,
    [quoteQualified(fk.table)],
  );
  if (rows.length === 0) return false;
  const n = fk.columns.length;
  const accepted = new Set<string>();
  for (const order of orderings(fk.columns.map(quoteIdent))) {
    const list = order.join(', ');
    for (const fn of ['num_nulls', 'num_nonnulls']) {
      accepted.add(`CHECK ((${fn}(${list}) = ANY (ARRAY[0, ${n}])))`);
      accepted.add(`CHECK ((${fn}(${list}) = ANY (ARRAY[${n}, 0])))`);
    }
    if (n === 2) accepted.add(`CHECK (((${order[0]} IS NULL) = (${order[1]} IS NULL)))`);
  }
  return rows.some((r) => accepted.has(r.def));
}

/** Every order of the names (up to five; beyond that only the given one). */
function orderings(names: string[]): string[][] {
  if (names.length > 5 || names.length <= 1) return [names];
  return names.flatMap((first, i) =>
    orderings([...names.slice(0, i), ...names.slice(i + 1)]).map((rest) => [first, ...rest]),
  );
}

/** `(a IS NULL) = (b IS NULL)` for two columns; `num_nulls(a, b, c) IN (0, 3)` for more. */
function allOrNone(columns: string[]): string {
  const quoted = columns.map(quoteIdent);
  if (quoted.length === 2) return `(${quoted[0]} IS NULL) = (${quoted[1]} IS NULL)`;
  return `num_nulls(${quoted.join(', ')}) IN (0, ${quoted.length})`;
}

/** `<table>_<constraint>_backup`, cut to the 63-byte limit and numbered past existing tables. */
function backupName(context: AuditContext, table: Table, fk: ForeignKey): string {
  const taken = new Set(
    context.catalog.tables.filter((t) => t.schema === table.schema).map((t) => t.name),
  );
  const encoder = new TextEncoder();
  for (let n = 0; ; n++) {
    const suffix = n === 0 ? '_backup' : `_backup${n}`;
    const points = [...`${table.name}_${fk.name}`];
    while (encoder.encode(points.join('') + suffix).length > 63) points.pop();
    const candidate = points.join('') + suffix;
    if (!taken.has(candidate)) return quoteQualified({ schema: table.schema, name: candidate });
  }
}
