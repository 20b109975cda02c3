// Which foreign keys `fkdoctor orphans` counts: every constraint once (the copies PostgreSQL
// makes on each partition are folded into the one on the partitioned table, as the FK graph
// does), or those of `--table T` (a partition's own copies when T is a partition), or the one
// named `--constraint C`. NOT ENFORCED constraints (PG 18) allow orphans by design: they are
// skipped unless named with --constraint.

import {
  type Catalog,
  declaredForeignKeys,
  type ForeignKey,
  sameName,
} from '../../model/catalog.js';
import { quoteQualified } from '../../sql/quote.js';
import { findTableNamed } from '../graph/table-name.js';

/** A `--table` or `--constraint` that names nothing: bad input. */
export class OrphanSelectionError extends Error {
  override readonly name = 'OrphanSelectionError';
}

export interface OrphanSelection {
  foreignKeys: ForeignKey[];
  skipped: { fk: ForeignKey; reason: 'not-enforced' }[];
}

export function selectForeignKeys(
  catalog: Catalog,
  options: { table?: string; constraint?: string } = {},
): OrphanSelection {
  let candidates: ForeignKey[];
  if (options.table !== undefined) {
    let table: ReturnType<typeof findTableNamed>;
    try {
      table = findTableNamed(catalog.tables, options.table);
    } catch (error) {
      throw new OrphanSelectionError(
        (error as Error).message.replace('among the tables shown', 'in the database'),
      );
    }
    candidates = catalog.foreignKeys.filter((fk) => sameName(fk.table, table));
  } else {
    candidates = declaredForeignKeys(catalog);
  }
  if (options.constraint !== undefined) {
    const named = candidates.filter((fk) => fk.name === options.constraint);
    if (named.length === 0) {
      const where =
        options.table === undefined
          ? ''
          : ` on ${quoteQualified(findTableNamed(catalog.tables, options.table))}`;
      const near = candidates
        .filter((fk) => fk.name.toLowerCase() === options.constraint?.toLowerCase())
        .map((fk) => fk.name);
      throw new OrphanSelectionError(
        `no foreign key named ${JSON.stringify(options.constraint)}${where}${near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : ''}`,
      );
    }
    return { foreignKeys: named, skipped: [] };
  }
  return {
    foreignKeys: candidates.filter((fk) => fk.enforced),
    skipped: candidates.filter((fk) => !fk.enforced).map((fk) => ({ fk, reason: 'not-enforced' })),
  };
}
