// What a DELETE does (cascades.sql) on PGlite and every test server: CASCADE goes on, SET NULL
// and RESTRICT end the chain; then the same DELETE on real rows does exactly that.

import { describe, expect, it } from 'vitest';
import { isDatabaseError } from '../../../src/engine/errors.js';
import { graphSchema, loadedOnEverySubject } from './load.js';

const { subjects, get } = loadedOnEverySubject(() => graphSchema('cascades.sql'));

describe.each(subjects.map((s) => s.label))('cascade chains on %s', (label) => {
  it('follows CASCADE to SET NULL and RESTRICT', () => {
    const { report } = get(label);
    const chain = report.cascades.find((c) => c.table === 'public.customer')!;
    expect(
      chain.steps.map((s) => [s.label, s.constraint, s.effect, s.depth, s.via, s.from]),
    ).toEqual([
      ['orders', 'orders_customer_id_fkey', 'delete', 1, null, 'public.customer'],
      ['order_line', 'order_line_order_id_fkey', 'delete', 2, 0, 'public.orders'],
      ['refund', 'refund_order_line_id_fkey', 'block', 3, 1, 'public.order_line'],
      ['shipment', 'shipment_order_line_id_fkey', 'set-null', 3, 1, 'public.order_line'],
    ]);
    expect(report.cascades.map((c) => c.table)).toEqual([
      'public.customer',
      'public.order_line',
      'public.orders',
    ]);
  });

  it('matches what the server does with the rows', async () => {
    const { engine } = get(label);
    await engine.exec(`
      INSERT INTO customer VALUES (1);
      INSERT INTO orders VALUES (1, 1);
      INSERT INTO order_line VALUES (1, 1);
      INSERT INTO shipment VALUES (1, 1);
      INSERT INTO refund VALUES (1, 1);
    `);
    // The RESTRICT at the end of the chain stops the whole DELETE (23001 from PG 18 on).
    await expect(engine.exec('DELETE FROM customer WHERE id = 1')).rejects.toSatisfy(
      (error) => isDatabaseError(error) && ['23503', '23001'].includes(error.code ?? ''),
    );
    await engine.exec('DELETE FROM refund');
    await engine.exec('DELETE FROM customer WHERE id = 1');
    const count = async (table: string) =>
      (await engine.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n;
    expect(await count('orders')).toBe('0');
    expect(await count('order_line')).toBe('0');
    const shipment = await engine.query<{ order_line_id: number | null }>(
      'SELECT order_line_id FROM shipment',
    );
    expect(shipment.rows).toEqual([{ order_line_id: null }]);
  });
});
