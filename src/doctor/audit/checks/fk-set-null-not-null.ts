// fk-set-null-not-null: an ON DELETE/UPDATE action that can never succeed. SET NULL on a NOT NULL
// column, SET NULL of some columns under MATCH FULL, SET DEFAULT to NULL on a NOT NULL column or
// to a key no parent row has: every delete (or key update) of a referenced parent row fails.

import {
  type Catalog,
  type Column,
  type ForeignKey,
  findTable,
  type QualifiedName,
  type Table,
} from '../../../model/catalog.js';
import type { Finding } from '../../../model/finding.js';
import { lineComment, quoteIdent, quoteQualified } from '../../../sql/quote.js';
import { type AuditContext, type Check, declaredForeignKeys } from '../check.js';
import { defaultValue } from '../constant-default.js';
import { type ForeignKeyChanges, rebuildForeignKeySql } from '../rebuild-foreign-key.js';

/** `ON DELETE SET NULL (col, ...)` and `SET DEFAULT (col, ...)` exist from PostgreSQL 15. */
const SET_COLUMN_LISTS = 150000;

export const fkSetNullNotNull: Check = {
  id: 'fk-set-null-not-null',
  severity: 'error',
  title: 'ON DELETE/UPDATE SET NULL or SET DEFAULT that always fails',
  rationale:
    'ON DELETE SET NULL on a NOT NULL column looks like a policy but is a trap: the delete of ' +
    'any referenced parent row fails with a not-null violation, often deep inside an ' +
    'application that thought deletes were handled. The same holds for SET DEFAULT when the ' +
    'default is NULL on a NOT NULL column or names a parent row that does not exist (the ' +
    'child then violates the FK), and for SET NULL of only some columns under MATCH FULL, ' +
    'which forbids a half-NULL key. The schema says both "a child needs a parent" and "a ' +
    'child outlives its parent"; one of them has to give.',
  detection:
    'Catalog: the columns an ON DELETE or ON UPDATE SET NULL/SET DEFAULT sets (the PG 15+ ' +
    'column list, else all FK columns) and their NOT NULL flags, on the table and each of its ' +
    'partitions; defaults that are constants as the server prints them. With rows: whether ' +
    'the referenced table has the row the defaults name, or, for PG 15+ SET DEFAULT (col), ' +
    "how many of today's rows would move to a key with no parent (defaults that are " +
    'expressions are not evaluated).',
  readsRows: true,
  async detect(context) {
    const findings: Finding[] = [];
    for (const fk of declaredForeignKeys(context.catalog)) {
      if (!fk.enforced) continue;
      const table = findTable(context.catalog, fk.table);
      if (!table) continue;
      const problems = [
        ...(await actionProblems(context, table, fk, 'delete')),
        ...(await actionProblems(context, table, fk, 'update')),
      ];
      if (problems.length > 0) findings.push(setNullFinding(context, table, fk, problems));
    }
    return findings;
  },
  examples: {
    valid: [
      {
        name: 'SET NULL on a nullable column, SET DEFAULT to an existing parent',
        sql: `create table users (id int primary key);
              insert into users values (0);
              create table posts (id int primary key,
                author_id int references users on delete set null,
                editor_id int not null default 0 references users on delete set default);`,
      },
      {
        name: 'PG 15+ SET NULL (column) of the nullable column of a composite key',
        sql: `create table tenants (id int primary key);
              create table users (tenant_id int references tenants, id int, primary key (tenant_id, id));
              create table posts (tenant_id int not null references tenants, author_id int,
                foreign key (tenant_id, author_id) references users on delete set null (author_id));`,
      },
      {
        name: 'SET DEFAULT with no default on a nullable column (NULL passes the check)',
        sql: `create table "Ünits" (id int primary key);
              create table items ("Unit Id" int references "Ünits" on delete set default on update set default);`,
      },
    ],
    invalid: [
      {
        name: 'ON DELETE SET NULL on a NOT NULL column',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key,
                customer_id int not null references customers on delete set null);
              insert into customers values (1); insert into orders values (1, 1);`,
        findings: [{ table: 'orders', constraint: 'orders_customer_id_fkey', severity: 'error' }],
      },
      {
        name: 'SET NULL of both columns when one is NOT NULL, mixed-case names',
        sql: `create table "Tenants" (id int primary key);
              create table "User ""Accounts""" ("Tenant" int, id int, primary key ("Tenant", id));
              create table "Blog Posts" ("Tenant" int not null references "Tenants", "Author" int,
                constraint "author's fk" foreign key ("Tenant", "Author")
                  references "User ""Accounts""" on delete set null);`,
        findings: [{ table: '"Blog Posts"', constraint: "author's fk", severity: 'error' }],
      },
      {
        name: 'ON UPDATE SET NULL on a NOT NULL column, deferrable',
        sql: `create table codes (code text primary key);
              create table uses (code text not null references codes on update set null
                deferrable initially deferred);`,
        findings: [{ table: 'uses', constraint: 'uses_code_fkey' }],
      },
      {
        name: 'SET DEFAULT on a NOT NULL column without a default',
        sql: `create table users (id int primary key);
              create table sessions (user_id int not null references users on delete set default);`,
        findings: [{ table: 'sessions', constraint: 'sessions_user_id_fkey' }],
      },
      {
        name: 'SET DEFAULT to a key no parent row has',
        sql: `create table users (id int primary key, name text);
              create table posts (author_id int not null default 0 references users on delete set default);
              insert into users values (1, 'ann'); insert into posts values (1);`,
        findings: [{ table: 'posts', constraint: 'posts_author_id_fkey' }],
      },
      {
        name: 'SET DEFAULT to a missing key whose parent has a NOT NULL column without default',
        sql: `create table users (id int primary key, email text not null);
              create table posts (author_id int default 0 references users on delete set default);`,
        findings: [{ table: 'posts', constraint: 'posts_author_id_fkey' }],
      },
      {
        name: 'PG 15+ SET DEFAULT (column): the tenant keeps its value, the placeholder is per tenant',
        sql: `create table tenants (id int primary key);
              create table users (tenant int references tenants, id int, note text,
                primary key (tenant, id));
              create table posts (tenant int not null, author int not null default 0,
                foreign key (tenant, author) references users on delete set default (author));
              insert into tenants values (1), (2);
              insert into users values (1, 0), (1, 5), (2, 7);
              insert into posts values (1, 5), (2, 7), (2, 7);`,
        findings: [{ table: 'posts', constraint: 'posts_tenant_author_fkey' }],
      },
      {
        name: 'MATCH FULL with SET NULL of one column',
        sql: `create table users (tenant int, id int, primary key (tenant, id));
              create table posts (tenant int, author int,
                foreign key (tenant, author) references users match full on delete set null (author));`,
        findings: [{ table: 'posts', constraint: 'posts_tenant_author_fkey' }],
      },
      {
        name: 'a partitioned table whose partition is NOT NULL',
        sql: `create table shops (id int primary key);
              create table sales (shop_id int references shops on delete set null, day date)
                partition by range (day);
              create table sales_2026 partition of sales for values from ('2026-01-01') to ('2027-01-01');
              alter table sales_2026 alter column shop_id set not null;`,
        findings: [{ table: 'sales', constraint: 'sales_shop_id_fkey' }],
      },
    ],
  },
};

interface Problem {
  /** One sentence for the message. */
  text: string;
  /** What the rebuilt constraint changes (nothing when the fix is a parent row). */
  changes: ForeignKeyChanges;
  /** SQL comments explaining the choice, and statements run before the rebuild. */
  comments: string[];
  statements: string[];
  details: Record<string, unknown>;
}

type Event = 'delete' | 'update';

async function actionProblems(
  context: AuditContext,
  table: Table,
  fk: ForeignKey,
  event: Event,
): Promise<Problem[]> {
  const action = event === 'delete' ? fk.onDelete : fk.onUpdate;
  if (action !== 'set-null' && action !== 'set-default') return [];
  // ON UPDATE has no column list: it always sets every FK column.
  const listed = event === 'delete' ? fk.onDeleteSetColumns : null;
  const setColumns = listed ?? fk.columns;
  const tables = withPartitions(context.catalog, table);
  const notNullIn = (column: string) =>
    tables.filter((t) => columnOf(t, column)?.notNull).map((t) => quoteQualified(t));
  const clause = `ON ${event.toUpperCase()} ${action === 'set-null' ? 'SET NULL' : 'SET DEFAULT'}`;

  if (action === 'set-null') {
    const notNull = setColumns.filter((c) => notNullIn(c).length > 0);
    const allNullable = fk.columns.every((c) => notNullIn(c).length === 0);
    const partial = fk.match === 'full' && setColumns.length < fk.columns.length;
    if (notNull.length === 0 && !partial) return [];
    const where = notNull.flatMap((c) => notNullIn(c).map((t) => `${quoteIdent(c)} in ${t}`));
    const text =
      notNull.length > 0
        ? `${clause} sets ${where.join(', ')}, which is NOT NULL: every ${event} of a referenced ${quoteQualified(fk.referencedTable)} row fails.`
        : `${clause} (${setColumns.map(quoteIdent).join(', ')}) under MATCH FULL leaves a half-NULL key, which MATCH FULL forbids: every ${event} of a referenced row fails.`;
    const repair = setNullRepair(context.catalog, fk, event, setColumns, notNull, allNullable);
    const toNoAction =
      repair.changes.onDelete === 'no-action' || repair.changes.onUpdate === 'no-action';
    if (notNull.length > 0 && toNoAction) {
      // The other way out, for children that should outlive their parent.
      repair.comments.push(
        'Or, to keep SET NULL, run this instead of the statements below:',
        ...notNull.flatMap((c) =>
          notNullIn(c).map((t) => `ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(c)} DROP NOT NULL;`),
        ),
      );
    }
    return [
      {
        text,
        ...repair,
        details: { event, action, setColumns, notNullColumns: notNull },
      },
    ];
  }

  // SET DEFAULT: the new key is each set column's default, the other columns unchanged.
  const columns = setColumns.map((name) => ({ name, value: defaultValue(columnOf(table, name)!) }));
  const nullOnNotNull = columns.filter((c) => c.value.kind === 'null' && notNullIn(c.name).length);
  if (nullOnNotNull.length > 0) {
    const names = nullOnNotNull.map((c) => quoteIdent(c.name)).join(', ');
    return [
      {
        text: `${clause} would set ${names} to NULL (there is no default), but it is NOT NULL: every ${event} of a referenced row fails.`,
        ...noActionRepair(
          event,
          `${names} has no default and is NOT NULL, so SET DEFAULT can never work. Today every such ${event} fails; NO ACTION keeps that (with an FK error that names the rows) until you choose a placeholder parent: then SET DEFAULT on the column, insert that parent row, and put SET DEFAULT back.`,
        ),
        details: {
          event,
          action,
          setColumns,
          nullDefaultOnNotNull: nullOnNotNull.map((c) => c.name),
        },
      },
    ];
  }
  if (columns.some((c) => c.value.kind === 'expression')) return [];
  const nulls = columns.filter((c) => c.value.kind === 'null');
  if (nulls.length > 0) {
    // MATCH SIMPLE accepts any key with a NULL; MATCH FULL only the all-NULL one.
    const allNull = nulls.length === fk.columns.length;
    if (fk.match !== 'full' || allNull) return [];
    return [
      {
        text: `${clause} makes the key half NULL (${nulls.map((c) => quoteIdent(c.name)).join(', ')} has no default), which MATCH FULL forbids: every ${event} of a referenced row fails.`,
        ...noActionRepair(
          event,
          `MATCH FULL refuses the half-NULL key SET DEFAULT makes. Today every such ${event} fails; NO ACTION keeps that with a clear FK error.`,
        ),
        details: { event, action, setColumns },
      },
    ];
  }
  // Every set column has a constant default: with all FK columns set the key is one row.
  if (!context.readRows) return [];
  const byColumn = new Map(
    columns.map((c) => [c.name, c.value.kind === 'constant' ? c.value.sql : 'NULL']),
  );
  if (setColumns.length < fk.columns.length) {
    return subsetDefaultProblems(context, fk, event, clause, byColumn);
  }
  const key = fk.columns.map((column) => byColumn.get(column)!);
  if (await parentRowExists(context, fk, key)) return [];
  const shown = fk.columns.map((c, i) => `${quoteIdent(c)} = ${key[i]}`).join(', ');
  return [
    {
      text: `${clause} sets ${shown}, but ${quoteQualified(fk.referencedTable)} has no such row: every ${event} of a referenced row fails.`,
      ...placeholderParentRepair(context.catalog, fk, event, key),
      details: { event, action, setColumns, defaultKey: key },
    },
  ];
}

/** SET NULL that cannot work: narrow the column list to the nullable columns, or NO ACTION. */
function setNullRepair(
  catalog: Catalog,
  fk: ForeignKey,
  event: Event,
  setColumns: string[],
  notNull: string[],
  allNullable: boolean,
): Pick<Problem, 'changes' | 'comments' | 'statements'> {
  const nullable = setColumns.filter((c) => !notNull.includes(c));
  const canList = event === 'delete' && catalog.serverVersionNum >= SET_COLUMN_LISTS;
  if (fk.match === 'full' && allNullable) {
    return {
      changes: { onDeleteSetColumns: null },
      comments: [
        'MATCH FULL accepts a key only whole or all NULL: SET NULL of every FK column is what works.',
      ],
      statements: [],
    };
  }
  if (canList && fk.match !== 'full' && nullable.length > 0) {
    return {
      changes: { onDeleteSetColumns: nullable },
      comments: [
        `The NOT NULL columns say the row keeps them: SET NULL (${nullable.map(quoteIdent).join(', ')}) clears only the nullable part of the key.`,
      ],
      statements: [],
    };
  }
  return noActionRepair(
    event,
    `NOT NULL says a row needs its parent. Today every such ${event} fails; NO ACTION keeps that, with an FK error naming the referencing rows. If children should go with their parent use CASCADE instead; if they should outlive it, keep SET NULL and DROP NOT NULL.`,
  );
}

function noActionRepair(
  event: Event,
  why: string,
): Pick<Problem, 'changes' | 'comments' | 'statements'> {
  return {
    changes:
      event === 'delete'
        ? { onDelete: 'no-action', onDeleteSetColumns: null }
        : { onUpdate: 'no-action' },
    comments: [why],
    statements: [],
  };
}

/**
 * SET DEFAULT means a placeholder parent (an "unknown" or "deleted" row): insert it when every
 * other column of the parent can be left to its default or NULL; else NO ACTION.
 */
function placeholderParentRepair(
  catalog: Catalog,
  fk: ForeignKey,
  event: Event,
  key: string[],
): Pick<Problem, 'changes' | 'comments' | 'statements'> {
  const parent = findTable(catalog, fk.referencedTable);
  const blocking = (parent?.columns ?? []).filter(
    (c) =>
      !fk.referencedColumns.includes(c.name) &&
      c.notNull &&
      c.default === null &&
      c.identity === null &&
      c.generated === null,
  );
  if (!parent || blocking.length > 0) {
    return noActionRepair(
      event,
      `SET DEFAULT needs a placeholder parent row, but ${quoteQualified(fk.referencedTable)} has NOT NULL columns without a default (${blocking.map((c) => quoteIdent(c.name)).join(', ')}) that fkdoctor cannot invent. Today every such ${event} fails; NO ACTION keeps that. Or insert the placeholder row yourself and keep SET DEFAULT.`,
    );
  }
  return {
    changes: {},
    comments: [
      'SET DEFAULT means children of a deleted parent move to a placeholder parent: this inserts that row (review it: its other columns take their defaults or NULL).',
    ],
    statements: [
      `INSERT INTO ${quoteQualified(parent)} (${fk.referencedColumns.map(quoteIdent).join(', ')}) VALUES (${key.join(', ')});`,
    ],
  };
}

/**
 * PG 15+ `ON DELETE SET DEFAULT (col)`: the other key columns keep their values, so the new key
 * differs per row. The rows of today whose new key has no parent are the deletes that fail;
 * the fix inserts one placeholder parent per distinct new key.
 */
async function subsetDefaultProblems(
  context: AuditContext,
  fk: ForeignKey,
  event: Event,
  clause: string,
  defaults: ReadonlyMap<string, string>,
): Promise<Problem[]> {
  const child = quoteQualified(fk.table);
  const parent = quoteQualified(fk.referencedTable);
  // The defaults are server-printed constants (see constant-default.ts), not user input.
  const newKey = fk.columns.map((c) => defaults.get(c) ?? `c.${quoteIdent(c)}`);
  const broken =
    `FROM ${child} c WHERE ${fk.columns.map((col) => `c.${quoteIdent(col)} IS NOT NULL`).join(' AND ')} ` +
    `AND NOT EXISTS (SELECT 1 FROM ${parent} p WHERE ${fk.referencedColumns.map((r, i) => `p.${quoteIdent(r)} = ${newKey[i]}`).join(' AND ')})`;
  const { rows } = await context.engine.query<{ n: string }>(`SELECT count(*) AS n ${broken}`);
  const count = Number(rows[0]?.n ?? 0);
  if (count === 0) return [];
  const set = [...defaults.entries()].map(([c, v]) => `${quoteIdent(c)} = ${v}`).join(', ');
  const repair = placeholderParentRepair(context.catalog, fk, event, newKey);
  const insert = repair.statements.length > 0;
  return [
    {
      text: `${clause} sets ${set} and keeps the rest of the key, but for ${count} row(s) today ${parent} has no row with that key: deleting their parents fails.`,
      ...repair,
      comments: insert
        ? [
            'SET DEFAULT means children of a deleted parent move to a placeholder parent: this inserts one for each key the rows of today would move to (review them: their other columns take their defaults or NULL).',
          ]
        : repair.comments,
      statements: insert
        ? [
            `INSERT INTO ${parent} (${fk.referencedColumns.map(quoteIdent).join(', ')}) SELECT DISTINCT ${newKey.join(', ')} ${broken};`,
          ]
        : [],
      details: {
        event,
        action: 'set-default',
        setColumns: [...defaults.keys()],
        rowsWithoutParent: count,
      },
    },
  ];
}

async function parentRowExists(
  context: AuditContext,
  fk: ForeignKey,
  key: string[],
): Promise<boolean> {
  // The key values are server-printed constants (see constant-default.ts), not user input.
  const where = fk.referencedColumns.map((c, i) => `${quoteIdent(c)} = ${key[i]}`).join(' AND ');
  const { rows } = await context.engine.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${quoteQualified(fk.referencedTable)} WHERE ${where}) AS found`,
  );
  return rows[0]?.found === true;
}

function setNullFinding(
  context: AuditContext,
  table: Table,
  fk: ForeignKey,
  problems: Problem[],
): Finding {
  const changes = Object.assign({}, ...problems.map((p) => p.changes)) as ForeignKeyChanges;
  const lines = [
    ...problems.flatMap((p) => p.comments.map(lineComment)),
    // ON DELETE and ON UPDATE SET DEFAULT may want the same placeholder row: insert it once.
    ...new Set(problems.flatMap((p) => p.statements)),
  ];
  if (Object.keys(changes).length > 0) {
    lines.push(rebuildForeignKeySql(context.catalog, fk, changes));
  }
  return {
    check: fkSetNullNotNull.id,
    severity: 'error',
    table: quoteQualified(table),
    constraint: fk.name,
    message: problems.map((p) => p.text).join(' '),
    fix: lines.join('\n'),
    details: {
      referencedTable: quoteQualified(fk.referencedTable),
      columns: fk.columns,
      problems: problems.map((p) => p.details),
    },
  };
}

/** The table and, for a partitioned table, every partition below it. */
function withPartitions(catalog: Catalog, table: Table): Table[] {
  return [
    table,
    ...table.partitions.flatMap((name: QualifiedName) => {
      const partition = findTable(catalog, name);
      return partition ? withPartitions(catalog, partition) : [];
    }),
  ];
}

function columnOf(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}
