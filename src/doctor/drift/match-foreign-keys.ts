// Which foreign key of database A is which of database B. Names are not identity: the server
// names FKs `orders_customer_id_fkey`, `orders_customer_id_fkey1`, ... in the order they were
// made, so two environments built by different migration histories name the same FK
// differently. An FK is what it checks (fk-identity.ts).

import type { ForeignKey } from '../../model/catalog.js';
import { countDifferences } from './fk-differences.js';
import { foreignKeyIdentity } from './fk-identity.js';

export interface FkPair {
  a: ForeignKey;
  b: ForeignKey;
  /** False when only the table and name agree: B's FK of that name checks something else. */
  sameReference: boolean;
}

export interface FkMatching {
  pairs: FkPair[];
  /** In A only. */
  missing: ForeignKey[];
  /** In B only. */
  extra: ForeignKey[];
}

/**
 * Pairs A's FKs with B's: same identity and same name first, then same identity (the closest
 * first, then by name), and last what is left with the same table and name (B's FK of that
 * name references something else). FKs are top-level ones (not partition clones).
 */
export function matchForeignKeys(a: readonly ForeignKey[], b: readonly ForeignKey[]): FkMatching {
  const pairs: FkPair[] = [];
  const leftA = new Set(a);
  const leftB = new Set(b);
  const take = (x: ForeignKey, y: ForeignKey, sameReference: boolean) => {
    pairs.push({ a: x, b: y, sameReference });
    leftA.delete(x);
    leftB.delete(y);
  };

  const byIdentity = new Map<string, ForeignKey[]>();
  for (const fk of b) {
    const key = foreignKeyIdentity(fk);
    byIdentity.set(key, [...(byIdentity.get(key) ?? []), fk]);
  }
  // Same identity, same name.
  for (const fk of a) {
    const twin = byIdentity.get(foreignKeyIdentity(fk))?.find((y) => y.name === fk.name);
    if (twin && leftB.has(twin)) take(fk, twin, true);
  }
  // Same identity, another name: the closest candidate, ties broken by name.
  for (const fk of [...leftA]) {
    const candidates = (byIdentity.get(foreignKeyIdentity(fk)) ?? []).filter((y) => leftB.has(y));
    const best = candidates.sort(
      (x, y) => countDifferences(fk, x) - countDifferences(fk, y) || compare(x.name, y.name),
    )[0];
    if (best) take(fk, best, true);
  }
  // Same table and name, another reference.
  for (const fk of [...leftA]) {
    const namesake = [...leftB].find(
      (y) =>
        y.name === fk.name && y.table.schema === fk.table.schema && y.table.name === fk.table.name,
    );
    if (namesake) take(fk, namesake, false);
  }
  return { pairs, missing: [...leftA], extra: [...leftB] };
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
