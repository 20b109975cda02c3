// fk-not-validated: a foreign key added NOT VALID and never validated. New rows are checked,
// the old ones never were, and the planner cannot rely on it.

import type { Finding } from '../../../model/finding.js';
import { quoteIdent, quoteQualified } from '../../../sql/quote.js';
import { type Check, declaredForeignKeys } from '../check.js';
import { orphanCountOf } from '../orphan-count.js';

export const fkNotValidated: Check = {
  id: 'fk-not-validated',
  severity: 'warning',
  title: 'Foreign key created NOT VALID and never validated',
  rationale:
    '`ADD CONSTRAINT ... NOT VALID` followed by `VALIDATE CONSTRAINT` is the safe way to add a ' +
    'foreign key to a big table: the add takes a brief lock, the validation only a SHARE UPDATE ' +
    'EXCLUSIVE one that lets reads and writes go on. Left half done, the rows that existed ' +
    'before were never checked, pg_dump restores the constraint NOT VALID again, and the ' +
    'planner cannot use it to remove joins. When no row would fail, validating is one statement.',
  detection:
    'Catalog: pg_constraint.convalidated is false. With rows read, the rows that would fail ' +
    'VALIDATE are counted with the same anti-join as fk-orphans.',
  readsRows: true,
  async detect(context) {
    const findings: Finding[] = [];
    for (const fk of declaredForeignKeys(context.catalog)) {
      if (fk.validated || !fk.enforced) continue;
      const table = quoteQualified(fk.table);
      const validate = `ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdent(fk.name)};`;
      if (!context.readRows) {
        findings.push({
          check: fkNotValidated.id,
          severity: 'warning',
          table,
          constraint: fk.name,
          message: `${fk.name} was added NOT VALID and never validated (rows not counted: --no-rows); VALIDATE fails if any existing row breaks it.`,
          fix: validate,
        });
        continue;
      }
      const count = await orphanCountOf(context, fk);
      const failing = count.orphanCount + (count.partialNullCount ?? 0);
      findings.push({
        check: fkNotValidated.id,
        severity: 'warning',
        table,
        constraint: fk.name,
        message:
          failing === 0
            ? `${fk.name} was added NOT VALID and never validated; every row passes, so VALIDATE will succeed (it does not block reads or writes).`
            : `${fk.name} was added NOT VALID and never validated; ${failing} ${failing === 1 ? 'row' : 'rows'} would fail VALIDATE: repair them first (the fk-orphans finding has the script, which validates at the end).`,
        fix: failing === 0 ? validate : null,
        details: { failingRows: failing, sampleKeys: count.sampleKeys },
      });
    }
    return findings;
  },
  examples: {
    valid: [
      {
        name: 'a validated foreign key',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, customer_id int references customers);`,
      },
      {
        name: 'added NOT VALID, then validated',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, customer_id int);
              alter table orders add constraint orders_customer_fk foreign key (customer_id)
                references customers not valid;
              alter table orders validate constraint orders_customer_fk;`,
      },
    ],
    invalid: [
      {
        name: 'NOT VALID, and every row would pass',
        sql: `create table customers (id int primary key);
              create table orders (id int primary key, customer_id int);
              insert into customers values (1);
              insert into orders values (1, 1), (2, null);
              alter table orders add constraint orders_customer_fk foreign key (customer_id)
                references customers not valid;`,
        findings: [{ table: 'orders', constraint: 'orders_customer_fk', severity: 'warning' }],
      },
      {
        // (PostgreSQL before 18 refuses NOT VALID foreign keys on partitioned tables.)
        name: 'NOT VALID with rows that would fail, odd names',
        sql: `create table "Läden" (id int primary key);
              create table "Umsätze" ("Laden" int, tag date);
              insert into "Umsätze" values (9, '2026-03-01');
              alter table "Umsätze" add constraint "Umsatz→Laden" foreign key ("Laden")
                references "Läden" not valid;`,
        findings: [{ table: '"Umsätze"', constraint: 'Umsatz→Laden' }],
      },
    ],
  },
};
