// pagila (a pg_dump with a partitioned payment table whose FKs and indexes are declared on each
// partition) on PostgreSQL 18 as A and PostgreSQL 15 as B: no drift between the same dump on
// two versions; a dropped FK, a dropped partition index and a changed FK are found, and the
// fix script removes them.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compareForeignKeys } from '../../../src/doctor/drift/compare-foreign-keys.js';
import { driftFixScript } from '../../../src/doctor/drift/fix-script.js';
import { PAGILA } from '../../support/pagila.js';
import { openPair, rotatedPairs, runScript } from './pair.js';

const pagila = async () => [await readFile(PAGILA, 'utf8')];
const [label, subjectA, subjectB] = rotatedPairs()[1]!;

describe(`pagila (${label})`, () => {
  const same = openPair(subjectA, subjectB, pagila, pagila);
  const planted = openPair(subjectA, subjectB, pagila, async () => [
    ...(await pagila()),
    `ALTER TABLE public.payment_p2022_03 DROP CONSTRAINT payment_p2022_03_customer_id_fkey;
     DROP INDEX public.idx_fk_payment_p2022_04_staff_id;
     ALTER TABLE public.rental ALTER CONSTRAINT rental_customer_id_fkey DEFERRABLE INITIALLY DEFERRED;`,
  ]);

  it('the same dump on two server versions: no drift', () => {
    const { a, b } = same();
    expect(a.catalog.foreignKeys.length).toBeGreaterThan(30);
    expect(compareForeignKeys(a.catalog, b.catalog)).toEqual([]);
  });

  it('finds the planted differences, on the partition they are on, and fixes them', async () => {
    const { a, b } = planted();
    const findings = compareForeignKeys(a.catalog, b.catalog);
    expect(findings.map((f) => [f.check, f.severity, f.table, f.constraint])).toEqual([
      ['drift-missing', 'error', 'public.payment_p2022_03', 'payment_p2022_03_customer_id_fkey'],
      ['drift-different', 'warning', 'public.rental', 'rental_customer_id_fkey'],
      ['drift-index', 'warning', 'public.payment_p2022_04', 'payment_p2022_04_staff_id_fkey'],
    ]);
    expect(findings[2]!.fix).toBe(
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_fk_payment_p2022_04_staff_id ON public.payment_p2022_04 USING btree (staff_id);',
    );
    await runScript(b.engine, driftFixScript(findings));
    expect(compareForeignKeys(a.catalog, await b.reread())).toEqual([]);
  });
});
