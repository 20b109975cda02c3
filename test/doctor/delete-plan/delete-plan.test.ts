// planDelete on PGlite and every test server (shop.sql): the tree with its counts and actions,
// the verdict, and proof against the server itself: the real DELETE (rolled back) changes
// exactly the rows the plan counts, and the script (both forms) leaves the same contents.

import { describe, expect, it } from 'vitest';
import type { DeletePlan } from '../../../src/doctor/delete-plan/delete-plan.js';
import {
  deleteCteStatement,
  deleteStatements,
} from '../../../src/doctor/delete-plan/delete-script.js';
import { planDelete } from '../../../src/doctor/delete-plan/plan-delete.js';
import { applyDelete, verifyDelete } from '../../../src/doctor/delete-plan/run-delete.js';
import type { Engine } from '../../../src/engine/engine.js';
import { readCatalog } from '../../../src/engine/introspect.js';
import { type Catalog, qualifiedKey } from '../../../src/model/catalog.js';
import { engineSubjects, openForSuite } from '../../support/engines.js';
import { changesOf, shopSql } from './support.js';

const shop = await shopSql();

/** The plan's totals in the shape changesOf reports. */
function planned(plan: DeletePlan): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const t of plan.totals) if (t.deleted || t.updated) out[t.table] = [t.deleted, t.updated];
  return out;
}

/**
 * changesOf counts a partitioned table's rows in its partitions; the plan counts them through
 * the table it names (the partitioned table, or the partition itself when it is the target).
 */
function asPlanned(
  changes: Record<string, [number, number]>,
  plan: DeletePlan,
  catalog: Catalog,
): Record<string, [number, number]> {
  const named = new Set(plan.totals.map((t) => t.table));
  const byKey = new Map(catalog.tables.map((t) => [qualifiedKey(t), t]));
  const out: Record<string, [number, number]> = {};
  for (const [table, counts] of Object.entries(changes)) {
    let key = table;
    for (let up = byKey.get(key)?.partitionOf; up && !named.has(key); ) {
      key = qualifiedKey(up);
      up = byKey.get(key)?.partitionOf;
    }
    const sum = out[key] ?? [0, 0];
    out[key] = [sum[0] + counts[0], sum[1] + counts[1]];
  }
  return out;
}

const hopsOf = (plan: DeletePlan) =>
  plan.hops.map((h) => [h.depth, h.table, h.constraint, h.effect, h.rows]);

describe.each(engineSubjects().map((s) => [s.label, s] as const))(
  'planDelete on %s',
  (_, subject) => {
    let engine: Engine;
    let catalog: Catalog;
    openForSuite(subject, shop, (e) => {
      engine = e;
    });
    const plan = async (table: string, key: Record<string, string>) => {
      catalog ??= await readCatalog(engine);
      return planDelete(engine, catalog, table, key);
    };

    /** The plan's counts equal what the server's DELETE does, and the scripts do the same. */
    const provenAgainstServer = async (p: DeletePlan) => {
      const server = await changesOf(engine, catalog, [p.deleteSql]);
      expect(planned(p)).toEqual(asPlanned(server.byTable, p, catalog));
      const script = await changesOf(engine, catalog, deleteStatements(p));
      expect(script.after).toEqual(server.after);
      const cte = await changesOf(engine, catalog, [deleteCteStatement(p)]);
      expect(cte.after).toEqual(server.after);
      const verified = await verifyDelete(engine, p);
      expect(verified).toMatchObject({ committed: false, error: null, matchesPlan: true });
    };

    it('follows CASCADE chains, SET NULL (column lists), partitions and odd names', async () => {
      const p = await plan('customer', { id: '1' });
      expect(p).toMatchObject({
        table: 'public.customer',
        keyKind: 'primary-key',
        matchedRows: 1,
        succeeds: true,
        blockers: [],
        truncated: false,
      });
      expect(hopsOf(p)).toEqual([
        [1, 'public.address', 'address_tenant_customer_id_fkey', 'set-null', 1],
        [1, 'public.customer', 'customer_referred_by_fkey', 'set-null', 1],
        [1, 'public.event', 'event_customer_id_fkey', 'delete', 2],
        [1, 'public.orders', 'orders_customer_id_fkey', 'delete', 2],
        [2, 'Odd "Schema".Order Items', 'Order Items_Order Id_fkey', 'delete', 2],
        [2, 'public.gift_card', 'gift_card_order_id_fkey', 'block', 0],
        [2, 'public.order_line', 'order_line_order_id_fkey', 'delete', 3],
        [2, 'public.payment', 'payment_order_id_fkey', 'block', 0],
        [3, 'Odd "Schema".Café', 'Café_It"em_fkey', 'set-null', 2],
        [3, 'public.shipment_item', 'shipment_item_order_id_line_no_fkey', 'delete', 3],
      ]);
      const address = p.hops.find((h) => h.table === 'public.address')!;
      expect(address.setColumns).toEqual(['customer_id']);
      const shipment = p.hops.find((h) => h.table === 'public.shipment_item')!;
      expect(shipment).toMatchObject({ unindexed: true, index: null });
      expect(p.hops.find((h) => h.table === 'public.event')).toMatchObject({ unindexed: false });
      expect(p.hops.filter((h) => h.unindexed).map((h) => h.table)).toEqual([
        'public.shipment_item',
      ]);
      // One lookup per deleted order_line row.
      expect(p.unindexedLookups).toEqual([
        expect.objectContaining({
          table: 'public.shipment_item',
          constraint: 'shipment_item_order_id_line_no_fkey',
          scans: 3,
        }),
      ]);
      expect(planned(p)).toEqual({
        'public.customer': [1, 1],
        'public.address': [0, 1],
        'public.event': [2, 0],
        'public.orders': [2, 0],
        'Odd "Schema".Order Items': [2, 0],
        'public.order_line': [3, 0],
        'Odd "Schema".Café': [0, 2],
        'public.shipment_item': [3, 0],
      });
      expect(p.steps.map((s) => [s.kind, s.table, s.rows])).toEqual([
        ['update', 'public.address', 1],
        ['update', 'public.customer', 1],
        ['update', 'Odd "Schema".Café', 2],
        ['delete', 'public.shipment_item', 3],
        ['delete', 'Odd "Schema".Order Items', 2],
        ['delete', 'public.order_line', 3],
        ['delete', 'public.event', 2],
        ['delete', 'public.orders', 2],
        ['delete', 'public.customer', 1],
      ]);
      await provenAgainstServer(p);
    });

    it('marks RESTRICT rows as blocking, and the server agrees', async () => {
      const p = await plan('public.customer', { id: '4' });
      expect(p.succeeds).toBe(false);
      expect(p.blockers).toEqual([
        expect.objectContaining({
          table: 'public.payment',
          rows: 1,
          reason: 'restrict',
          failsAt: 'statement',
        }),
      ]);
      const verified = await verifyDelete(engine, p);
      expect(verified.error?.code).toMatch(/^(23503|23001)$/);
      expect(verified).toMatchObject({ committed: false, matchesPlan: true });
    });

    it('marks a deferred NO ACTION as failing at COMMIT', async () => {
      const p = await plan('customer', { id: '2' });
      expect(p.blockers).toEqual([
        expect.objectContaining({
          table: 'public.gift_card',
          rows: 1,
          reason: 'no-action',
          failsAt: 'commit',
        }),
      ]);
      expect(p.notes.join('\n')).toContain('INITIALLY DEFERRED');
      const verified = await verifyDelete(engine, p);
      expect(verified.error?.code).toBe('23503');
    });

    it('counts the whole subtree of a self-referencing CASCADE', async () => {
      const p = await plan('category', { id: '1' });
      expect(p).toMatchObject({
        succeeds: true,
        subtreeRows: 4,
        subtreeConstraints: ['category_parent_id_fkey'],
      });
      expect(hopsOf(p)).toEqual([[1, 'public.product', 'product_category_id_fkey', 'set-null', 2]]);
      expect(planned(p)).toEqual({ 'public.category': [5, 0], 'public.product': [0, 2] });
      await provenAgainstServer(p);
    });

    it('counts the lookups of a self-referencing CASCADE with no index', async () => {
      const p = await plan('folder', { id: '1' });
      expect(p).toMatchObject({ subtreeRows: 2, hops: [] });
      expect(p.unindexedLookups).toEqual([
        expect.objectContaining({
          table: 'public.folder',
          constraint: 'folder_parent_id_fkey',
          scans: 3,
        }),
      ]);
      await provenAgainstServer(p);
    });

    it('follows a cycle of CASCADEs until no new rows come', async () => {
      const p = await plan('team', { id: '1' });
      expect(hopsOf(p)).toEqual([
        [1, 'public.member', 'member_team_id_fkey', 'delete', 2],
        [2, 'public.team', 'team_lead_id_fkey', 'delete', 1],
        [3, 'public.member', 'member_team_id_fkey', 'delete', 1],
        [4, 'public.team', 'team_lead_id_fkey', 'delete', 1],
        [5, 'public.member', 'member_team_id_fkey', 'delete', 1],
        [6, 'public.team', 'team_lead_id_fkey', 'delete', 0],
      ]);
      expect(p.hops.slice(1).every((h) => h.cycle)).toBe(true);
      expect(planned(p)).toEqual({ 'public.team': [3, 0], 'public.member': [4, 0] });
      await provenAgainstServer(p);
    });

    it('says when the depth limit cut the walk short', async () => {
      catalog ??= await readCatalog(engine);
      const p = await planDelete(engine, catalog, 'team', { id: '1' }, { maxDepth: 2 });
      expect(hopsOf(p)).toEqual([
        [1, 'public.member', 'member_team_id_fkey', 'delete', 2],
        [2, 'public.team', 'team_lead_id_fkey', 'delete', 1],
      ]);
      expect(p).toMatchObject({ truncated: true, succeeds: true });
      expect(p.hops[1]!.truncated).toBe(true);
      // The script's last DELETE lets the server do the rest: same end state.
      const server = await changesOf(engine, catalog, [p.deleteSql]);
      const script = await changesOf(engine, catalog, deleteStatements(p));
      expect(script.after).toEqual(server.after);
    });

    it('deletes from a partitioned table, or from one partition', async () => {
      const all = await plan('invoice', { id: '1' });
      expect(all).toMatchObject({ keyKind: 'columns', matchedRows: 2 });
      expect(hopsOf(all)).toEqual([
        [1, 'public.invoice_line', 'invoice_line_invoice_id_invoice_at_fkey', 'delete', 2],
      ]);
      await provenAgainstServer(all);
      const one = await plan('invoice_2026', { id: '1' });
      expect(one).toMatchObject({ table: 'public.invoice_2026', matchedRows: 1 });
      expect(hopsOf(one)).toEqual([
        [1, 'public.invoice_line', 'invoice_line_invoice_id_invoice_at_fkey', 'delete', 1],
      ]);
      await provenAgainstServer(one);
    });

    it('knows when the server checks a RESTRICT before a CASCADE removes the row', async () => {
      // club 3: the ticket goes in round 1, before the check in round 2: it succeeds.
      const inTime = await plan('club', { id: '3' });
      expect(inTime).toMatchObject({ succeeds: true, scriptRuns: true, blockers: [] });
      expect(inTime.hops.find((h) => h.constraint === 'ticket_event_id_fkey')).toMatchObject({
        rows: 0,
        alsoDeleted: 1,
        deletedTooLate: 0,
        deletedSameRound: 0,
      });
      await provenAgainstServer(inTime);

      // club 2: the ticket goes in round 3, after the check: the DELETE fails, the script runs.
      const late = await plan('club', { id: '2' });
      expect(late).toMatchObject({ succeeds: false, scriptRuns: true });
      expect(late.blockers).toEqual([
        expect.objectContaining({ table: 'public.ticket', rows: 1, kind: 'deleted-later' }),
      ]);
      const refused = await verifyDelete(engine, late);
      expect(refused.error?.code).toMatch(/^(23503|23001)$/);
      expect(refused.matchesPlan).toBe(true);
      const script = await changesOf(engine, catalog, deleteStatements(late));
      expect(script.byTable).toEqual(planned(late));
      const cte = await changesOf(engine, catalog, [deleteCteStatement(late)]);
      expect(cte.after).toEqual(script.after);

      // club 1: the ticket goes in round 2, the check's round: the trigger order decides.
      const same = await plan('club', { id: '1' });
      expect(same).toMatchObject({ succeeds: false, scriptRuns: true });
      expect(same.blockers).toEqual([
        expect.objectContaining({ table: 'public.ticket', rows: 1, kind: 'order-dependent' }),
      ]);
      expect((await verifyDelete(engine, same)).matchesPlan).toBe(true);
      const sameScript = await changesOf(engine, catalog, deleteStatements(same));
      expect(sameScript.byTable).toEqual(planned(same));
    });

    it('knows a SET NULL on a NOT NULL column runs before a later CASCADE', async () => {
      const p = await plan('club', { id: '4' });
      expect(p).toMatchObject({ succeeds: false, scriptRuns: true });
      expect(p.blockers).toEqual([
        expect.objectContaining({
          table: 'public.event_memo',
          reason: 'not-null',
          rows: 1,
          kind: 'deleted-later',
        }),
      ]);
      const refused = await verifyDelete(engine, p);
      expect(refused.error?.code).toBe('23502');
      expect(refused.matchesPlan).toBe(true);
      const script = await changesOf(engine, catalog, deleteStatements(p));
      expect(script.byTable).toEqual(planned(p));
    });

    it('covers every row a non-unique key matches', async () => {
      const p = await plan('order_line', { line_no: '1' });
      expect(p).toMatchObject({ keyKind: 'columns', matchedRows: 4, succeeds: true });
      await provenAgainstServer(p);
    });

    it('takes quoted and schema-qualified names, and typed values', async () => {
      const p = await plan('"Odd ""Schema"""."Order Items"', { '"Mixed Case"': '1' });
      expect(p).toMatchObject({ table: 'Odd "Schema".Order Items', matchedRows: 1 });
      expect(p.deleteSql).toBe(
        `DELETE FROM "Odd ""Schema"""."Order Items" WHERE "Mixed Case" = '1'::integer`,
      );
      await provenAgainstServer(p);
    });

    it('is a clean control: nothing references the row', async () => {
      const p = await plan('customer', { email: 'cy@example.com' });
      expect(p).toMatchObject({ keyKind: 'unique-key', succeeds: true, blockers: [] });
      expect(p.hops.every((h) => h.rows === 0)).toBe(true);
      expect(planned(p)).toEqual({ 'public.customer': [1, 0] });
      await provenAgainstServer(p);
    });

    it('blocks on SET NULL of a NOT NULL column, as the server does', async () => {
      const p = await plan('product', { id: '103' });
      expect(p.blockers).toEqual([
        expect.objectContaining({ table: 'public.product_note', rows: 1, reason: 'not-null' }),
      ]);
      const verified = await verifyDelete(engine, p);
      expect(verified.error?.code).toBe('23502');
      expect(verified.matchesPlan).toBe(true);
    });

    it('sets the default with SET DEFAULT, and says the default needs a parent row', async () => {
      const p = await plan('product', { id: '104' });
      expect(p).toMatchObject({ succeeds: true });
      expect(hopsOf(p)).toContainEqual([
        1,
        'public.product_tag',
        'product_tag_product_id_fkey',
        'set-default',
        2,
      ]);
      expect(p.steps[0]!.sql).toMatch(
        /^UPDATE public\.product_tag AS t SET product_id = DEFAULT WHERE /,
      );
      expect(p.notes.join('\n')).toContain('to the column default');
      await provenAgainstServer(p);
    });

    it('leaves out FKs whose ON DELETE triggers are disabled, and NOT ENFORCED ones (PG 18)', async () => {
      // loose: the referenced side's triggers are off, so it neither blocks nor cascades.
      // child_only: only the referencing side's checks are off; its CASCADE still runs.
      await engine.exec(`
        CREATE TABLE loose (id int, customer_id int REFERENCES customer ON DELETE RESTRICT);
        INSERT INTO loose VALUES (1, 3);
        CREATE TABLE child_only (id int, customer_id int REFERENCES customer ON DELETE CASCADE);
        INSERT INTO child_only VALUES (1, 3);
        ALTER TABLE child_only DISABLE TRIGGER ALL;
        DO $$ DECLARE name text; BEGIN
          FOR name IN SELECT t.tgname FROM pg_trigger t JOIN pg_constraint k ON k.oid = t.tgconstraint
                      WHERE k.conname = 'loose_customer_id_fkey' AND t.tgrelid = 'customer'::regclass
          LOOP EXECUTE format('ALTER TABLE customer DISABLE TRIGGER %I', name); END LOOP;
        END $$;`);
      catalog ??= await readCatalog(engine);
      const enforcedOff = catalog.serverVersionNum >= 180000;
      if (enforcedOff) {
        await engine.exec(`
          CREATE TABLE legacy (customer_id int,
            FOREIGN KEY (customer_id) REFERENCES customer ON DELETE RESTRICT NOT ENFORCED);
          INSERT INTO legacy VALUES (3);`);
      }
      try {
        catalog = await readCatalog(engine);
        const p = await plan('customer', { id: '3' });
        expect(p.succeeds).toBe(true);
        expect(p.ignored.map((i) => [i.table, i.reason])).toEqual([
          ['public.loose', 'triggers-disabled'],
          ...(enforcedOff ? [['public.legacy', 'not-enforced']] : []),
        ]);
        expect(planned(p)).toEqual({ 'public.customer': [1, 0], 'public.child_only': [1, 0] });
        await provenAgainstServer(p);
      } finally {
        await engine.exec('DROP TABLE loose, child_only; DROP TABLE IF EXISTS legacy;');
        catalog = await readCatalog(engine);
      }
    });

    it('refuses unknown tables and columns, bad values and missing rows', async () => {
      await expect(plan('customers', { id: '1' })).rejects.toMatchObject({ kind: 'table' });
      await expect(plan('customer', { idd: '1' })).rejects.toMatchObject({ kind: 'column' });
      await expect(plan('customer', { id: 'one' })).rejects.toMatchObject({
        kind: 'value',
        message: expect.stringContaining('invalid input syntax for type integer: "one"'),
      });
      await expect(plan('customer', { id: '99' })).rejects.toMatchObject({ kind: 'no-rows' });
    });

    it('applies: commits exactly the planned rows', async () => {
      const p = await plan('category', { id: '6' });
      const applied = await applyDelete(engine, p);
      expect(applied).toMatchObject({ committed: true, error: null, matchesPlan: true });
      const left = await engine.query<{ id: number }>(
        'SELECT id FROM category WHERE id IN (6, 7) UNION ALL SELECT id FROM product WHERE id = 102 AND category_id IS NOT NULL',
      );
      expect(left.rows).toEqual([]);
    });

    it('applies nothing when the rows changed since the plan', async () => {
      const p = await plan('team', { id: '4' });
      await engine.exec('INSERT INTO member VALUES (6, 4)');
      const applied = await applyDelete(engine, p);
      expect(applied).toMatchObject({ committed: false, matchesPlan: false });
      expect(applied.totals.find((t) => t.table === 'public.member')?.deleted).toBe(2);
      const team = await engine.query('SELECT 1 FROM team WHERE id = 4');
      expect(team.rows).toHaveLength(1);
      expect(() => applyDelete(engine, { ...p, scriptRuns: false })).toThrow(/fails/);
    });
  },
);
