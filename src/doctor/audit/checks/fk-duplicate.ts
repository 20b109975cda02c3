// fk-duplicate: two foreign keys that check the same thing. Exact duplicates (same column pairs,
// same referenced table) double the cost of every insert, key update and parent delete, and
// when their actions differ the outcome of a parent delete depends on which trigger fires first.
// Overlaps — one FK's column pairs a strict subset of another's on the same referenced table —
// are reported when the bigger one implies the smaller.

import type { FkAction, ForeignKey, Table } from '../../../model/catalog.js';
import type { Finding } from '../../../model/finding.js';
import { lineComment, quoteIdent, quoteQualified } from '../../../sql/quote.js';
import type { AuditContext, Check } from '../check.js';
import { type ForeignKeyChanges, rebuildForeignKeySql } from '../rebuild-foreign-key.js';

export const fkDuplicate: Check = {
  id: 'fk-duplicate',
  severity: 'warning',
  title: 'Duplicate or overlapping foreign keys',
  rationale:
    'Two foreign keys with the same columns to the same table check every insert and key ' +
    'update twice and look up the children twice on every parent delete. When their ON DELETE ' +
    'or ON UPDATE actions differ, the trigger that fires first (in trigger-name order, in ' +
    'practice the older constraint) decides: CASCADE first deletes the children and the NO ACTION ' +
    'check then finds nothing; NO ACTION first refuses the delete. Overlaps are info: an FK on ' +
    '(a) to p(id) is implied by one on (a, b) to p(id, x) when b is NOT NULL or that FK is ' +
    'MATCH FULL, and then only costs a second lookup.',
  detection:
    "Catalog: each table's enforced FKs grouped by referenced table and compared as sets of " +
    '(column, referenced column) pairs; pg_trigger gives the order in which their action ' +
    'triggers fire, and pg_constraint their age.',
  readsRows: false,
  async detect(context) {
    const findings: Finding[] = [];
    for (const table of context.catalog.tables) {
      const fks = table.foreignKeys.filter((fk) => fk.enforced);
      if (fks.length < 2) continue;
      const clusters = duplicateClusters(fks);
      if (clusters.length === 0 && overlapPairs(table, fks).length === 0) continue;
      const order = await firingOrder(context, table);
      const dropped = new Set<ForeignKey>();
      for (const cluster of clusters) {
        const { finding, drop } = duplicateFinding(context, table, cluster, order);
        for (const fk of drop) dropped.add(fk);
        findings.push(finding);
      }
      // Overlaps among what the duplicates' fixes leave, so no two fixes drop the same FK.
      const left = fks.filter((fk) => !dropped.has(fk));
      for (const [implied, by] of overlapPairs(table, left)) {
        findings.push(overlapFinding(table, implied, by));
      }
    }
    return findings;
  },
  examples: {
    valid: [
      {
        name: 'the same column to two different tables, and to two keys of one table',
        sql: `create table users (id int primary key, email text unique);
              create table admins (id int primary key);
              create table audit (who int references users references admins,
                who_email text references users (email));`,
      },
      {
        name: 'an overlap that is not redundant: the extra column is nullable under MATCH SIMPLE',
        sql: `create table customers (tenant int, id int primary key, unique (tenant, id));
              create table orders (tenant int, customer_id int references customers,
                foreign key (tenant, customer_id) references customers (tenant, id));`,
      },
      {
        name: 'a partitioned table with one FK (its partition clones are not duplicates)',
        sql: `create table shops (id int primary key);
              create table sales (shop_id int references shops, day date) partition by range (day);
              create table sales_2026 partition of sales for values from ('2026-01-01') to ('2027-01-01');`,
      },
    ],
    invalid: [
      {
        name: 'the same FK twice: the older, default-named one is kept',
        sql: `create table customers (id int primary key);
              create table orders (customer_id int references customers);
              alter table orders add constraint fk_orders_customer foreign key (customer_id) references customers;`,
        findings: [{ table: 'orders', constraint: 'fk_orders_customer', severity: 'warning' }],
      },
      {
        name: 'composite columns in another order, odd names',
        sql: `create table "Stock ""Items""" ("Site" text, "SKU №" text, primary key ("Site", "SKU №"));
              create table "Pick Lines" ("SKU №" text, "Site" text,
                constraint "pick→item" foreign key ("Site", "SKU №") references "Stock ""Items""",
                constraint "pick→item again" foreign key ("SKU №", "Site") references "Stock ""Items""" ("SKU №", "Site"));`,
        findings: [{ table: '"Pick Lines"', constraint: 'pick→item again' }],
      },
      {
        name: 'CASCADE created first, NO ACTION second: CASCADE is what happens, so it is kept',
        sql: `create table users (id int primary key);
              create table posts (author int);
              alter table posts add constraint a_cascade foreign key (author) references users on delete cascade;
              alter table posts add constraint b_plain foreign key (author) references users;`,
        findings: [{ table: 'posts', constraint: 'b_plain' }],
      },
      {
        name: 'NO ACTION created first, CASCADE second: deletes are refused today, so NO ACTION is kept',
        sql: `create table users (id int primary key);
              create table posts (author int);
              alter table posts add constraint z_plain foreign key (author) references users;
              alter table posts add constraint a_cascade foreign key (author) references users on delete cascade;`,
        findings: [{ table: 'posts', constraint: 'a_cascade' }],
      },
      {
        name: 'a NOT VALID copy of a validated FK',
        sql: `create table users (id int primary key);
              create table posts (author int);
              alter table posts add constraint old_fk foreign key (author) references users not valid;
              alter table posts add constraint new_fk foreign key (author) references users;`,
        findings: [{ table: 'posts', constraint: 'old_fk' }],
      },
      {
        name: 'mixed behaviour: the kept FK is rebuilt with CASCADE and NOT DEFERRABLE',
        sql: `create table users (id int primary key);
              create table posts (author int);
              alter table posts add constraint one foreign key (author) references users
                on delete cascade deferrable initially deferred;
              alter table posts add constraint two foreign key (author) references users;`,
        findings: [{ table: 'posts', constraint: 'two' }],
      },
      {
        name: 'a validated deferred FK and a NOT VALID immediate copy: ALTER CONSTRAINT, no rebuild',
        sql: `create table users (id int primary key);
              create table posts (author int);
              alter table posts add constraint kept foreign key (author) references users
                deferrable initially deferred;
              alter table posts add constraint "copy" foreign key (author) references users not valid;`,
        findings: [{ table: 'posts', constraint: 'copy' }],
      },
      {
        name: 'three copies on a partitioned table',
        sql: `create table shops (id int primary key);
              create table sales (shop_id int references shops, day date) partition by range (day);
              create table sales_2026 partition of sales for values from ('2026-01-01') to ('2027-01-01');
              alter table sales add foreign key (shop_id) references shops;
              alter table sales add constraint "Sales Shop" foreign key (shop_id) references shops;`,
        findings: [{ table: 'sales', constraint: 'Sales Shop' }],
      },
      {
        name: 'an overlap implied by a composite FK on a NOT NULL tenant',
        sql: `create table customers (tenant int, id int primary key, unique (tenant, id));
              create table orders (tenant int not null, customer_id int references customers,
                foreign key (tenant, customer_id) references customers (tenant, id));`,
        findings: [{ table: 'orders', constraint: 'orders_customer_id_fkey', severity: 'info' }],
      },
    ],
  },
};

/** Per constraint name: its action triggers' names (first to fire first) and its oid. */
interface Firing {
  delete: string | null;
  update: string | null;
  oid: number;
}
type FiringOrder = ReadonlyMap<string, Firing>;

async function firingOrder(context: AuditContext, table: Table): Promise<FiringOrder> {
  // The top-level constraints only (conparentid = 0, PG 11+): a partition's clones fire in the
  // same order as the constraints they copy.
  const { rows } = await context.engine.query<{
    name: string;
    oid: string;
    del: string | null;
    upd: string | null;
  }>(
    `SELECT c.conname AS name, c.oid::int8::text AS oid,
            min(t.tgname::text COLLATE "C") FILTER (WHERE t.tgtype & 8 <> 0) AS del,
            min(t.tgname::text COLLATE "C") FILTER (WHERE t.tgtype & 16 <> 0) AS upd
     FROM pg_catalog.pg_constraint c
     LEFT JOIN pg_catalog.pg_trigger t ON t.tgconstraint = c.oid AND t.tgrelid = c.confrelid
     WHERE c.contype = 'f' AND c.conrelid = $1::regclass
     GROUP BY c.conname, c.oid`,
    [quoteQualified(table)],
  );
  return new Map(
    rows.map((r) => [r.name, { delete: r.del, update: r.upd, oid: Number(r.oid) }] as const),
  );
}

function pairs(fk: ForeignKey): string[] {
  return fk.columns.map((c, i) => `${c}\0${fk.referencedColumns[i]}`).sort();
}

function sameTarget(a: ForeignKey, b: ForeignKey): boolean {
  return (
    a.referencedTable.schema === b.referencedTable.schema &&
    a.referencedTable.name === b.referencedTable.name
  );
}

/** Groups of two or more FKs with the same pairs and target; two clones are never a group. */
function duplicateClusters(fks: ForeignKey[]): ForeignKey[][] {
  const groups = new Map<string, ForeignKey[]>();
  for (const fk of fks) {
    const key = JSON.stringify([fk.referencedTable.schema, fk.referencedTable.name, pairs(fk)]);
    groups.set(key, [...(groups.get(key) ?? []), fk]);
  }
  // Clones duplicate each other only because their parents do; that is reported on the parent.
  return [...groups.values()].filter(
    (group) => group.filter((fk) => fk.parentConstraint === null).length >= 1 && group.length >= 2,
  );
}

/** [implied, by]: FK pairs where `by` checks everything `implied` does, and more. */
function overlapPairs(table: Table, fks: ForeignKey[]): [ForeignKey, ForeignKey][] {
  const found: [ForeignKey, ForeignKey][] = [];
  const declared = fks.filter((fk) => fk.parentConstraint === null);
  const byName = [...fks].sort((a, b) => compare(a.name, b.name));
  for (const small of declared) {
    for (const big of byName) {
      if (big === small || !sameTarget(small, big)) continue;
      const own = pairs(big);
      const sub = pairs(small);
      if (sub.length >= own.length || !sub.every((p) => own.includes(p))) continue;
      if (implies(table, big, small)) {
        // One finding per implied FK: the first wider FK by name stands for the others.
        found.push([small, big]);
        break;
      }
    }
  }
  return found;
}

/**
 * Whether every row `big` accepts, `small` accepts too: `big` validated, and a row whose `small`
 * columns are all set cannot slip past `big` through a NULL in its other columns.
 */
function implies(table: Table, big: ForeignKey, small: ForeignKey): boolean {
  if (!big.validated) return false;
  if (small.match === 'full' && small.columns.length > 1 && big.match !== 'full') return false;
  if (big.match === 'full') return true;
  const extra = big.columns.filter((c) => !small.columns.includes(c));
  return extra.every((c) => table.columns.find((col) => col.name === c)?.notNull);
}

/** What a group of duplicates does today, taken together. */
interface Effective {
  onDelete: ForeignKey;
  onUpdate: ForeignKey;
  match: ForeignKey['match'];
  deferrable: boolean;
  initiallyDeferred: boolean;
}

/**
 * Their action triggers fire in name order, and the first decides (verified on PG 15 and 18):
 * CASCADE first removes the rows the others would look at; NO ACTION first refuses. A NO ACTION
 * check that is INITIALLY DEFERRED waits for the commit, after every immediate one. Checks on the
 * child all run: MATCH FULL from either, the earliest timing of any.
 */
function effectiveOf(group: ForeignKey[], order: FiringOrder): Effective {
  const first = (event: 'delete' | 'update') =>
    [...group].sort((a, b) => {
      const deferredA = action(a, event) === 'no-action' && a.initiallyDeferred ? 1 : 0;
      const deferredB = action(b, event) === 'no-action' && b.initiallyDeferred ? 1 : 0;
      return deferredA - deferredB || compare(fireKey(a, event, order), fireKey(b, event, order));
    })[0]!;
  const deferrable = group.every((fk) => fk.deferrable);
  return {
    onDelete: first('delete'),
    onUpdate: first('update'),
    match: group.some((fk) => fk.match === 'full') ? 'full' : group[0]!.match,
    deferrable,
    initiallyDeferred: deferrable && group.every((fk) => fk.initiallyDeferred),
  };
}

function action(fk: ForeignKey, event: 'delete' | 'update'): FkAction {
  return event === 'delete' ? fk.onDelete : fk.onUpdate;
}

function fireKey(fk: ForeignKey, event: 'delete' | 'update', order: FiringOrder): string {
  const firing = order.get(fk.name);
  const name = event === 'delete' ? firing?.delete : firing?.update;
  // Without its trigger (not readable), fall back to age: triggers are named by their oid.
  return name ?? `~${String(firing?.oid ?? 0).padStart(12, '0')}\0${fk.name}`;
}

/** The changes that make `fk` behave as the whole group does today (empty when it already does). */
function changesToMatch(fk: ForeignKey, effective: Effective): ForeignKeyChanges {
  const changes: ForeignKeyChanges = {};
  const del = effective.onDelete;
  if (
    fk.onDelete !== del.onDelete ||
    JSON.stringify(fk.onDeleteSetColumns) !== JSON.stringify(del.onDeleteSetColumns)
  ) {
    changes.onDelete = del.onDelete;
    changes.onDeleteSetColumns = del.onDeleteSetColumns;
  }
  if (fk.onUpdate !== effective.onUpdate.onUpdate) changes.onUpdate = effective.onUpdate.onUpdate;
  if (fk.match !== effective.match) changes.match = effective.match;
  if (fk.deferrable !== effective.deferrable) changes.deferrable = effective.deferrable;
  if (fk.initiallyDeferred !== effective.initiallyDeferred) {
    changes.initiallyDeferred = effective.initiallyDeferred;
  }
  return changes;
}

/**
 * The one to keep: a partition's clone (it cannot be dropped), then a validated one, then one
 * that already behaves as the group does, then the oldest, then a server-style name
 * (`<table>_<columns>_fkey`), then byte order.
 */
function keeper(table: Table, group: ForeignKey[], effective: Effective, order: FiringOrder) {
  const defaultName = `${table.name}_${group[0]!.columns.join('_')}_fkey`;
  const rank = (fk: ForeignKey) => [
    fk.parentConstraint === null ? 1 : 0,
    fk.validated ? 0 : 1,
    Object.keys(changesToMatch(fk, effective)).length === 0 ? 0 : 1,
    order.get(fk.name)?.oid ?? Number.MAX_SAFE_INTEGER,
    fk.name === defaultName ? 0 : 1,
  ];
  return [...group].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return compare(a.name, b.name);
  })[0]!;
}

const ACTION_WORDS: Record<FkAction, string> = {
  'no-action': 'NO ACTION',
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  'set-null': 'SET NULL',
  'set-default': 'SET DEFAULT',
};

function duplicateFinding(
  context: AuditContext,
  table: Table,
  group: ForeignKey[],
  order: FiringOrder,
): { finding: Finding; drop: ForeignKey[] } {
  const effective = effectiveOf(group, order);
  const keep = keeper(table, group, effective, order);
  const drop = group.filter((fk) => fk !== keep).sort((a, b) => compare(a.name, b.name));
  const name = quoteQualified(table);
  const target = `${quoteQualified(keep.referencedTable)} (${keep.referencedColumns.map(quoteIdent).join(', ')})`;
  const names = drop.map((fk) => quoteIdent(fk.name)).join(', ');
  const conflicts = conflictSentences(group, effective);
  const changes = changesToMatch(keep, effective);
  const drops = drop.map((fk) => `ALTER TABLE ${name} DROP CONSTRAINT ${quoteIdent(fk.name)};`);
  const rebuild = keep.parentConstraint === null && Object.keys(changes).length > 0;
  const comments = [
    `Keeps ${quoteIdent(keep.name)} (${why(keep, group, changes)}) and drops ${names}.`,
    ...(rebuild
      ? [
          `${quoteIdent(keep.name)} is changed to do what the ${group.length} FKs do together today, so no delete, update or insert behaves differently.`,
        ]
      : []),
  ];
  const fix = rebuild
    ? rebuildForeignKeySql(context.catalog, keep, changes, drops)
    : drops.length > 1
      ? ['BEGIN;', ...drops, 'COMMIT;'].join('\n')
      : drops.join('\n');
  const finding: Finding = {
    check: fkDuplicate.id,
    severity: 'warning',
    table: name,
    constraint: drop[0]!.name,
    constraints: group.map((fk) => fk.name).sort(compare),
    message:
      `${listed(group.map((fk) => quoteIdent(fk.name)))} on ${name} ${group.length === 2 ? 'both' : 'all'} check (${keep.columns.map(quoteIdent).join(', ')}) → ${target}: ` +
      `every insert and key update is checked ${times(group.length)}, and every parent delete looks up the children ${times(group.length)}.` +
      (conflicts.length > 0 ? ` ${conflicts.join(' ')}` : '') +
      ` Keep ${quoteIdent(keep.name)}, drop ${names}.`,
    fix: [...comments.map(lineComment), fix].join('\n'),
    details: {
      columns: keep.columns,
      referencedTable: quoteQualified(keep.referencedTable),
      keep: keep.name,
      drop: drop.map((fk) => fk.name),
      effectiveOnDelete: effective.onDelete.onDelete,
      effectiveOnUpdate: effective.onUpdate.onUpdate,
      rebuilt: rebuild ? changes : null,
    },
  };
  return { finding, drop };
}

/** The disagreements within a group, and which side wins today. */
function conflictSentences(group: ForeignKey[], effective: Effective): string[] {
  const out: string[] = [];
  for (const event of ['delete', 'update'] as const) {
    const actions = new Set(group.map((fk) => action(fk, event)));
    if (actions.size < 2) continue;
    const winner = event === 'delete' ? effective.onDelete : effective.onUpdate;
    out.push(
      `They disagree ON ${event.toUpperCase()} (${[...actions].map((a) => ACTION_WORDS[a]).join(' vs ')}): ` +
        `the action trigger that fires first decides, here ${quoteIdent(winner.name)}'s ${ACTION_WORDS[action(winner, event)]}.`,
    );
  }
  if (new Set(group.map((fk) => `${fk.deferrable}/${fk.initiallyDeferred}`)).size > 1) {
    out.push(
      effective.deferrable
        ? 'Their deferral differs: the earliest check decides.'
        : 'One is NOT DEFERRABLE, so the rows are checked at once whatever the other says.',
    );
  }
  return out;
}

function why(keep: ForeignKey, group: ForeignKey[], changes: ForeignKeyChanges): string {
  if (keep.parentConstraint !== null) return 'a partition clone, which cannot be dropped';
  const reasons: string[] = [];
  if (keep.validated && group.some((fk) => !fk.validated)) reasons.push('validated');
  if (Object.keys(changes).length === 0) reasons.push('it already does what happens today');
  if (reasons.length === 0) reasons.push('the oldest');
  return reasons.join(', ');
}

function overlapFinding(table: Table, implied: ForeignKey, by: ForeignKey): Finding {
  const name = quoteQualified(table);
  const cols = (fk: ForeignKey) => `(${fk.columns.map(quoteIdent).join(', ')})`;
  const same =
    implied.onDelete === by.onDelete &&
    implied.onUpdate === by.onUpdate &&
    (['no-action', 'restrict', 'cascade'] as FkAction[]).includes(implied.onDelete) &&
    (['no-action', 'restrict', 'cascade'] as FkAction[]).includes(implied.onUpdate) &&
    (!by.deferrable ||
      (implied.deferrable === by.deferrable && implied.initiallyDeferred === by.initiallyDeferred));
  const reason =
    by.match === 'full' ? `${quoteIdent(by.name)} is MATCH FULL` : `its other columns are NOT NULL`;
  return {
    check: fkDuplicate.id,
    severity: 'info',
    table: name,
    constraint: implied.name,
    constraints: [implied.name, by.name].sort(compare),
    message:
      `${quoteIdent(implied.name)} ${cols(implied)} is implied by ${quoteIdent(by.name)} ${cols(by)} to the same table (${reason}): it costs a second lookup per insert and per parent delete.` +
      (same
        ? ` It can be dropped.`
        : ` Its actions or deferral differ from ${quoteIdent(by.name)}'s, so dropping it would change what a parent delete or update does; kept.`),
    fix: same
      ? [
          lineComment(
            `${quoteIdent(by.name)} checks everything ${quoteIdent(implied.name)} does, with the same actions.`,
          ),
          `ALTER TABLE ${name} DROP CONSTRAINT ${quoteIdent(implied.name)};`,
        ].join('\n')
      : null,
    details: {
      impliedBy: by.name,
      columns: implied.columns,
      byColumns: by.columns,
    },
  };
}

function listed(names: string[]): string {
  return names.length <= 2
    ? names.join(' and ')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function times(n: number): string {
  return n === 2 ? 'twice' : `${n} times`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
