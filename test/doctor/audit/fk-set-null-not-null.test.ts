// fk-set-null-not-null beyond its examples: which defaults are read as constants, the fix keeps
// what a parent delete does today (it fails, now with an FK error instead of a not-null one),
// the placeholder parent makes the delete work, and without rows no parent row is looked up.

import { describe, expect, it } from 'vitest';
import { fkSetNullNotNull } from '../../../src/doctor/audit/checks/fk-set-null-not-null.js';
import { defaultValue } from '../../../src/doctor/audit/constant-default.js';
import type { Column } from '../../../src/model/catalog.js';
import { engineSubjects } from '../../support/engines.js';
import { auditSubject } from './audit-subject.js';

function column(fields: Partial<Column>): Column {
  return {
    name: 'c',
    position: 1,
    type: 'integer',
    typeName: 'int4',
    typmod: -1,
    notNull: false,
    collation: null,
    default: null,
    identity: null,
    generated: null,
    ...fields,
  };
}

describe('defaultValue', () => {
  it.each([
    ['42', 'constant'],
    ['1.5', 'constant'],
    ['true', 'constant'],
    ["'-1'::integer", 'constant'],
    ["'x''y'::text", 'constant'],
    ["'ab'::character varying", 'constant'],
    ['\'ok\'::app."My Mood"', 'constant'],
    ["'{1,2}'::integer[]", 'constant'],
    ["'-1.5'::double precision", 'constant'],
    ["'2020-01-01 00:00:00'::timestamp(3) without time zone", 'constant'],
    ['NULL::integer', 'null'],
    ['now()', 'expression'],
    ['(1 + 2)', 'expression'],
    ["nextval('s'::regclass)", 'expression'],
    ["'a'::text || 'b'::text", 'expression'],
    ["lower('X'::text)", 'expression'],
  ])('%s is a %s', (text, kind) => {
    expect(defaultValue(column({ default: text })).kind).toBe(kind);
  });

  it('no default is NULL; identity and generated columns are expressions', () => {
    expect(defaultValue(column({})).kind).toBe('null');
    expect(defaultValue(column({ identity: 'by-default' })).kind).toBe('expression');
    expect(defaultValue(column({ generated: 'stored', default: null })).kind).toBe('expression');
  });
});

const subjects = engineSubjects();

describe.each(subjects.map((s) => [s.label, s] as const))(
  'fk-set-null-not-null on %s',
  (_, subject) => {
    const load = auditSubject(subject, 'setnull');

    it('SET NULL on NOT NULL: the delete fails before and after the fix, now with the FK error', async () => {
      const db = await load(
        fkSetNullNotNull,
        `create table customers (id int primary key);
       create table orders (customer_id int not null references customers on delete set null);
       insert into customers values (1), (2); insert into orders values (1);`,
      );
      expect(await db.outcome('delete from customers where id = 1')).toBe('23502');
      const [finding] = await db.audit();
      expect(finding!.severity).toBe('error');
      expect(finding!.fix).toMatch(/DROP NOT NULL/);
      await db.run(finding!.fix!);
      expect(await db.outcome('delete from customers where id = 1')).toBe('23503');
      expect(await db.outcome('delete from customers where id = 2')).toBe('ok');
    });

    it('SET DEFAULT to a missing parent: the placeholder row makes the delete work', async () => {
      const db = await load(
        fkSetNullNotNull,
        `create table users (id int primary key, name text default '(deleted)');
       create table posts (author_id int not null default 0 references users on delete set default);
       insert into users values (1, 'ann'); insert into posts values (1);`,
      );
      expect(await db.outcome('delete from users where id = 1')).toBe('23503');
      const [finding] = await db.audit();
      await db.run(finding!.fix!);
      expect(await db.audit()).toEqual([]);
      expect(await db.outcome('delete from users where id = 1', 'select * from posts')).toBe(
        'ok [{"author_id":0}]',
      );
    });

    it('ON DELETE and ON UPDATE SET DEFAULT to the same missing parent: one placeholder row', async () => {
      const db = await load(
        fkSetNullNotNull,
        `create table "Ünits" ("Code" text primary key);
       create table items ("Unit" text not null default 'none'
         references "Ünits" on delete set default on update set default);`,
      );
      const findings = await db.audit();
      expect(findings).toHaveLength(1);
      expect(findings[0]!.fix!.match(/INSERT INTO/g)).toHaveLength(1);
      await db.run(findings[0]!.fix!);
      expect(await db.audit()).toEqual([]);
    });

    it('without rows the parent row is not looked up', async () => {
      const db = await load(
        fkSetNullNotNull,
        `create table users (id int primary key);
       create table posts (author_id int default 0 references users on delete set default);`,
      );
      expect(await db.audit({ readRows: false })).toEqual([]);
      expect((await db.audit()).map((f) => f.constraint)).toEqual(['posts_author_id_fkey']);
    });

    it('ON DELETE and ON UPDATE both wrong: one finding, one rebuild', async () => {
      const db = await load(
        fkSetNullNotNull,
        `create table codes (code text primary key);
       create table uses (code text not null references codes on delete set null on update set default);`,
      );
      const findings = await db.audit();
      expect(findings).toHaveLength(1);
      expect(findings[0]!.details?.problems).toHaveLength(2);
      expect(findings[0]!.fix!.match(/ADD CONSTRAINT/g)).toHaveLength(1);
      await db.run(findings[0]!.fix!);
      expect(await db.audit()).toEqual([]);
    });
  },
);
