// fkdoctor drift: the foreign keys of database B compared with those of database A (the
// reference): what B lacks, has extra or has otherwise, as findings whose fixes make B match A.
// Pure: two catalogs in, findings out.

import type { Catalog, ForeignKey, QualifiedName, Table } from '../../model/catalog.js';
import { type Finding, rankFindings } from '../../model/finding.js';
import { type DriftLabels, defaultLabels } from './drift-labels.js';
import { differentFinding, extraFinding, missingFinding, renamedFinding } from './fk-drift.js';
import { type ComparedForeignKey, indexDriftFindings } from './index-drift.js';
import { matchForeignKeys } from './match-foreign-keys.js';
import { type OneSidedTable, tableFinding } from './table-drift.js';

export interface CompareOptions {
  /** Only the tables (and the FKs held by tables) of these schemas; all when absent or empty. */
  schemas?: readonly string[];
  /** What to call the two databases in messages (default `A` and `B`). */
  labels?: Partial<DriftLabels>;
}

/**
 * Compares A's and B's FKs: matched by what they check (table, columns, referenced table and
 * columns), not by name; partition copies are compared through the FK they copy. Findings are
 * ranked (rankFindings); every `fix` is SQL to run on B.
 */
export function compareForeignKeys(
  a: Catalog,
  b: Catalog,
  options: CompareOptions = {},
): Finding[] {
  const labels = { ...defaultLabels, ...options.labels };
  const schemas = options.schemas && options.schemas.length > 0 ? options.schemas : null;
  const inScope = (name: QualifiedName) => schemas === null || schemas.includes(name.schema);
  const topLevel = (catalog: Catalog) =>
    catalog.foreignKeys.filter((fk) => fk.parentConstraint === null && inScope(fk.table));

  const { pairs, missing, extra } = matchForeignKeys(topLevel(a), topLevel(b));
  const oneSided = new Map<string, OneSidedTable>();
  const addOneSided = (table: Table, side: 'a' | 'b') =>
    oneSided.set(keyOf(table), { table, side, foreignKeys: [] });
  for (const table of a.tables) if (inScope(table) && !has(b, table)) addOneSided(table, 'a');
  for (const table of b.tables) if (inScope(table) && !has(a, table)) addOneSided(table, 'b');

  /** Files an FK under its table's (or else its referenced table's) one-sided finding. */
  const fold = (fk: ForeignKey, side: 'a' | 'b'): boolean => {
    for (const name of [fk.table, fk.referencedTable]) {
      const entry = oneSided.get(keyOf(name));
      if (entry && entry.side === side) {
        entry.foreignKeys.push(fk);
        return true;
      }
    }
    return false;
  };

  const findings: Finding[] = [];
  const compared: ComparedForeignKey[] = [];
  for (const fk of missing) {
    compared.push({ fk, names: [fk.name] });
    if (!fold(fk, 'a')) findings.push(missingFinding(b, fk, labels));
  }
  for (const fk of extra) {
    compared.push({ fk, names: [fk.name] });
    if (!fold(fk, 'b')) findings.push(extraFinding(fk, labels));
  }
  for (const pair of pairs) {
    compared.push({ fk: pair.a, names: [...new Set([pair.a.name, pair.b.name])] });
    const different = differentFinding(pair, b, labels);
    if (different) findings.push(different);
    const renamed = renamedFinding(pair, b, labels);
    if (renamed) findings.push(renamed);
  }
  for (const entry of oneSided.values()) {
    findings.push(tableFinding(entry, entry.side === 'a' ? a : b, labels));
  }
  findings.push(...indexDriftFindings(a, b, compared, labels));
  return rankFindings(findings);
}

function has(catalog: Catalog, name: QualifiedName): boolean {
  return catalog.tables.some((t) => t.schema === name.schema && t.name === name.name);
}

function keyOf(name: QualifiedName): string {
  return JSON.stringify([name.schema, name.name]);
}
