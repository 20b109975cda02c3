// The whole audit on a sound schema with rows, on PGlite and every test server: every check
// runs and none reports anything at warning or error level (the control for the planted
// problems of each check's examples).

import { describe, expect, it } from 'vitest';
import { checks } from '../../../src/doctor/audit/registry.js';
import { runAudit } from '../../../src/doctor/audit/run-audit.js';
import type { Engine } from '../../../src/engine/engine.js';
import { engineSubjects, openForSuite } from '../../support/engines.js';

const SOUND = `
create schema shop;
set search_path = shop;
create table customers (id integer primary key, email text not null unique);
create table orders (
  id integer primary key,
  customer_id integer not null references customers on delete cascade,
  placed date not null
);
create index on orders (customer_id);
create table order_items (
  order_id integer not null references orders on delete cascade,
  line integer not null,
  sku text not null,
  primary key (order_id, line)
);
create table shipments (
  id integer primary key,
  order_id integer not null,
  line integer not null,
  foreign key (order_id, line) references order_items
);
create index on shipments (line, order_id);
create table categories (
  id integer primary key,
  parent_id integer references categories on delete set null
);
create index on categories (parent_id) where parent_id is not null;
create table "Team Members" (
  id integer primary key,
  "Team" integer not null
);
create table teams (
  id integer primary key,
  lead_id integer not null references "Team Members" deferrable initially deferred
);
alter table "Team Members" add constraint "member→team" foreign key ("Team") references teams
  deferrable;
create index on teams (lead_id);
create index on "Team Members" ("Team");
begin;
set constraints all deferred;
insert into teams values (1, 10);
insert into "Team Members" values (10, 1);
commit;
insert into customers values (1, 'ada@example.com');
insert into orders values (100, 1, '2026-12-01');
insert into order_items values (100, 1, 'A'), (100, 2, 'B');
insert into shipments values (1, 100, 2);
insert into categories values (1, null), (2, 1);
analyze;
`;

describe.each(engineSubjects().map((s) => [s.label, s] as const))(
  'a sound schema on %s',
  (_, subject) => {
    let engine: Engine;
    openForSuite(subject, SOUND, (opened) => {
      engine = opened;
    });

    it('gives no warning or error from any check', async () => {
      const report = await runAudit(engine, { schemas: ['shop'] });
      expect(report.checks).toEqual(checks.map((c) => c.id));
      expect(report.notes).toEqual([]);
      expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    });
  },
);
