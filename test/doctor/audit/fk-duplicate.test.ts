// fk-duplicate beyond its examples: the fix leaves every parent delete doing what it did (the
// first-firing action trigger decides, on every engine), and overlaps are graded info, or not
// reported when the wider FK lets rows through that the narrower one checks.

import { describe, expect, it } from 'vitest';
import { fkDuplicate } from '../../../src/doctor/audit/checks/fk-duplicate.js';
import { engineSubjects } from '../../support/engines.js';
import { auditSubject } from './audit-subject.js';

const subjects = engineSubjects();

describe.each(subjects.map((s) => [s.label, s] as const))('fk-duplicate on %s', (_, subject) => {
  const load = auditSubject(subject, 'dup');

  const conflicts = [
    {
      name: 'CASCADE older than NO ACTION',
      constraints: `alter table posts add constraint c1 foreign key (author) references users on delete cascade;
                    alter table posts add constraint c2 foreign key (author) references users;`,
      today: 'ok [{"n":0,"a":0}]',
    },
    {
      name: 'NO ACTION older than CASCADE',
      constraints: `alter table posts add constraint c1 foreign key (author) references users;
                    alter table posts add constraint c2 foreign key (author) references users on delete cascade;`,
      today: '23503',
    },
    {
      name: 'SET NULL older than CASCADE',
      constraints: `alter table posts add constraint c1 foreign key (author) references users on delete set null;
                    alter table posts add constraint c2 foreign key (author) references users on delete cascade;`,
      today: 'ok [{"n":1,"a":0}]',
    },
    {
      name: 'deferred CASCADE older than an immediate NO ACTION',
      constraints: `alter table posts add constraint c1 foreign key (author) references users
                      on delete cascade deferrable initially deferred;
                    alter table posts add constraint c2 foreign key (author) references users;`,
      today: 'ok [{"n":0,"a":0}]',
    },
  ];

  it.each(conflicts.map((c) => [c.name, c] as const))(
    'the fix keeps what a parent delete does: %s',
    async (_, example) => {
      const db = await load(
        fkDuplicate,
        `create table users (id int primary key);
         create table posts (author int);
         ${example.constraints}
         insert into users values (1); insert into posts values (1);`,
      );
      const remove = 'delete from users where id = 1';
      const probe = 'select count(*)::int as n, count(author)::int as a from posts';
      expect(await db.outcome(remove, probe)).toBe(example.today);
      const findings = await db.audit();
      expect(findings).toHaveLength(1);
      expect(findings[0]!.severity).toBe('warning');
      await db.run(findings[0]!.fix!);
      expect(await db.audit()).toEqual([]);
      expect(await db.outcome(remove, probe)).toBe(example.today);
    },
  );

  it('an overlap with different actions is info, kept, and says why', async () => {
    const db = await load(
      fkDuplicate,
      `create table customers (tenant int, id int primary key, unique (tenant, id));
       create table orders (tenant int not null,
         customer_id int references customers on delete cascade,
         foreign key (tenant, customer_id) references customers (tenant, id));`,
    );
    const findings = await db.audit();
    expect(findings.map((f) => [f.severity, f.constraint, f.fix])).toEqual([
      ['info', 'orders_customer_id_fkey', null],
    ]);
    expect(findings[0]!.message).toMatch(/actions or deferral differ/);
  });

  it('an overlap under a MATCH FULL wider FK is implied even with nullable columns', async () => {
    const db = await load(
      fkDuplicate,
      `create table customers (tenant int, id int primary key, unique (tenant, id));
       create table orders (tenant int, customer_id int references customers,
         foreign key (tenant, customer_id) references customers (tenant, id) match full);`,
    );
    const findings = await db.audit();
    expect(findings.map((f) => [f.severity, f.constraint])).toEqual([
      ['info', 'orders_customer_id_fkey'],
    ]);
    await db.run(findings[0]!.fix!);
    expect(await db.audit()).toEqual([]);
  });

  it('a duplicated narrow FK under a duplicated wide one: every fix runs, one after the other', async () => {
    const db = await load(
      fkDuplicate,
      `create table customers (tenant int, id int primary key, unique (tenant, id));
       create table orders (tenant int not null, customer_id int,
         constraint n1 foreign key (customer_id) references customers,
         constraint n2 foreign key (customer_id) references customers,
         constraint w1 foreign key (tenant, customer_id) references customers (tenant, id),
         constraint w2 foreign key (customer_id, tenant) references customers (id, tenant));`,
    );
    const findings = await db.audit();
    expect(findings.map((f) => [f.severity, f.constraint])).toEqual([
      ['warning', 'n2'],
      ['warning', 'w2'],
      ['info', 'n1'],
    ]);
    for (const finding of findings) await db.run(finding.fix!);
    expect(await db.audit()).toEqual([]);
  });

  it('a NOT VALID wider FK implies nothing about the rows already there', async () => {
    const db = await load(
      fkDuplicate,
      `create table customers (tenant int, id int primary key, unique (tenant, id));
       create table orders (tenant int not null, customer_id int references customers);
       alter table orders add foreign key (tenant, customer_id) references customers (tenant, id) not valid;`,
    );
    expect(await db.audit()).toEqual([]);
  });

  it('a partition with its own copy of the FK it inherits: the copy is dropped', async () => {
    const db = await load(
      fkDuplicate,
      `create table shops (id int primary key);
       create table sales (shop_id int references shops, day date) partition by range (day);
       create table sales_2026 partition of sales for values from ('2026-01-01') to ('2027-01-01');
       alter table sales_2026 add constraint "local copy" foreign key (shop_id) references shops;`,
    );
    const findings = await db.audit();
    expect(findings.map((f) => [f.table, f.constraint, f.constraints])).toEqual([
      [`${db.schema}.sales_2026`, 'local copy', ['local copy', 'sales_shop_id_fkey']],
    ]);
    await db.run(findings[0]!.fix!);
    expect(await db.audit()).toEqual([]);
  });
});
