// fk-type-mismatch beyond its examples: the grading of every kind of difference, the claim each
// fix makes about rewriting the table (checked against relfilenode on every engine), a
// nondeterministic collation (PostgreSQL before 18 only: 18 refuses the FK), and the columns
// that reference a column the fix changes.

import { beforeAll, describe, expect, it } from 'vitest';
import {
  alterRewrites,
  type ColumnType,
  fkTypeMismatch,
  mismatchReasons,
  numericModifier,
} from '../../../src/doctor/audit/checks/fk-type-mismatch.js';
import type { Engine } from '../../../src/engine/engine.js';
import { engineSubjects } from '../../support/engines.js';
import { auditSubject } from './audit-subject.js';

const defaultCollation = { schema: 'pg_catalog', name: 'default' };

/** A column type as the check reads it, from SQL-ish shorthand. */
function t(name: string, modifier?: number | [number, number], collation?: string): ColumnType {
  const typmod =
    modifier === undefined
      ? -1
      : Array.isArray(modifier)
        ? ((modifier[0] << 16) | (modifier[1] & 0x7ff)) + 4
        : modifier + 4;
  const collatable = ['text', 'varchar', 'bpchar'].includes(name);
  return {
    type: name,
    name,
    typmod,
    domain: null,
    collation: collatable ? { schema: 'pg_catalog', name: collation ?? 'default' } : null,
    deterministic: true,
  };
}

describe('fk-type-mismatch grading', () => {
  it.each([
    ['int4', 'int8', ['range']],
    ['int2', 'int4', ['range']],
    ['int8', 'int4', ['type']],
    ['int4', 'numeric', ['rounding']],
    ['int4', 'float8', ['rounding']],
    ['float4', 'float8', ['rounding']],
    ['timestamp', 'timestamptz', ['time-zone']],
    ['timestamptz', 'timestamp', ['time-zone']],
    ['text', 'varchar', ['type']],
  ] as const)('%s referencing %s: %j', (child, parent, reasons) => {
    expect(mismatchReasons({ child: t(child), parent: t(parent) })).toEqual(reasons);
  });

  it('grades numeric by precision and scale', () => {
    const grade = (c?: [number, number], p?: [number, number]) =>
      mismatchReasons({ child: t('numeric', c), parent: t('numeric', p) });
    expect(grade([10, 1], [10, 2])).toEqual(['rounding']);
    expect(grade([10, 2], undefined)).toEqual(['rounding']);
    expect(grade([8, 2], [10, 2])).toEqual(['range']);
    expect(grade(undefined, [10, 2])).toEqual(['type']);
    expect(grade([12, 2], [10, 2])).toEqual(['type']);
    expect(mismatchReasons({ child: t('int4'), parent: t('numeric', [9, 0]) })).toEqual(['type']);
    expect(mismatchReasons({ child: t('int4'), parent: t('numeric', [12, 0]) })).toEqual(['range']);
  });

  it('reads numeric typmods, negative scales included', () => {
    expect(numericModifier(-1)).toBeNull();
    expect(numericModifier(t('numeric', [10, 2]).typmod)).toEqual({ precision: 10, scale: 2 });
    expect(numericModifier(t('numeric', [5, -2]).typmod)).toEqual({ precision: 5, scale: -2 });
  });

  it('grades lengths and collations', () => {
    expect(mismatchReasons({ child: t('varchar', 20), parent: t('text') })).toEqual(['length']);
    expect(mismatchReasons({ child: t('varchar', 20), parent: t('varchar', 30) })).toEqual([
      'length',
    ]);
    expect(mismatchReasons({ child: t('varchar', 30), parent: t('varchar', 20) })).toEqual([
      'type',
    ]);
    expect(mismatchReasons({ child: t('text', undefined, 'C'), parent: t('text') })).toEqual([
      'collation',
    ]);
    const ci = { ...t('text', undefined, 'ci'), deterministic: false };
    expect(mismatchReasons({ child: t('text'), parent: ci })).toEqual(['collation-semantics']);
    expect(mismatchReasons({ child: t('varchar', 5, 'C'), parent: t('text') })).toEqual([
      'length',
      'collation',
    ]);
    expect(defaultCollation).toEqual(t('text').collation);
  });
});

// [column type before, after, the ColumnTypes alterRewrites sees]
const alterations: Array<[string, string, ColumnType, ColumnType]> = [
  ['integer', 'bigint', t('int4'), t('int8')],
  ['varchar(5)', 'text', t('varchar', 5), t('text')],
  ['varchar(5)', 'varchar(10)', t('varchar', 5), t('varchar', 10)],
  ['varchar(10)', 'varchar(5)', t('varchar', 10), t('varchar', 5)],
  ['text', 'varchar', t('text'), t('varchar')],
  ['text', 'varchar(10)', t('text'), t('varchar', 10)],
  ['numeric(10,1)', 'numeric(10,2)', t('numeric', [10, 1]), t('numeric', [10, 2])],
  ['numeric(8,2)', 'numeric(10,2)', t('numeric', [8, 2]), t('numeric', [10, 2])],
  ['numeric(10,2)', 'numeric', t('numeric', [10, 2]), t('numeric')],
  [
    'text collate "POSIX"',
    'text collate "C"',
    t('text', undefined, 'POSIX'),
    t('text', undefined, 'C'),
  ],
];

const subjects = engineSubjects();

describe.each(subjects.map((s) => [s.label, s] as const))(
  'fk-type-mismatch on %s',
  (_, subject) => {
    const load = auditSubject(subject, 't');
    let engine: Engine;
    let counter = 0;
    beforeAll(() => {
      engine = load.engine();
    });

    async function audit(sql: string) {
      const loaded = await load(fkTypeMismatch, sql);
      const run = () => loaded.audit();
      return { schema: loaded.schema, run, findings: await run() };
    }

    it.each(alterations)('ALTER COLUMN %s -> %s rewrites as predicted', async (from, to, a, b) => {
      const table = `rw_${++counter}`;
      await engine.exec(`create table ${table} (c ${from}); insert into ${table} values ('1')`);
      const node = async () =>
        (
          await engine.query<{ n: string }>(
            `select relfilenode::text as n from pg_class where oid = '${table}'::regclass`,
          )
        ).rows[0]?.n;
      const before = await node();
      await engine.exec(`alter table ${table} alter column c type ${to}`);
      expect((await node()) !== before).toBe(alterRewrites(a, b));
    });

    it('names the columns that reference the column the fix changes', async () => {
      const { schema, run, findings } = await audit(`
      create table customers (id bigint primary key);
      create table orders (id int primary key references customers);
      create table lines (order_id int references orders, n int);`);
      expect(findings.map((f) => [f.severity, f.constraint])).toEqual([
        ['error', 'orders_id_fkey'],
      ]);
      expect(findings[0]?.fix).toContain(`referenced by lines_order_id_fkey of ${schema}.lines`);
      await engine.exec(findings[0]!.fix!);
      // lines.order_id int now references orders.id bigint: the next step the comment asked for.
      expect((await run()).map((f) => f.constraint)).toEqual(['lines_order_id_fkey']);
    });

    it('names the views that stop ALTER COLUMN ... TYPE', async () => {
      const { schema, findings } = await audit(`
      create table customers (id bigint primary key);
      create table orders (id int primary key, customer_id int references customers);
      create view "Big Orders" as select id, customer_id from orders where id > 100;`);
      expect(findings[0]?.fix).toContain(`customer_id is used by ${schema}."Big Orders"`);
      await expect(engine.exec(findings[0]!.fix!)).rejects.toThrow(/view or rule/);
    });

    it('gives no fix when the column is in the partition key, and says why', async () => {
      const { findings } = await audit(`
      create table shops (region text primary key);
      create table sales (region varchar(10) references shops, n int) partition by list (region);
      create table sales_a partition of sales for values in ('a');`);
      expect(findings.map((f) => [f.severity, f.constraint, f.fix])).toEqual([
        ['error', 'sales_region_fkey', null],
      ]);
      expect(findings[0]?.message).toContain('in the partition key');
      await expect(engine.exec('alter table sales alter column region type text')).rejects.toThrow(
        /partition key/,
      );
    });

    it.runIf(subject.server !== null && subject.server.major < 18)(
      'grades a nondeterministic collation on one side as an error, and fixes it',
      async () => {
        const { run, findings } = await audit(`
        create collation ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
        create table tags (name text collate ci primary key);
        create table posts (id int primary key, tag text references tags);
        insert into tags values ('abc'); insert into posts values (1, 'ABC');`);
        expect(findings.map((f) => f.severity)).toEqual(['error']);
        expect(findings[0]?.message).toContain('nondeterministic');
        await engine.exec(findings[0]!.fix!);
        expect(await run()).toEqual([]);
      },
    );
  },
);
