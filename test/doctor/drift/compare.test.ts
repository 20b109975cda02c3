// compareForeignKeys on catalogs read from real databases: A and B on two different engines
// (PGlite, PG 15, the embedded PG 18, each as B in turn). Identical schemas give no finding;
// each planted difference gives its finding, once (partitions through their parent's FK); and
// running the fix script on B, then comparing again, gives none.

import { describe, expect, it } from 'vitest';
import { compareForeignKeys } from '../../../src/doctor/drift/compare-foreign-keys.js';
import { driftFixScript } from '../../../src/doctor/drift/fix-script.js';
import type { Catalog } from '../../../src/model/catalog.js';
import type { Finding } from '../../../src/model/finding.js';
import { driftSql, openPair, rotatedPairs, runScript } from './pair.js';

const base = async () => [await driftSql('base.sql')];
const brief = (findings: Finding[]) =>
  findings.map((f) => [f.check, f.severity, f.table, f.constraint]);

/** name -> definition of every top-level FK (what must be equal on both sides after the fix). */
const definitions = (catalog: Catalog) =>
  Object.fromEntries(
    catalog.foreignKeys
      .filter((fk) => fk.parentConstraint === null)
      .map((fk) => [`${fk.table.schema}.${fk.table.name}.${fk.name}`, fk.definition]),
  );

describe.each(rotatedPairs())('identical schemas (%s)', (_, subjectA, subjectB) => {
  const pair = openPair(subjectA, subjectB, base, base);

  it('gives no finding across server versions, partitions and odd names included', () => {
    const { a, b } = pair();
    expect(a.catalog.foreignKeys.length).toBeGreaterThan(10);
    expect(compareForeignKeys(a.catalog, b.catalog)).toEqual([]);
    expect(compareForeignKeys(b.catalog, a.catalog)).toEqual([]);
    expect(definitions(b.catalog)).toEqual(definitions(a.catalog));
  });
});

const planted = [
  ['drift-different', 'error', 'shop.payment', 'payment_order_id_fkey'],
  ['drift-missing', 'error', 'shop.order_line', 'order_line_product_id_fkey'],
  ['drift-different', 'warning', '"Sales Dept"."Ünïcødé 表 🐘"', 'FK "quoted" to VIP'],
  ['drift-different', 'warning', 'public."MixedCase"', 'MixedCase_Self'],
  ['drift-different', 'warning', 'shop.orders', 'orders_customer_id_fkey'],
  ['drift-different', 'warning', 'shop.refund', 'refund_payment_id_payment_paid_fkey'],
  ['drift-different', 'warning', 'shop.shipment', 'shipment_order_id_customer_id_fkey'],
  ['drift-extra', 'warning', 'shop.order_line', 'order_line_product_sku_fkey'],
  ['drift-index', 'warning', 'shop.orders', 'orders_customer_id_fkey'],
  ['drift-index', 'warning', 'shop.payment', 'payment_order_id_fkey'],
  ['drift-index', 'warning', 'shop.payment_2024', 'payment_customer_id_fkey'],
  ['drift-renamed', 'info', 'shop.orders', 'orders_customer_id_fkey'],
  ['drift-renamed', 'info', 'shop.payment', 'payment_customer_id_fkey'],
];

describe.each(rotatedPairs())('planted differences (%s)', (_, subjectA, subjectB) => {
  let major = 0;
  const pair = openPair(subjectA, subjectB, base, async (m) => {
    major = m;
    const scripts = [await driftSql('base.sql'), await driftSql('planted.sql')];
    return m >= 18 ? [...scripts, await driftSql('enforced.sql')] : scripts;
  });

  it('finds each one once, ranked, with what differs', () => {
    const { a, b } = pair();
    const findings = compareForeignKeys(a.catalog, b.catalog);
    const enforced = ['drift-different', 'error', 'shop.review', 'review_product_id_fkey'];
    const expected = major >= 18 ? [planted[0], enforced, ...planted.slice(1)] : planted;
    expect(brief(findings)).toEqual(expected);
    // Only the partition that lost its own index is named: FK copies on partitions are
    // compared through the parent's FK.
    expect(findings.filter((f) => /payment_20/.test(f.table)).map((f) => f.fix)).toEqual([
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS payment_2024_customer_id_idx ON shop.payment_2024 USING btree (customer_id);',
    ]);
    const orders = findings.find((f) => f.check === 'drift-different' && f.table === 'shop.orders');
    expect(orders?.message).toBe(
      'orders_customer_id_fkey on shop.orders (orders_customer_fk in B) differs: ON DELETE CASCADE in A, ON DELETE NO ACTION in B.',
    );
    expect(orders?.constraints).toEqual(['orders_customer_id_fkey', 'orders_customer_fk']);
    const shipment = findings.find((f) => f.table === 'shop.shipment');
    expect(shipment?.details?.differences).toEqual([
      {
        property: 'onDeleteSetColumns',
        a: 'ON DELETE SET NULL (order_id)',
        b: 'ON DELETE SET NULL',
        severity: 'warning',
        change: 'recreate',
      },
    ]);
    const deferrable = findings.find((f) => f.constraint === 'FK "quoted" to VIP');
    expect(deferrable?.fix).toBe(
      'ALTER TABLE "Sales Dept"."Ünïcødé 表 🐘" ALTER CONSTRAINT "FK ""quoted"" to VIP" DEFERRABLE INITIALLY DEFERRED;',
    );
    const missing = findings.find((f) => f.check === 'drift-missing');
    expect(missing?.fix).toBe(
      'ALTER TABLE shop.order_line ADD CONSTRAINT order_line_product_id_fkey FOREIGN KEY (product_id) REFERENCES shop.product (id) NOT VALID;\n' +
        'ALTER TABLE shop.order_line VALIDATE CONSTRAINT order_line_product_id_fkey;',
    );
    const renamed = findings.find(
      (f) => f.check === 'drift-renamed' && f.constraint === 'payment_customer_id_fkey',
    );
    expect(renamed?.fix?.split('\n')).toEqual([
      'ALTER TABLE shop.payment RENAME CONSTRAINT payment_customer_fk TO payment_customer_id_fkey;',
      'ALTER TABLE shop.payment_2024 RENAME CONSTRAINT payment_customer_fk TO payment_customer_id_fkey;',
      'ALTER TABLE shop.payment_2025 RENAME CONSTRAINT payment_customer_fk TO payment_customer_id_fkey;',
    ]);
    const triggers = findings.find((f) => f.constraint === 'payment_order_id_fkey');
    // Before PG 18 a partitioned table cannot take a NOT VALID FK: added and checked at once.
    expect(triggers?.fix).toBe(
      major >= 18
        ? 'ALTER TABLE shop.payment DROP CONSTRAINT payment_order_id_fkey, ADD CONSTRAINT payment_order_id_fkey FOREIGN KEY (order_id) REFERENCES shop.orders (id) NOT VALID;\n' +
            'ALTER TABLE shop.payment VALIDATE CONSTRAINT payment_order_id_fkey;'
        : 'ALTER TABLE shop.payment DROP CONSTRAINT payment_order_id_fkey, ADD CONSTRAINT payment_order_id_fkey FOREIGN KEY (order_id) REFERENCES shop.orders (id);',
    );
    const index = (table: string) =>
      findings.find((f) => f.check === 'drift-index' && f.table === table)?.fix;
    expect(index('shop.orders')).toBe(
      'DROP INDEX CONCURRENTLY IF EXISTS shop.orders_customer_id_idx;\n' +
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON shop.orders USING btree (customer_id);',
    );
    // CONCURRENTLY cannot build a partitioned index: one per partition, attached. The name is
    // taken in B.
    expect(index('shop.payment')?.split('\n')).toEqual([
      'CREATE INDEX IF NOT EXISTS payment_order_id_idx1 ON ONLY shop.payment USING btree (order_id);',
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS payment_2024_order_id_idx ON shop.payment_2024 USING btree (order_id);',
      'ALTER INDEX shop.payment_order_id_idx1 ATTACH PARTITION shop.payment_2024_order_id_idx;',
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS payment_2025_order_id_idx ON shop.payment_2025 USING btree (order_id);',
      'ALTER INDEX shop.payment_order_id_idx1 ATTACH PARTITION shop.payment_2025_order_id_idx;',
    ]);
    if (major >= 18) {
      const enforced = findings.find((f) => f.constraint === 'review_product_id_fkey');
      expect(enforced?.fix).toBe(
        'ALTER TABLE shop.review ALTER CONSTRAINT review_product_id_fkey ENFORCED;',
      );
    }
  });

  it('only looks at --schema-name schemas, and calls the sides by their labels', () => {
    const { a, b } = pair();
    const findings = compareForeignKeys(a.catalog, b.catalog, {
      schemas: ['Sales Dept'],
      labels: { a: 'staging', b: 'production' },
    });
    expect(findings.map((f) => f.message)).toEqual([
      '"FK ""quoted"" to VIP" on "Sales Dept"."Ünïcødé 表 🐘" differs: DEFERRABLE INITIALLY DEFERRED in staging, NOT DEFERRABLE in production.',
    ]);
  });

  it('running the fix script on B leaves no drift, and the same definitions', async () => {
    const { a, b } = pair();
    const script = driftFixScript(compareForeignKeys(a.catalog, b.catalog));
    expect(script).not.toContain('Not fixed');
    await runScript(b.engine, script);
    const after = await b.reread();
    expect(compareForeignKeys(a.catalog, after)).toEqual([]);
    expect(definitions(after)).toEqual(definitions(a.catalog));
  });
});
