// fk-orphans: rows that break a foreign key right now, whatever its state: NOT VALID, loaded
// while its triggers were disabled, or with session_replication_role = replica.

import { findTable } from '../../../model/catalog.js';
import type { Finding } from '../../../model/finding.js';
import { quoteIdent, quoteQualified } from '../../../sql/quote.js';
import { type Check, declaredForeignKeys } from '../check.js';
import { orphanCountOf } from '../orphan-count.js';
import { repairFor } from '../orphan-repair.js';

export const fkOrphans: Check = {
  id: 'fk-orphans',
  severity: 'error',
  title: 'Rows that break a foreign key',
  rationale:
    'A foreign key promises that every referencing row has its parent. Rows loaded while the ' +
    'constraint was NOT VALID, while its triggers were disabled (DISABLE TRIGGER ALL, ' +
    'session_replication_role = replica, some restore tools), or before it was enforced break ' +
    'that promise silently: joins lose them, a later VALIDATE or a dump-and-restore fails on ' +
    'them. The repair script backs the rows up first, so nothing is lost.',
  detection:
    'One set-based anti-join per foreign key (`NOT EXISTS` against the referenced table, with ' +
    "the constraint's MATCH rule: a row with a NULL key column is not checked under MATCH " +
    'SIMPLE; under MATCH FULL a partly NULL key is itself a violation), in key-range chunks on ' +
    'big tables. Plain SELECTs only.',
  readsRows: true,
  async detect(context) {
    if (!context.readRows) return [];
    const findings: Finding[] = [];
    for (const fk of declaredForeignKeys(context.catalog)) {
      if (!fk.enforced) continue;
      const count = await orphanCountOf(context, fk);
      const partial = count.partialNullCount ?? 0;
      if (count.orphanCount + partial === 0) continue;
      const child = findTable(context.catalog, fk.table);
      const repair = child ? repairFor(context.catalog, fk, child) : null;
      const columns = fk.columns.map(quoteIdent).join(', ');
      const how = !fk.validated
        ? 'the constraint is NOT VALID'
        : !fk.triggersEnabled
          ? 'its triggers are disabled'
          : 'they were loaded while it was not checked (e.g. session_replication_role = replica)';
      findings.push({
        check: fkOrphans.id,
        severity: 'error',
        table: quoteQualified(fk.table),
        constraint: fk.name,
        message:
          `${count.orphanCount} ${count.orphanCount === 1 ? 'row' : 'rows'} of ${quoteQualified(fk.table)} ` +
          `${count.orphanCount === 1 ? 'references' : 'reference'} a missing ${quoteQualified(fk.referencedTable)} row through (${columns})` +
          `${partial > 0 ? `, and ${partial} have a partly NULL key (MATCH FULL)` : ''}; ${how}.` +
          `${repair ? ` The fix backs ${count.orphanCount + partial === 1 ? 'it' : 'them'} up, then ${repair.mode === 'delete' ? 'deletes' : 'sets the key to NULL in'} ${count.orphanCount + partial === 1 ? 'it' : 'them'}.` : ''}`,
        fix: repair?.sql ?? null,
        details: {
          orphanCount: count.orphanCount,
          ...(count.partialNullCount !== undefined ? { partialNullCount: partial } : {}),
          sampleKeys: count.sampleKeys,
          validated: fk.validated,
          triggersEnabled: fk.triggersEnabled,
          ...(repair ? { repair: repair.mode, backupTables: repair.backups } : {}),
        },
      });
    }
    return findings;
  },
  examples: {
    valid: [
      {
        name: 'every row has its parent, NULL keys are not checked',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, customer_id int references customers);
              insert into customers values (1);
              insert into orders values (1, 1), (2, null);`,
      },
      {
        name: 'a NOT VALID constraint whose rows all have parents',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, customer_id int);
              insert into customers values (1);
              insert into orders values (1, 1);
              alter table orders add foreign key (customer_id) references customers not valid;`,
      },
    ],
    invalid: [
      {
        name: 'rows kept by a NOT VALID constraint',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, customer_id int);
              insert into customers values (1);
              insert into orders values (1, 1), (2, 42), (3, 43);
              alter table orders add constraint orders_customer_fk foreign key (customer_id)
                references customers not valid;`,
        findings: [{ table: 'orders', constraint: 'orders_customer_fk', severity: 'error' }],
      },
      {
        name: 'rows loaded with triggers disabled, NOT NULL key, odd names',
        sql: `create table "Kunden" (id int primary key);
              create table "Bestell Positionen" (id int primary key,
                "Kunde" int not null constraint "Bestell→Kunde" references "Kunden");
              alter table "Bestell Positionen" disable trigger all;
              insert into "Bestell Positionen" values (1, 7);
              alter table "Bestell Positionen" enable trigger all;`,
        findings: [{ table: '"Bestell Positionen"', constraint: 'Bestell→Kunde' }],
      },
      {
        name: 'a composite key loaded as replica, MATCH FULL partly NULL',
        sql: `create table regions (code text, country text, primary key (code, country));
              create table stores (id int primary key, code text, country text,
                foreign key (code, country) references regions match full);
              insert into regions values ('N', 'NO');
              set session_replication_role = replica;
              insert into stores values (1, 'N', 'NO'), (2, 'S', 'SE'), (3, 'X', null);
              reset session_replication_role;`,
        findings: [{ table: 'stores', constraint: 'stores_code_country_fkey' }],
      },
    ],
  },
};
