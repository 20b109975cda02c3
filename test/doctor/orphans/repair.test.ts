// The repair scripts, RUN on PGlite and every test server against planted orphans (each test
// in a fresh schema): afterwards no row breaks the constraint, and the backup tables hold
// exactly the rows the repair removed or changed (as they were before). What a mode cannot do
// is refused with the reason.

import { describe, expect, it } from 'vitest';
import { backupTableName } from '../../../src/doctor/orphans/backup-name.js';
import { countOrphans } from '../../../src/doctor/orphans/count-orphans.js';
import {
  OrphanRepairRefusedError,
  orphanRepairPlan,
  orphanRepairSql,
  type RepairMode,
} from '../../../src/doctor/orphans/repair-sql.js';
import type { Engine } from '../../../src/engine/engine.js';
import { readCatalog } from '../../../src/engine/introspect.js';
import type { Catalog, ForeignKey } from '../../../src/model/catalog.js';
import { quoteIdent } from '../../../src/sql/quote.js';
import { engineSubjects, openForSuite } from '../../support/engines.js';
import { plantedSql } from './plant.js';

/** Every row of a table as sorted JSON text (row_to_json keeps NULLs and column names). */
async function rowsOf(engine: Engine, table: string, where = 'true'): Promise<string[]> {
  const { rows } = await engine.query<{ r: string }>(
    `SELECT row_to_json(t)::text AS r FROM ${table} t WHERE ${where}`,
  );
  return rows.map((row) => row.r).sort();
}

const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));

describe.each(engineSubjects())('orphan repair scripts on $label', (subject) => {
  let engine: Engine;
  openForSuite(subject, '', (opened) => {
    engine = opened;
  });
  let n = 0;
  /** A fresh planted schema, its catalog, and one of its FKs by name. */
  async function planted(
    constraint: string,
  ): Promise<{ q: string; catalog: Catalog; fk: ForeignKey }> {
    n += 1;
    const schema = `Repair ${n} "é"`;
    await engine.exec(plantedSql(schema));
    const catalog = await readCatalog(engine);
    const fk = catalog.foreignKeys.find((f) => f.table.schema === schema && f.name === constraint);
    if (!fk) throw new Error(`no ${constraint}`);
    return { q: quoteIdent(schema), catalog, fk };
  }
  async function repairAndCheck(catalog: Catalog, fk: ForeignKey, mode: RepairMode) {
    const plan = orphanRepairPlan(catalog, fk, mode);
    await engine.exec(plan.sql);
    const after = await countOrphans(engine, await readCatalog(engine), fk);
    expect([after.orphanCount, after.partialNullCount ?? 0]).toEqual([0, 0]);
    return plan;
  }

  it('delete: removes the orphans, backs up them and the rows their delete cascades to or sets NULL', async () => {
    const { q, catalog, fk } = await planted('orders_customer_id_fkey');
    const orders = await rowsOf(engine, `${q}.orders`);
    const lines = await rowsOf(engine, `${q}.order_line`);
    const shipments = await rowsOf(engine, `${q}.shipment`);
    const plan = await repairAndCheck(catalog, fk, 'delete');
    expect(plan.backups.map((b) => [b.backup.name, b.of.name, b.effect])).toEqual([
      ['fkdoctor_orphans_orders_customer_id_fkey', 'orders', 'deleted'],
      ['fkdoctor_orphans_orders_customer_id_fkey_1', 'order_line', 'deleted'],
      ['fkdoctor_orphans_orders_customer_id_fkey_2', 'shipment', 'set-null'],
    ]);
    const removedOrders = minus(orders, await rowsOf(engine, `${q}.orders`));
    expect(removedOrders.map((r) => JSON.parse(r).id).sort()).toEqual([2, 3, 6]);
    expect(await rowsOf(engine, `${q}.fkdoctor_orphans_orders_customer_id_fkey`)).toEqual(
      removedOrders,
    );
    const removedLines = minus(lines, await rowsOf(engine, `${q}.order_line`));
    expect(removedLines).toHaveLength(3);
    expect(await rowsOf(engine, `${q}.fkdoctor_orphans_orders_customer_id_fkey_1`)).toEqual(
      removedLines,
    );
    const changedShipments = minus(shipments, await rowsOf(engine, `${q}.shipment`));
    expect(changedShipments).toEqual(['{"id":2,"order_id":3}']);
    expect(await rowsOf(engine, `${q}.fkdoctor_orphans_orders_customer_id_fkey_2`)).toEqual(
      changedShipments,
    );
    // The rows can be put back from the backups.
    await engine.exec(`SET session_replication_role = replica;
      INSERT INTO ${q}.orders SELECT * FROM ${q}.fkdoctor_orphans_orders_customer_id_fkey;
      INSERT INTO ${q}.order_line SELECT * FROM ${q}.fkdoctor_orphans_orders_customer_id_fkey_1;
      SET session_replication_role = DEFAULT;`);
    expect(await rowsOf(engine, `${q}.orders`)).toEqual(orders);
    expect(await rowsOf(engine, `${q}.order_line`)).toEqual(lines);
  });

  it('set-null: a composite MATCH SIMPLE key is set NULL, the old rows kept in the backup', async () => {
    const { q, catalog, fk } = await planted('stock_region_code_fkey');
    const before = await rowsOf(engine, `${q}.stock`);
    await repairAndCheck(catalog, fk, 'set-null');
    const changed = minus(before, await rowsOf(engine, `${q}.stock`));
    expect(changed).toEqual([
      '{"id":2,"region":"eu","code":2}',
      '{"id":5,"region":"asia","code":1}',
    ]);
    expect(await rowsOf(engine, `${q}.fkdoctor_orphans_stock_region_code_fkey`)).toEqual(changed);
    expect(await rowsOf(engine, `${q}.stock`, 'id IN (2, 5)')).toEqual([
      '{"id":2,"region":null,"code":null}',
      '{"id":5,"region":null,"code":null}',
    ]);
  });

  it('delete and set-null: MATCH FULL partly NULL keys are repaired with the orphans', async () => {
    const del = await planted('item_bin_fkey');
    const before = await rowsOf(engine, `${del.q}.item`);
    await repairAndCheck(del.catalog, del.fk, 'delete');
    const removed = minus(before, await rowsOf(engine, `${del.q}.item`));
    expect(removed.map((r) => JSON.parse(r).id).sort()).toEqual([2, 4, 5]);
    expect(await rowsOf(engine, `${del.q}.fkdoctor_orphans_item_bin_fkey`)).toEqual(removed);

    const nul = await planted('item_bin_fkey');
    await repairAndCheck(nul.catalog, nul.fk, 'set-null');
    expect(await rowsOf(engine, `${nul.q}.item`, 'id IN (2, 4, 5)')).toEqual([
      '{"id":2,"region":null,"code":null}',
      '{"id":4,"region":null,"code":null}',
      '{"id":5,"region":null,"code":null}',
    ]);
  });

  it('placeholder-parents: inserts the missing parents and validates a NOT VALID constraint', async () => {
    const { q, catalog, fk } = await planted('book_author_fkey');
    expect(fk.validated).toBe(false);
    const books = await rowsOf(engine, `${q}.book`);
    const plan = await repairAndCheck(catalog, fk, 'placeholder-parents');
    expect(plan.sql).toContain(`ALTER TABLE ${q}.book VALIDATE CONSTRAINT book_author_fkey;`);
    expect(await rowsOf(engine, `${q}.author`)).toEqual(['{"id":1}', '{"id":2}', '{"id":3}']);
    expect(await rowsOf(engine, `${q}.book`)).toEqual(books);
    const again = await readCatalog(engine);
    expect(
      again.foreignKeys.find((f) => f.table.schema === fk.table.schema && f.name === fk.name)
        ?.validated,
    ).toBe(true);

    const shop = await planted('orders_customer_id_fkey');
    await repairAndCheck(shop.catalog, shop.fk, 'placeholder-parents');
    expect(await rowsOf(engine, `${shop.q}.customer`, 'id > 2')).toEqual([
      '{"id":7,"name":"placeholder"}',
      '{"id":9,"name":"placeholder"}',
    ]);
  });

  it('placeholder-parents refuses MATCH FULL partly NULL keys when the script runs, and rolls back', async () => {
    const { q, catalog, fk } = await planted('item_bin_fkey');
    const sql = orphanRepairSql(catalog, fk, 'placeholder-parents');
    await expect(engine.exec(sql)).rejects.toThrow(/partly NULL key for item_bin_fkey/);
    await engine.exec('ROLLBACK');
    expect(await rowsOf(engine, `${q}.bin`)).toEqual(['{"region":"eu","code":1}']);
    const backups = await engine.query(
      `SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename LIKE 'fkdoctor%'`,
      [fk.table.schema],
    );
    expect(backups.rows).toEqual([]);
  });

  it('delete on a partitioned child: one statement over every partition', async () => {
    const { q, catalog, fk } = await planted('event_account_fkey');
    const before = await rowsOf(engine, `${q}.event`);
    await repairAndCheck(catalog, fk, 'delete');
    const removed = minus(before, await rowsOf(engine, `${q}.event`));
    expect(removed.map((r) => JSON.parse(r).id).sort((a, b) => a - b)).toEqual([2, 150, 153]);
    expect(await rowsOf(engine, `${q}.fkdoctor_orphans_event_account_fkey`)).toEqual(removed);
  });

  it('odd names: delete and placeholder-parents', async () => {
    const name = 'Child → Parent "fk"';
    const del = await planted(name);
    const before = await rowsOf(engine, `${del.q}."child Table"`);
    await repairAndCheck(del.catalog, del.fk, 'delete');
    const removed = minus(before, await rowsOf(engine, `${del.q}."child Table"`));
    expect(removed).toHaveLength(2);
    expect(await rowsOf(engine, `${del.q}.${quoteIdent(backupTableName(name))}`)).toEqual(removed);

    const ph = await planted(name);
    await repairAndCheck(ph.catalog, ph.fk, 'placeholder-parents');
    expect(await rowsOf(engine, `${ph.q}."Parent ""Ω"" Table"`, '"Key Id" > 1')).toEqual([
      '{"Key Id":42,"Label":"placeholder"}',
      '{"Key Id":43,"Label":"placeholder"}',
    ]);
  });

  it('refuses what a mode cannot do, with the reason', async () => {
    const { catalog, fk } = await planted('city_country_code_fkey');
    expect(() => orphanRepairSql(catalog, fk, 'set-null')).toThrow(OrphanRepairRefusedError);
    expect(() => orphanRepairSql(catalog, fk, 'set-null')).toThrow(/country_code is NOT NULL/);
    expect(() => orphanRepairSql(catalog, fk, 'placeholder-parents')).toThrow(
      /has NOT NULL column without a default \(name\)/,
    );
    const folder = catalog.foreignKeys.find(
      (f) => f.table.schema === fk.table.schema && f.name === 'folder_parent_id_fkey',
    )!;
    expect(() => orphanRepairSql(catalog, folder, 'delete')).toThrow(
      /cascades through folder_parent_id_fkey back into .*folder/,
    );
    // set-null works there: the subtree keeps its rows.
    await repairAndCheck(catalog, folder, 'set-null');
  });
});

describe('backup table names', () => {
  it('are derived from the constraint, and at most 63 bytes on a character boundary', () => {
    expect(backupTableName('orders_fk')).toBe('fkdoctor_orphans_orders_fk');
    const long = `${'é'.repeat(40)}`;
    const a = backupTableName(long);
    const b = backupTableName(`${long}x`);
    expect(new TextEncoder().encode(a).length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(a).toBe(backupTableName(long));
    expect(a).toMatch(/^fkdoctor_orphans_é+_[0-9a-f]{8}$/);
  });
});
