// readCatalog on a real sample schema (pagila, under /work/shared/reference): known facts, and
// the same catalog on PGlite and on every server.

import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCatalog } from '../../src/engine/introspect.js';
import type { Catalog } from '../../src/model/catalog.js';
import { engineSubjects } from '../support/engines.js';
import { PAGILA } from '../support/pagila.js';

const subjects = engineSubjects();
const catalogs = new Map<string, Catalog>();

beforeAll(async () => {
  // A plain pg_dump: no psql meta-commands, only objects owned by `postgres`, which exists on
  // every test server and is PGlite's user, so it loads as is.
  const sql = await readFile(PAGILA, 'utf8');
  for (const subject of subjects) {
    const { engine, close } = await subject.open();
    try {
      await engine.exec(sql);
      catalogs.set(subject.label, await readCatalog(engine));
    } finally {
      await close();
    }
  }
});

describe.each(subjects.map((s) => s.label))('pagila on %s', (label) => {
  let catalog: Catalog;
  beforeAll(() => {
    catalog = catalogs.get(label)!;
  });

  it('has its 36 foreign keys, none of them cloned', () => {
    expect(catalog.foreignKeys).toHaveLength(36);
    expect(catalog.foreignKeys.every((fk) => fk.parentConstraint === null)).toBe(true);
    expect(
      catalog.foreignKeys.every((fk) => fk.validated && fk.enforced && fk.triggersEnabled),
    ).toBe(true);
  });

  it('has payment partitioned by month, with FKs declared on six partitions', () => {
    const months = ['01', '02', '03', '04', '05', '06', '07'].map((m) => `payment_p2022_${m}`);
    const payment = catalog.tables.find((t) => t.name === 'payment')!;
    expect(payment.kind).toBe('partitioned-table');
    expect(payment.partitions).toEqual(months.map((name) => ({ schema: 'public', name })));
    expect(payment.foreignKeys).toEqual([]);
    for (const name of months) {
      const partition = catalog.tables.find((t) => t.name === name)!;
      expect(partition.partitionOf).toEqual({ schema: 'public', name: 'payment' });
      const expected =
        name === 'payment_p2022_07'
          ? []
          : [`${name}_customer_id_fkey`, `${name}_rental_id_fkey`, `${name}_staff_id_fkey`];
      expect(partition.foreignKeys.map((fk) => fk.name)).toEqual(expected);
    }
  });

  it('reads rental → inventory', () => {
    const fk = catalog.foreignKeys.find((f) => f.name === 'rental_inventory_id_fkey')!;
    expect(fk).toMatchObject({
      table: { schema: 'public', name: 'rental' },
      columns: ['inventory_id'],
      referencedTable: { schema: 'public', name: 'inventory' },
      referencedColumns: ['inventory_id'],
      onUpdate: 'cascade',
      onDelete: 'restrict',
      definition:
        'FOREIGN KEY (inventory_id) REFERENCES public.inventory(inventory_id) ON UPDATE CASCADE ON DELETE RESTRICT',
    });
  });

  it('reads domain and enum column types schema-qualified', () => {
    const film = catalog.tables.find((t) => t.name === 'film')!;
    const column = (name: string) => film.columns.find((c) => c.name === name)!;
    expect(column('rating')).toMatchObject({
      type: 'public.mpaa_rating',
      typeName: 'public.mpaa_rating',
    });
    expect(column('release_year')).toMatchObject({ type: 'public.year', typeName: 'public.year' });
    expect(column('film_id').default).toBe("nextval('public.film_film_id_seq'::regclass)");
  });
});

describe('pagila across servers', () => {
  it('reads the same catalog everywhere (server version aside)', () => {
    const strip = ({ serverVersion, serverVersionNum, ...rest }: Catalog) => rest;
    const reference = strip(catalogs.get('pglite')!);
    for (const subject of subjects.filter((s) => s.server)) {
      expect(strip(catalogs.get(subject.label)!), subject.label).toEqual(reference);
    }
  });
});
