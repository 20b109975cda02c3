// What B's fix does not take over: tables on one side only (their FKs in the same finding), an
// FK on a column B lacks, A checking less than B (NOT VALID, NOT ENFORCED, an index only B has).
// And names: FKs whose server-made names are swapped between A and B, and a duplicate FK.

import { describe, expect, it } from 'vitest';
import { compareForeignKeys } from '../../../src/doctor/drift/compare-foreign-keys.js';
import { driftFixScript } from '../../../src/doctor/drift/fix-script.js';
import type { Finding } from '../../../src/model/finding.js';
import { driftSql, openPair, rotatedPairs, runScript } from './pair.js';

const brief = (findings: Finding[]) =>
  findings.map((f) => [f.check, f.severity, f.table, f.constraint, f.fix === null]);

// A on the embedded PG 18 (or another server), B on PG 15 when there is one.
const [, subjectA, subjectB] = rotatedPairs()[1]!;

describe(`one-sided differences (A ${subjectA.label}, B ${subjectB.label})`, () => {
  let majorA = 0;
  let majorB = 0;
  const pair = openPair(
    subjectA,
    subjectB,
    async (major) => {
      majorA = major;
      const scripts = [await driftSql('base.sql'), await driftSql('info-a.sql')];
      // A checks nothing where B (PG 15, no NOT ENFORCED) checks.
      if (major >= 18)
        scripts.push(
          'ALTER TABLE "Sales Dept"."Ünïcødé 表 🐘" ALTER CONSTRAINT "FK ""quoted"" to VIP" NOT ENFORCED',
        );
      return scripts;
    },
    async (major) => {
      majorB = major;
      return [await driftSql('base.sql'), await driftSql('info-b.sql')];
    },
  );

  it('reports them, with no fix where B would lose a check or a table is missing', () => {
    const { a, b } = pair();
    const findings = compareForeignKeys(a.catalog, b.catalog);
    const notEnforced =
      majorA >= 18 && majorB < 18
        ? [['drift-different', 'info', '"Sales Dept"."Ünïcødé 表 🐘"', 'FK "quoted" to VIP', true]]
        : [];
    expect(brief(findings)).toEqual([
      ['drift-missing', 'error', 'shop.orders', 'orders_coupon_id_fkey', true],
      ['drift-missing', 'error', 'shop.review', 'review_sku_fkey', true],
      ['drift-table-missing', 'error', 'shop.gift_card', null, true],
      ['drift-table-missing', 'warning', 'shop.audit_log', null, true],
      ...notEnforced,
      ['drift-different', 'info', 'shop.review', 'review_product_id_fkey', true],
      ['drift-index', 'info', 'shop.review', 'review_product_id_fkey', true],
      ['drift-table-missing', 'info', 'shop.note', null, true],
    ]);
    const byTable = (table: string) => findings.find((f) => f.table === table)!;
    expect(byTable('shop.gift_card').message).toBe(
      'shop.gift_card (table) is in A but not in B, and with it the foreign key gift_card_customer_id_fkey. Create it in B (e.g. from pg_dump --schema-only --table of A), then compare again.',
    );
    expect(byTable('shop.gift_card').constraints).toEqual(['gift_card_customer_id_fkey']);
    expect(byTable('shop.audit_log').constraints).toEqual(['audit_log_order_id_fkey']);
    expect(byTable('shop.orders').message).toBe(
      'orders_coupon_id_fkey (shop.orders (coupon_id) REFERENCES shop.product (id)) is in A but not in B: B lets shop.orders hold keys that shop.product does not have. B lacks shop.orders.coupon_id: add it first.',
    );
    const review = findings.filter((f) => f.table === 'shop.review').map((f) => f.message);
    expect(review).toEqual([
      'review_sku_fkey (shop.review (sku) REFERENCES shop.product (sku)) is in A but not in B: B lets shop.review hold keys that shop.product does not have. In B, shop.product has no primary key or unique constraint on (sku) for it to reference: add that first.',
      'review_product_id_fkey on shop.review differs: NOT VALID in A, VALID in B. B checks more than A here: fix A instead.',
      'The referencing columns of review_product_id_fkey, shop.review (product_id), have a supporting index in B (review_product_id_idx) but none in A: A reads all of shop.review on each DELETE or key UPDATE on shop.product. Add the index to A; fkdoctor does not drop it from B.',
    ]);
    const script = driftFixScript(findings);
    expect(script.startsWith('-- Not fixed by this script:\n')).toBe(true);
    expect(script.split('\n').every((line) => line === '' || line.startsWith('-- '))).toBe(true);
  });
});

describe.each(rotatedPairs())('names (%s)', (_, subjectA, subjectB) => {
  const adds = (first: string, second: string) => [
    `ALTER TABLE swap.t ADD FOREIGN KEY (a) REFERENCES swap.${first}`,
    `ALTER TABLE swap.t ADD FOREIGN KEY (a) REFERENCES swap.${second}`,
  ];
  const pair = openPair(
    subjectA,
    subjectB,
    async () => [
      await driftSql('swap.sql'),
      ...adds('p1', 'p2'),
      // A has the same FK twice; B once, under the second name.
      'CREATE TABLE swap.u (id int PRIMARY KEY, p int CONSTRAINT u_first REFERENCES swap.p1 CONSTRAINT u_second REFERENCES swap.p1)',
      // The same name in B checks another column against another table.
      'CREATE TABLE swap.v (id int PRIMARY KEY, a int, b int, CONSTRAINT v_link FOREIGN KEY (a) REFERENCES swap.p1)',
    ],
    async () => [
      await driftSql('swap.sql'),
      ...adds('p2', 'p1'),
      'CREATE TABLE swap.u (id int PRIMARY KEY, p int CONSTRAINT u_second REFERENCES swap.p1)',
      'CREATE TABLE swap.v (id int PRIMARY KEY, a int, b int, CONSTRAINT v_link FOREIGN KEY (b) REFERENCES swap.p2)',
    ],
  );

  it('pairs FKs by what they check: swapped server-made names are two renames (fixed through a temporary name), one name for two FKs is a difference', async () => {
    const { a, b } = pair();
    const findings = compareForeignKeys(a.catalog, b.catalog);
    expect(brief(findings)).toEqual([
      ['drift-different', 'error', 'swap.v', 'v_link', false],
      ['drift-missing', 'error', 'swap.u', 'u_first', false],
      ['drift-renamed', 'info', 'swap.t', 't_a_fkey', false],
      ['drift-renamed', 'info', 'swap.t', 't_a_fkey1', false],
    ]);
    expect(findings[0]!.message).toBe(
      'v_link on swap.v differs: (a) REFERENCES swap.p1 (id) in A, (b) REFERENCES swap.p2 (id) in B.',
    );
    expect(findings[2]!.message).toBe(
      't_a_fkey in A is t_a_fkey1 in B (swap.t (a) REFERENCES swap.p1 (id)): errors and migrations that name it differ between the two.',
    );
    const script = driftFixScript(findings);
    expect(script).toContain(
      [
        'ALTER TABLE swap.t RENAME CONSTRAINT t_a_fkey1 TO fkdoctor_rename_1;',
        'ALTER TABLE swap.t RENAME CONSTRAINT t_a_fkey TO fkdoctor_rename_2;',
        'ALTER TABLE swap.t RENAME CONSTRAINT fkdoctor_rename_1 TO t_a_fkey;',
        'ALTER TABLE swap.t RENAME CONSTRAINT fkdoctor_rename_2 TO t_a_fkey1;',
      ].join('\n'),
    );
    await runScript(b.engine, script);
    expect(compareForeignKeys(a.catalog, await b.reread())).toEqual([]);
  });
});
