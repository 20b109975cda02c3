// One orphan scan per foreign key per audit: fk-orphans and fk-not-validated both need the
// count of a NOT VALID constraint, and on a big table that scan is the audit's cost.

import type { ForeignKey } from '../../model/catalog.js';
import { countOrphans, type OrphanCount } from '../orphans/count-orphans.js';
import type { AuditContext } from './check.js';

const scans = new WeakMap<AuditContext, Map<ForeignKey, Promise<OrphanCount>>>();

/** countOrphans with the audit's sample size and signal, run once per (audit, FK). */
export function orphanCountOf(context: AuditContext, fk: ForeignKey): Promise<OrphanCount> {
  const done = scans.get(context) ?? new Map<ForeignKey, Promise<OrphanCount>>();
  scans.set(context, done);
  let scan = done.get(fk);
  if (!scan) {
    scan = countOrphans(context.engine, context.catalog, fk, {
      sampleSize: context.sampleSize,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    done.set(fk, scan);
  }
  return scan;
}
