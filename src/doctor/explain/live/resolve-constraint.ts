// Finds the violated constraint in the catalog. Constraint names are unique per table, not per
// schema or database, so the table, schema and referenced table the text gives narrow it down;
// a partition's clone of a constraint carries the same name as its partitioned parent's.

import type { Catalog, ForeignKey } from '../../../model/catalog.js';
import type { Violation } from '../../../model/violation.js';

export interface ConstraintResolution {
  foreignKey: ForeignKey | null;
  /** Every constraint that fits what the input says (more than one: ambiguous). */
  candidates: ForeignKey[];
}

export function resolveConstraint(catalog: Catalog, violation: Violation): ConstraintResolution {
  if (!violation.constraint) return { foreignKey: null, candidates: [] };
  let candidates = catalog.foreignKeys.filter((fk) => fk.name === violation.constraint);
  const narrow = (keep: (fk: ForeignKey) => boolean) => {
    const kept = candidates.filter(keep);
    if (kept.length > 0) candidates = kept;
  };
  if (violation.table) narrow((fk) => fk.table.name === violation.table);
  if (violation.schema) narrow((fk) => fk.table.schema === violation.schema);
  if (violation.referencedTable && violation.kind !== 'partition-detach') {
    narrow((fk) => fk.referencedTable.name === violation.referencedTable);
  }
  // The error names the table that fired the check; prefer the constraint a user declared.
  narrow((fk) => fk.parentConstraint === null || fk.table.name === violation.table);
  narrow((fk) => fk.table.schema === 'public');
  return {
    foreignKey: candidates.length === 1 ? candidates[0]! : (candidates[0] ?? null),
    candidates,
  };
}
