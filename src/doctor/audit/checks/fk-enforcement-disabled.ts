// fk-enforcement-disabled: the triggers that implement a foreign key do not fire, so nothing is
// checked (ALTER TABLE ... DISABLE TRIGGER ALL, or ENABLE REPLICA TRIGGER); or, on PostgreSQL 18,
// the constraint was declared NOT ENFORCED.

import type { Engine } from '../../../engine/engine.js';
import { type ForeignKey, type QualifiedName, qualifiedKey } from '../../../model/catalog.js';
import type { Finding } from '../../../model/finding.js';
import { lineComment, quoteIdent, quoteQualified } from '../../../sql/quote.js';
import { type Check, declaredForeignKeys } from '../check.js';

export const fkEnforcementDisabled: Check = {
  id: 'fk-enforcement-disabled',
  severity: 'error',
  title: 'Foreign key whose triggers are disabled, so nothing is checked',
  rationale:
    'PostgreSQL implements a foreign key with internal triggers: on the referencing table they ' +
    'check inserted and updated rows, on the referenced table they block (or cascade) deletes ' +
    'and key updates. `ALTER TABLE ... DISABLE TRIGGER ALL` (often left behind by a bulk load or ' +
    'a data-only restore with --disable-triggers) turns them off, and a trigger set to ' +
    '`ENABLE REPLICA` fires only when session_replication_role is replica: either way the ' +
    'constraint still shows in \\d and pg_dump but checks nothing, and orphans pile up silently. ' +
    'Re-enabling does not check the rows written meanwhile. `ALTER DATABASE ... SET ' +
    'session_replication_role = replica` does the same to every FK for every new session. ' +
    'A PostgreSQL 18 NOT ENFORCED ' +
    'constraint is a deliberate choice and is reported as info.',
  detection:
    'Catalog: pg_trigger rows of each FK and of its copies on partitions (tgconstraint), on ' +
    'both the referencing and the referenced tables, whose tgenabled is D (disabled) or R ' +
    '(replica only); pg_db_role_setting for a session_replication_role = replica default of ' +
    'the database (or of all databases; a role-specific one is taken as deliberate); and ' +
    'pg_constraint.conenforced = false on PostgreSQL 18.',
  readsRows: false,
  async detect(context) {
    const replica = await readReplicaDefault(context.engine);
    const { off: states, originOnly } = await readTriggerStates(context.engine, replica !== null);
    const findings: Finding[] = [];
    for (const fk of declaredForeignKeys(context.catalog)) {
      if (!fk.enforced) {
        findings.push(notEnforcedFinding(fk));
        continue;
      }
      const off = states.get(fkKey(fk.table, fk.name)) ?? [];
      // The catalog and the query read the same rows; the catalog alone cannot name triggers.
      if (off.length > 0) findings.push(disabledFinding(fk, off));
      else if (!fk.triggersEnabled) findings.push(disabledFinding(fk, []));
      else if (replica && originOnly.has(fkKey(fk.table, fk.name))) {
        findings.push(replicaDefaultFinding(fk, replica));
      }
    }
    return findings;
  },
  examples: {
    valid: [
      {
        name: 'a foreign key with its triggers enabled',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, customer_id int references customers);`,
      },
      {
        name: "only the table's own triggers disabled (DISABLE TRIGGER USER)",
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, customer_id int references customers);
              create function touch() returns trigger language plpgsql as $$ begin return new; end $$;
              create trigger orders_touch before insert on orders for each row execute function touch();
              alter table orders disable trigger user;`,
      },
      {
        name: 'RI triggers set to ENABLE ALWAYS (they fire in replica sessions too)',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, customer_id int references customers);
              do $$ declare t record; begin
                for t in select tgname from pg_trigger where tgrelid = 'orders'::regclass and tgisinternal loop
                  execute format('alter table orders enable always trigger %I', t.tgname);
                end loop; end $$;`,
      },
    ],
    invalid: [
      {
        name: 'DISABLE TRIGGER ALL on the referencing table, with an orphan loaded meanwhile',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, customer_id int references customers);
              alter table orders disable trigger all;
              insert into orders values (1, 42);`,
        findings: [{ table: 'orders', constraint: 'orders_customer_id_fkey', severity: 'error' }],
      },
      {
        name: 'DISABLE TRIGGER ALL on the referenced table, odd names',
        sql: `create table "Kunden ""Ä""" ("Kunden Nr" int primary key);
              create table "Bestellung" (id int primary key,
                "Kunden Nr" int constraint "Bestellung → Kunde" references "Kunden ""Ä""");
              alter table "Kunden ""Ä""" disable trigger all;`,
        findings: [{ table: '"Bestellung"', constraint: 'Bestellung → Kunde', severity: 'error' }],
      },
      {
        name: 'one partition of a partitioned referencing table, composite key',
        sql: `create table shops (region text, id int, primary key (region, id));
              create table sales (region text, shop_id int, day date,
                foreign key (region, shop_id) references shops) partition by range (day);
              create table sales_2025 partition of sales for values from ('2025-01-01') to ('2026-01-01');
              create table sales_2026 partition of sales for values from ('2026-01-01') to ('2027-01-01');
              alter table sales_2026 disable trigger all;`,
        findings: [{ table: 'sales', constraint: 'sales_region_shop_id_fkey', severity: 'error' }],
      },
      {
        name: 'one partition of a partitioned referenced table',
        sql: `create table regions (id int primary key) partition by range (id);
              create table regions_low partition of regions for values from (0) to (100);
              create table regions_high partition of regions for values from (100) to (200);
              create table "Städte" (id int primary key, region_id int references regions);
              alter table regions_high disable trigger all;`,
        findings: [{ table: '"Städte"', constraint: 'Städte_region_id_fkey', severity: 'error' }],
      },
      {
        name: 'RI triggers set to ENABLE REPLICA (they fire only in replica sessions)',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, customer_id int references customers);
              do $$ declare t record; begin
                for t in select tgname from pg_trigger where tgrelid = 'customers'::regclass and tgisinternal loop
                  execute format('alter table customers enable replica trigger %I', t.tgname);
                end loop; end $$;`,
        findings: [{ table: 'orders', constraint: 'orders_customer_id_fkey', severity: 'error' }],
      },
    ],
  },
};

/** One RI trigger that does not fire in an ordinary session. */
export interface OffTrigger {
  table: QualifiedName;
  name: string;
  /** `disabled` (tgenabled D) or `replica` (R: fires only with session_replication_role = replica). */
  state: 'disabled' | 'replica';
  /** `referencing`: checks inserts and updates of the child; `referenced`: guards the parent. */
  side: 'referencing' | 'referenced';
}

// Every FK as declared (not a partition's copy) and the triggers of it and of all its copies:
// those on a partitioned table's partitions, and those on the partitions of a referenced
// partitioned table (internal constraints the catalog leaves out).
const triggerStatesSql = `
with recursive family(root, member) as (
  select oid, oid from pg_catalog.pg_constraint where contype = 'f' and conparentid = 0
  union all
  select f.root, k.oid from family f join pg_catalog.pg_constraint k on k.conparentid = f.member
)
select n.nspname::text as schema, c.relname::text as table_name, k.conname::text as name,
       tn.nspname::text as trigger_schema, tc.relname::text as trigger_table,
       t.tgname::text as trigger_name, t.tgenabled::text as state,
       p.proname in ('RI_FKey_check_ins', 'RI_FKey_check_upd') as referencing
from family f
join pg_catalog.pg_constraint k on k.oid = f.root
join pg_catalog.pg_class c on c.oid = k.conrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_trigger t on t.tgconstraint = f.member
join pg_catalog.pg_class tc on tc.oid = t.tgrelid
join pg_catalog.pg_namespace tn on tn.oid = tc.relnamespace
join pg_catalog.pg_proc p on p.oid = t.tgfoid
where t.tgenabled in ('D', 'R') or ($1 and t.tgenabled = 'O')`;

interface TriggerStateRow {
  schema: string;
  table_name: string;
  name: string;
  trigger_schema: string;
  trigger_table: string;
  trigger_name: string;
  state: string;
  referencing: boolean;
}

/**
 * RI triggers that do not fire, by fkKey of the declared FK they implement; with `origin`, also
 * the FKs with a trigger that fires only outside replica mode (tgenabled O, the default).
 */
async function readTriggerStates(
  engine: Engine,
  origin: boolean,
): Promise<{ off: Map<string, OffTrigger[]>; originOnly: Set<string> }> {
  const { rows } = await engine.query<TriggerStateRow>(triggerStatesSql, [origin]);
  const states = new Map<string, OffTrigger[]>();
  const originOnly = new Set<string>();
  for (const row of rows) {
    const key = fkKey({ schema: row.schema, name: row.table_name }, row.name);
    if (row.state === 'O') {
      originOnly.add(key);
      continue;
    }
    const list = states.get(key) ?? [];
    list.push({
      table: { schema: row.trigger_schema, name: row.trigger_table },
      name: row.trigger_name,
      state: row.state === 'R' ? 'replica' : 'disabled',
      side: row.referencing ? 'referencing' : 'referenced',
    });
    states.set(key, list);
  }
  for (const list of states.values()) {
    list.sort(
      (a, b) => compare(qualifiedKey(a.table), qualifiedKey(b.table)) || compare(a.name, b.name),
    );
  }
  return { off: states, originOnly };
}

/** session_replication_role = replica as a default for every session of this database. */
export interface ReplicaDefault {
  /** `database`: ALTER DATABASE ... SET; `all-databases`: ALTER ROLE ALL SET. */
  setBy: 'database' | 'all-databases';
  database: string;
}

// Role-specific defaults are left out: a replication or sync role set to replica is deliberate.
const replicaDefaultSql = `
select s.setdatabase <> 0 as this_database, cfg::text as setting,
       current_database()::text as database
from pg_catalog.pg_db_role_setting s
cross join lateral unnest(s.setconfig) as cfg
where s.setrole = 0
  and (s.setdatabase = 0
       or s.setdatabase = (select oid from pg_catalog.pg_database where datname = current_database()))
  and cfg ilike 'session_replication_role=%'`;

async function readReplicaDefault(engine: Engine): Promise<ReplicaDefault | null> {
  const { rows } = await engine.query<{
    this_database: boolean;
    setting: string;
    database: string;
  }>(replicaDefaultSql);
  // The database's own setting overrides the one for all databases.
  const row = rows.find((r) => r.this_database) ?? rows[0];
  if (!row) return null;
  const value = row.setting
    .slice(row.setting.indexOf('=') + 1)
    .trim()
    .toLowerCase();
  if (value !== 'replica') return null;
  return { setBy: row.this_database ? 'database' : 'all-databases', database: row.database };
}

function replicaDefaultFinding(fk: ForeignKey, replica: ReplicaDefault): Finding {
  const table = quoteQualified(fk.table);
  const parent = quoteQualified(fk.referencedTable);
  const database = quoteIdent(replica.database);
  const where =
    replica.setBy === 'database'
      ? `ALTER DATABASE ${database} SET`
      : 'ALTER ROLE ALL SET, for every database';
  return {
    check: fkEnforcementDisabled.id,
    severity: 'error',
    table,
    constraint: fk.name,
    message:
      `Every new session of ${database} starts with session_replication_role = replica (${where}), ` +
      `so the triggers of ${quoteIdent(fk.name)} (${table} → ${parent}) do not fire and nothing is ` +
      `checked. Reset it, then count the rows written meanwhile (fkdoctor orphans --constraint ${quoteIdent(fk.name)}).`,
    fix: [
      lineComment(
        'Sessions opened from now on check foreign keys again (needs a superuser); open ones keep their setting.',
      ),
      replica.setBy === 'database'
        ? `ALTER DATABASE ${database} RESET session_replication_role;`
        : 'ALTER ROLE ALL RESET session_replication_role;',
    ].join('\n'),
    details: { sessionReplicationRole: 'replica', setBy: replica.setBy },
  };
}

function fkKey(table: QualifiedName, name: string): string {
  return JSON.stringify([table.schema, table.name, name]);
}

function disabledFinding(fk: ForeignKey, off: OffTrigger[]): Finding {
  const table = quoteQualified(fk.table);
  const parent = quoteQualified(fk.referencedTable);
  const childSide = uniqueTables(off.filter((t) => t.side === 'referencing').map((t) => t.table));
  const parentSide = uniqueTables(off.filter((t) => t.side === 'referenced').map((t) => t.table));
  const what: string[] = [];
  if (childSide.length > 0 || off.length === 0) {
    what.push(
      `inserts and updates of ${childSide.length > 0 ? childSide.join(', ') : table} are not checked`,
    );
  }
  if (parentSide.length > 0) {
    what.push(
      `deletes and key updates of ${parentSide.join(', ')} are neither checked nor cascaded`,
    );
  }
  const replicaOnly = off.length > 0 && off.every((t) => t.state === 'replica');
  const how = replicaOnly
    ? 'are set to ENABLE REPLICA (they fire only when session_replication_role = replica)'
    : 'are disabled';
  const where = uniqueTables(off.map((t) => t.table));
  const tables = uniqueTables([fk.table, ...off.map((t) => t.table)]);
  return {
    check: fkEnforcementDisabled.id,
    severity: 'error',
    table,
    constraint: fk.name,
    ...(tables.length > 1 ? { tables } : {}),
    message:
      `The triggers of ${quoteIdent(fk.name)} (${table} → ${parent}) ${how} on ` +
      `${where.length > 0 ? where.join(', ') : table}: ${what.join(', and ')}. Re-enable them, ` +
      `then count the rows written meanwhile (fkdoctor orphans --constraint ${quoteIdent(fk.name)}): ` +
      'enabling does not check them.',
    fix: enableSql(fk, off),
    details: {
      triggers: off.map((t) => ({
        table: quoteQualified(t.table),
        trigger: t.name,
        state: t.state,
        side: t.side,
      })),
    },
  };
}

/**
 * ENABLE TRIGGER for the FK's own triggers only, so that user triggers someone disabled on
 * purpose stay as they are. With no trigger names (the catalog said disabled, the query found
 * none), the whole tables are re-enabled.
 */
function enableSql(fk: ForeignKey, off: OffTrigger[]): string {
  const lines = [
    lineComment(
      `Re-enables the triggers of ${quoteIdent(fk.name)} (internal triggers: needs a superuser, as disabling them did).`,
    ),
    lineComment(
      `Rows written while they were off stay unchecked: count them with fkdoctor orphans --constraint ${quoteIdent(fk.name)}.`,
    ),
  ];
  if (off.length === 0) {
    const tables = uniqueTables([fk.table, fk.referencedTable]);
    for (const table of tables) lines.push(`ALTER TABLE ${table} ENABLE TRIGGER ALL;`);
    return lines.join('\n');
  }
  const byTable = new Map<string, OffTrigger[]>();
  for (const trigger of off) {
    const table = quoteQualified(trigger.table);
    byTable.set(table, [...(byTable.get(table) ?? []), trigger]);
  }
  for (const [table, triggers] of byTable) {
    const actions = triggers.map((t) => `ENABLE TRIGGER ${quoteIdent(t.name)}`).join(', ');
    lines.push(`ALTER TABLE ${table} ${actions};`);
  }
  return lines.join('\n');
}

function notEnforcedFinding(fk: ForeignKey): Finding {
  const table = quoteQualified(fk.table);
  const parent = quoteQualified(fk.referencedTable);
  return {
    check: fkEnforcementDisabled.id,
    severity: 'info',
    table,
    constraint: fk.name,
    message:
      `${quoteIdent(fk.name)} (${table} → ${parent}) is NOT ENFORCED: it documents the ` +
      'relationship but checks nothing, so orphans can exist. Enforcing it checks every existing row first.',
    fix: [
      lineComment('Checks every existing row first, and fails if one has no parent row:'),
      lineComment(
        `count them first with fkdoctor orphans --constraint ${quoteIdent(fk.name)} (PostgreSQL 18+).`,
      ),
      `ALTER TABLE ${table} ALTER CONSTRAINT ${quoteIdent(fk.name)} ENFORCED;`,
    ].join('\n'),
    details: { enforced: false },
  };
}

function uniqueTables(names: QualifiedName[]): string[] {
  return [...new Set(names.map((name) => quoteQualified(name)))];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
