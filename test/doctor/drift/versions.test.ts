// What B's server version allows, on hand-built catalogs: before PG 15 no SET NULL column list
// (no fix, and the message says why); before PG 18 NOT ENFORCED is not written.

import { describe, expect, it } from 'vitest';
import { compareForeignKeys } from '../../../src/doctor/drift/compare-foreign-keys.js';
import type { Catalog } from '../../../src/model/catalog.js';
import { CatalogBuilder } from '../../support/catalog-builder.js';

function shop(options: {
  withFk: boolean;
  onDeleteSetColumns?: string[] | null;
  composite?: boolean;
}): Catalog {
  const composite = options.composite === true;
  const builder = new CatalogBuilder()
    .table('orders', ['id', 'customer_id?', 'region?'], { pk: ['id'] })
    .table('customer', ['id', 'region'], { pk: composite ? ['id', 'region'] : ['id'] });
  if (options.withFk) {
    builder.fk('orders', composite ? ['customer_id', 'region'] : ['customer_id'], 'customer', {
      name: 'orders_customer_fk',
      onDelete: 'set-null',
      referencedColumns: composite ? ['id', 'region'] : ['id'],
    });
  }
  const catalog = builder.build();
  for (const fk of catalog.foreignKeys) fk.onDeleteSetColumns = options.onDeleteSetColumns ?? null;
  return catalog;
}

const at = (catalog: Catalog, serverVersionNum: number): Catalog => ({
  ...catalog,
  serverVersionNum,
});

describe('fixes for the version of B', () => {
  it('a SET NULL column list cannot go to PG 14: no fix, and why', () => {
    const a = shop({ withFk: true, composite: true, onDeleteSetColumns: ['customer_id'] });
    const without = shop({ withFk: false, composite: true });
    const missing = compareForeignKeys(a, at(without, 140000));
    expect(missing.map((f) => [f.check, f.fix])).toEqual([['drift-missing', null]]);
    expect(missing[0]!.message).toMatch(
      /B cannot take it as it is: ON DELETE SET NULL with a column list needs PostgreSQL 15 or later\.$/,
    );
    const on15 = compareForeignKeys(a, at(without, 150000));
    expect(on15[0]!.fix).toContain('ON DELETE SET NULL (customer_id) NOT VALID;');
    // A list of every column is no list: PG 14 can take that.
    const all = shop({ withFk: true, onDeleteSetColumns: ['customer_id'] });
    const [plain] = compareForeignKeys(all, at(shop({ withFk: false }), 140000));
    expect(plain?.fix).toContain('(id) ON DELETE SET NULL NOT VALID;');
  });

  it('a different SET NULL column list on PG 14: reported, not fixed', () => {
    const a = shop({ withFk: true, composite: true, onDeleteSetColumns: ['customer_id'] });
    const b = at(shop({ withFk: true, composite: true, onDeleteSetColumns: null }), 140000);
    const [different] = compareForeignKeys(a, b);
    expect(different).toMatchObject({ check: 'drift-different', severity: 'warning', fix: null });
    expect(different?.message).toBe(
      'orders_customer_fk on public.orders differs: ON DELETE SET NULL (customer_id) in A, ON DELETE SET NULL in B. B cannot take it as A has it: ON DELETE SET NULL with a column list needs PostgreSQL 15 or later.',
    );
    // With one column, a list that names it is the same as no list.
    const one = shop({ withFk: true, onDeleteSetColumns: ['customer_id'] });
    expect(compareForeignKeys(one, shop({ withFk: true, onDeleteSetColumns: null }))).toEqual([]);
  });

  it('NOT ENFORCED is left out for a server that does not have it', () => {
    const a = shop({ withFk: true });
    a.foreignKeys[0]!.enforced = false;
    a.foreignKeys[0]!.validated = false;
    const [finding] = compareForeignKeys(a, at(shop({ withFk: false }), 150000));
    expect(finding?.fix).toBe(
      'ALTER TABLE public.orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES public.customer (id) ON DELETE SET NULL NOT VALID;',
    );
    const [on18] = compareForeignKeys(a, at(shop({ withFk: false }), 180000));
    expect(on18?.fix).toBe(
      'ALTER TABLE public.orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES public.customer (id) ON DELETE SET NULL NOT ENFORCED;',
    );
  });
});
