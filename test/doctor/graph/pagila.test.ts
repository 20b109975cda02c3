// The graph report of a real schema (pagila, a pg_dump) on PGlite and every test server: levels
// that respect every FK, the pg_dump-stable load order, delete chains, the neighbourhood of one
// table, and the same report everywhere.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildGraphReport, GraphSelectionError } from '../../../src/doctor/graph/graph-report.js';
import { buildFkGraph, loadOrder } from '../../../src/model/fk-graph.js';
import { loadedOnEverySubject, PAGILA } from './load.js';

const { subjects, get } = loadedOnEverySubject(() => readFile(PAGILA, 'utf8'));

describe.each(subjects.map((s) => s.label))('pagila on %s', (label) => {
  it('has every table and FK, no cycle, nothing skipped', () => {
    const { report } = get(label);
    expect(report.schemas).toEqual(['public']);
    expect(report.tables).toHaveLength(22);
    expect(report.edges).toHaveLength(36);
    expect(report.cycles).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(report.focus).toBeNull();
    // One schema shown: labels without it.
    expect(report.tables.find((t) => t.key === 'public.film')?.label).toBe('film');
  });

  it('puts every referenced table on a lower level than the tables referencing it', () => {
    const { report } = get(label);
    const level = new Map(report.tables.map((t) => [t.key, t.level]));
    for (const edge of report.edges) {
      expect(level.get(edge.parent), edge.constraint).toBeLessThan(level.get(edge.child)!);
    }
    expect(level.get('public.country')).toBe(0);
    expect(level.get('public.city')).toBe(1);
    expect(level.get('public.address')).toBe(2);
    expect(level.get('public.rental')).toBe(5);
  });

  it('loads in the pg_dump-stable order of loadOrder, and levels group that order', () => {
    const { report, catalog } = get(label);
    const expected = loadOrder(buildFkGraph(catalog)).flatMap((step) => step.tables);
    const flat = report.loadOrder.flatMap((step) => step.tables);
    expect(flat).toEqual(expected);
    expect(report.tables.map((t) => t.key)).toEqual(expected);
    // Each level lists its tables in load order, and the levels cover every table once.
    const position = new Map(expected.map((key, i) => [key, i]));
    for (const level of report.levels) {
      const places = level.tables.map((key) => position.get(key)!);
      expect(places).toEqual([...places].sort((a, b) => a - b));
    }
    expect(report.levels.flatMap((l) => l.tables).sort()).toEqual([...expected].sort());
    expect(report.levels.map((l) => l.level)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('says a DELETE of a customer is blocked by its rentals and payments', () => {
    const { report } = get(label);
    const chain = report.cascades.find((c) => c.table === 'public.customer')!;
    expect(chain.steps.every((s) => s.effect === 'block' && s.depth === 1)).toBe(true);
    expect(chain.steps.map((s) => [s.label, s.constraint, s.action])).toContainEqual([
      'rental',
      'rental_customer_id_fkey',
      'restrict',
    ]);
    expect(chain.steps.filter((s) => s.table.startsWith('public.payment_p2022_'))).toHaveLength(6);
    // Tables nothing references have no chain.
    expect(report.cascades.find((c) => c.table === 'public.film_actor')).toBeUndefined();
  });

  it('shows the neighbourhood of one table, whole or a hop at a time', () => {
    const { catalog } = get(label);
    const near = buildGraphReport(catalog, { table: 'inventory', depth: 1 });
    expect(near.focus).toEqual({ table: 'public.inventory', depth: 1 });
    expect(near.tables.map((t) => t.name).sort()).toEqual(['film', 'inventory', 'rental', 'store']);
    expect(near.edges.map((e) => e.constraint).sort()).toEqual([
      'inventory_film_id_fkey',
      'inventory_store_id_fkey',
      'rental_inventory_id_fkey',
    ]);
    // FKs leaving the view are listed, not drawn.
    const around = near.skipped.filter((s) => s.reason === 'outside-neighbourhood');
    expect(around.map((s) => s.constraint)).toContain('rental_customer_id_fkey');
    expect(near.cascades.map((c) => c.table)).toEqual(['public.inventory']);

    const all = buildGraphReport(catalog, { table: 'public.inventory' });
    const names = all.tables.map((t) => t.name);
    // Everything inventory needs first, and everything that needs it, with payment above its
    // partitions.
    for (const name of ['country', 'city', 'address', 'store', 'film', 'language', 'rental']) {
      expect(names).toContain(name);
    }
    expect(names).toContain('payment');
    expect(names).not.toContain('actor');
    expect(names).not.toContain('payment_p2022_07');
  });

  it('finds the table as typed in a shell or as SQL, and says so when it cannot', () => {
    const { catalog } = get(label);
    expect(buildGraphReport(catalog, { table: 'RENTAL' }).focus?.table).toBe('public.rental');
    expect(buildGraphReport(catalog, { table: 'public.rental' }).focus?.table).toBe(
      'public.rental',
    );
    expect(() => buildGraphReport(catalog, { table: '"Rental"' })).toThrow(GraphSelectionError);
    expect(() => buildGraphReport(catalog, { table: 'nope' })).toThrow(/no table "nope"/);
    expect(() => buildGraphReport(catalog, { schemas: ['nope'] })).toThrow(
      /no schema nope in the database \(its schemas: public\)/,
    );
    expect(buildGraphReport(catalog, { schemas: ['public'] })).toEqual(get(label).report);
  });
});

describe('pagila across servers', () => {
  it('gives the same report on every server and on PGlite', () => {
    const reference = get('pglite').report;
    for (const subject of subjects.filter((s) => s.server)) {
      expect(get(subject.label).report, subject.label).toEqual(reference);
    }
  });
});
