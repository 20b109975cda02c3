// countOrphans on PGlite and every test server, on planted orphans (plant.ts): counts and
// sample keys as the server's RI check sees them, partitioned children counted once, clean
// controls at zero, and the chunked scan giving exactly the single pass's counts.

import { describe, expect, it } from 'vitest';
import { countOrphans, OrphanScanAbortedError } from '../../../src/doctor/orphans/count-orphans.js';
import { orphanRepairSql } from '../../../src/doctor/orphans/repair-sql.js';
import { selectForeignKeys } from '../../../src/doctor/orphans/select-foreign-keys.js';
import type { Engine } from '../../../src/engine/engine.js';
import { readCatalog } from '../../../src/engine/introspect.js';
import type { Catalog, ForeignKey } from '../../../src/model/catalog.js';
import { engineSubjects, openForSuite } from '../../support/engines.js';
import { plantedSql } from './plant.js';

const schema = 'Shop Ω';

const expected: Record<string, [number, number | undefined]> = {
  book_author_fkey: [2, undefined],
  'Child → Parent "fk"': [2, undefined],
  city_country_code_fkey: [1, undefined],
  event_account_fkey: [3, undefined],
  folder_parent_id_fkey: [1, undefined],
  item_bin_fkey: [1, 2],
  order_line_order_id_fkey: [0, undefined],
  orders_customer_id_fkey: [3, undefined],
  post_tag_tag_id_fkey: [0, undefined],
  shipment_order_id_fkey: [0, undefined],
  stock_region_code_fkey: [2, undefined],
};

describe.each(engineSubjects())('countOrphans on $label', (subject) => {
  let engine: Engine;
  let catalog: Catalog;
  openForSuite(subject, plantedSql(schema), (opened) => {
    engine = opened;
  });
  const fks = () =>
    selectForeignKeys(catalog).foreignKeys.filter((fk) => fk.table.schema === schema);
  const fk = (name: string) => fks().find((f) => f.name === name) as ForeignKey;

  it('counts every planted orphan, each constraint once', async () => {
    catalog = await readCatalog(engine);
    const counts: Record<string, [number, number | undefined]> = {};
    for (const f of fks()) {
      const count = await countOrphans(engine, catalog, f);
      expect(count.complete).toBe(true);
      expect(count.scan.mode).toBe('single');
      counts[f.name] = [count.orphanCount, count.partialNullCount];
    }
    expect(counts).toEqual(expected);
  });

  it('samples the orphan keys by FK column name', async () => {
    const orders = await countOrphans(engine, catalog, fk('orders_customer_id_fkey'));
    expect(orders.table).toBe('"Shop Ω".orders');
    expect(orders.referencedTable).toBe('"Shop Ω".customer');
    expect(orders.sampleKeys).toHaveLength(2);
    expect(orders.sampleKeys).toEqual(
      expect.arrayContaining([{ customer_id: 7 }, { customer_id: 9 }]),
    );
    const stock = await countOrphans(engine, catalog, fk('stock_region_code_fkey'));
    expect(stock.sampleKeys).toEqual(
      expect.arrayContaining([
        { region: 'eu', code: 2 },
        { region: 'asia', code: 1 },
      ]),
    );
    const odd = await countOrphans(engine, catalog, fk('Child → Parent "fk"'), { sampleSize: 1 });
    expect(odd.table).toBe('"Shop Ω"."child Table"');
    expect(odd.sampleKeys).toHaveLength(1);
    expect([42, 43]).toContain(odd.sampleKeys[0]?.['Parent Key']);
    const none = await countOrphans(engine, catalog, fk('orders_customer_id_fkey'), {
      sampleSize: 0,
    });
    expect(none.sampleKeys).toEqual([]);
    expect(none.orphanCount).toBe(3);
  });

  it('reports the state of each constraint', async () => {
    const book = await countOrphans(engine, catalog, fk('book_author_fkey'));
    expect([book.validated, book.enforced, book.triggersEnabled]).toEqual([false, true, true]);
    const item = await countOrphans(engine, catalog, fk('item_bin_fkey'));
    expect(item.match).toBe('full');
  });

  it('folds the partition clones into the partitioned constraint, and counts one partition on its own', () => {
    const names = fks().map((f) => f.name);
    expect(names.filter((n) => n === 'event_account_fkey')).toHaveLength(1);
    const high = selectForeignKeys(catalog, { table: `${schema}.event_high` }).foreignKeys;
    expect(high.map((f) => [f.table.name, f.name])).toEqual([['event_high', 'event_account_fkey']]);
    return countOrphans(engine, catalog, high[0]!).then((count) => {
      expect(count.orphanCount).toBe(2);
    });
  });

  it('gives the same counts in key-range chunks as in one pass', async () => {
    for (const f of fks()) {
      const single = await countOrphans(engine, catalog, f, { chunkRows: 0 });
      const progress: number[] = [];
      const chunked = await countOrphans(engine, catalog, f, {
        chunkRows: 1,
        onProgress: (p) => progress.push(p.done),
      });
      expect([f.name, chunked.orphanCount, chunked.partialNullCount]).toEqual([
        f.name,
        single.orphanCount,
        single.partialNullCount,
      ]);
      expect(chunked.scan.mode).toBe('chunked');
      expect(chunked.scan.chunks).toBeGreaterThan(1);
      expect(progress.at(-1)).toBe(chunked.scan.chunks);
      expect(new Set(chunked.sampleKeys.map((k) => JSON.stringify(k)))).toEqual(
        new Set(single.sampleKeys.map((k) => JSON.stringify(k))),
      );
    }
  });

  it('falls back to one pass without an integer primary key', async () => {
    await engine.exec(`
      CREATE TABLE "${schema}".note (code text PRIMARY KEY, customer_id int);
      INSERT INTO "${schema}".note VALUES ('a', 1), ('b', 99);
      ALTER TABLE "${schema}".note ADD FOREIGN KEY (customer_id) REFERENCES "${schema}".customer NOT VALID;
    `);
    const again = await readCatalog(engine);
    const note = again.foreignKeys.find((f) => f.table.name === 'note')!;
    const count = await countOrphans(engine, again, note, { chunkRows: 1 });
    expect(count.orphanCount).toBe(1);
    expect(count.scan.mode).toBe('single');
    expect(count.scan.note).toMatch(/one pass: the primary key's first column code is text/);
  });

  it('stops between chunks when aborted, with what it had counted', async () => {
    const controller = new AbortController();
    const promise = countOrphans(engine, catalog, fk('orders_customer_id_fkey'), {
      chunkRows: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 3) controller.abort();
      },
    });
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrphanScanAbortedError);
    const partial = (error as OrphanScanAbortedError).partial;
    expect(partial.complete).toBe(false);
    // Chunks of one key: ids 1, 2 and 3 were counted (orders 2 and 3 are orphans), 6 was not.
    expect(partial.orphanCount).toBe(2);
  });

  it('skips NOT ENFORCED constraints (PG 18) unless named, and repairs them without VALIDATE', async () => {
    if (catalog.serverVersionNum < 180000) {
      // Only the PG 15 server lacks NOT ENFORCED; PGlite and the embedded server are PG 18.
      expect(subject.label).toMatch(/^postgres-1[2-7]$/);
      return;
    }
    await engine.exec(`
      CREATE TABLE "${schema}".review (id int PRIMARY KEY, customer_id int);
      INSERT INTO "${schema}".review VALUES (1, 1), (2, 404);
      ALTER TABLE "${schema}".review ADD CONSTRAINT review_customer_fkey
        FOREIGN KEY (customer_id) REFERENCES "${schema}".customer NOT ENFORCED;
    `);
    const again = await readCatalog(engine);
    const all = selectForeignKeys(again);
    expect(all.skipped.map((s) => [s.fk.name, s.reason])).toEqual([
      ['review_customer_fkey', 'not-enforced'],
    ]);
    const named = selectForeignKeys(again, { constraint: 'review_customer_fkey' }).foreignKeys[0]!;
    const count = await countOrphans(engine, again, named);
    expect([count.orphanCount, count.enforced]).toEqual([1, false]);
    const sql = orphanRepairSql(again, named, 'delete');
    expect(sql).not.toContain('VALIDATE CONSTRAINT');
    expect(sql).toContain('NOT ENFORCED: nothing keeps new orphans out');
    await engine.exec(sql);
    expect((await countOrphans(engine, again, named)).orphanCount).toBe(0);
  });

  it('selects by table and constraint, and says what it cannot find', () => {
    expect(
      selectForeignKeys(catalog, { table: `${schema}.orders` }).foreignKeys.map((f) => f.name),
    ).toEqual(['orders_customer_id_fkey']);
    expect(() => selectForeignKeys(catalog, { table: 'nope' })).toThrow(
      /no table "nope" in the database/,
    );
    expect(() => selectForeignKeys(catalog, { constraint: 'nope' })).toThrow(
      /no foreign key named "nope"/,
    );
  });
});
