// fk-nullable-composite-match-simple beyond its examples: the by-design cases graded info, the
// fix chosen without rows, and the half-NULL repair keeping every row (the old keys in a copy).

import { describe, expect, it } from 'vitest';
import { fkNullableCompositeMatchSimple } from '../../../src/doctor/audit/checks/fk-nullable-composite-match-simple.js';
import { engineSubjects } from '../../support/engines.js';
import { auditSubject } from './audit-subject.js';

const subjects = engineSubjects();
const check = fkNullableCompositeMatchSimple;

describe.each(subjects.map((s) => [s.label, s] as const))(
  'fk-nullable-composite-match-simple on %s',
  (_, subject) => {
    const load = auditSubject(subject, 'nullable');

    it('ON DELETE SET NULL (column) of the one nullable column is by design: info, no fix', async () => {
      const db = await load(
        check,
        `create table users (tenant int, id int, primary key (tenant, id));
       create table posts (tenant int not null, author int,
         foreign key (tenant, author) references users on delete set null (author));`,
      );
      const findings = await db.audit();
      expect(findings.map((f) => [f.severity, f.fix])).toEqual([['info', null]]);
      expect(findings[0]!.message).toMatch(/by design/);
    });

    it('two nullable columns beside a checked tenant are not by design', async () => {
      const db = await load(
        check,
        `create table tenants (id int primary key);
       create table slots (tenant int, a int, b int, primary key (tenant, a, b));
       create table uses (tenant int not null references tenants, a int, b int,
         foreign key (tenant, a, b) references slots);`,
      );
      expect((await db.audit()).map((f) => f.severity)).toEqual(['warning']);
    });

    it('without rows: MATCH FULL, saying VALIDATE may fail, and no counts', async () => {
      const db = await load(
        check,
        `create table users (tenant int, id int, primary key (tenant, id));
       create table posts (tenant int, author int, foreign key (tenant, author) references users);
       insert into users values (1, 1); insert into posts values (1, 1), (null, null);`,
      );
      const [finding] = await db.audit({ readRows: false });
      expect(finding!.fix).toMatch(/Rows were not read/);
      expect(finding!.fix).toMatch(/MATCH FULL NOT VALID/);
      expect(finding!.details).not.toHaveProperty('halfNullRows');
      await db.run(finding!.fix!);
      expect(await db.audit()).toEqual([]);
    });

    it('the CHECK alternative in the fix closes the gap too', async () => {
      const db = await load(
        check,
        `create table "Lots" ("Site" int, "Lot №" text, primary key ("Site", "Lot №"));
       create table moves ("Site" int, "Lot №" text, foreign key ("Site", "Lot №") references "Lots");
       insert into moves values (null, null);`,
      );
      const [finding] = await db.audit();
      const alternative = /^-- (ALTER TABLE .* ADD CHECK .*)$/m.exec(finding!.fix!)?.[1];
      expect(alternative).toBeDefined();
      await db.run(alternative!);
      expect(await db.audit()).toEqual([]);
    });

    it('the half-NULL repair keeps every row and the old keys in a copy', async () => {
      const db = await load(
        check,
        `create table users (tenant int, id int, primary key (tenant, id));
       create table posts (id int primary key, tenant int, author int,
         foreign key (tenant, author) references users);
       insert into users values (1, 1);
       insert into posts values (1, 1, 1), (2, null, 42), (3, 7, null), (4, null, null);`,
      );
      const [finding] = await db.audit();
      expect(finding!.details).toMatchObject({ nullKeyRows: 3, halfNullRows: 2 });
      await db.run(finding!.fix!);
      expect(await db.audit()).toEqual([]);
      const { rows } = await db.engine.query(
        `select (select count(*)::int from ${db.schema}.posts) as kept,
              (select array_agg(id order by id) from ${db.schema}.posts_posts_tenant_author_fkey_backup) as saved`,
      );
      expect(rows).toEqual([{ kept: 4, saved: [2, 3] }]);
      // MATCH FULL now refuses what MATCH SIMPLE let through.
      expect(await db.outcome('insert into posts values (5, null, 42)')).toBe('23503');
    });
  },
);
