// The drift report: the two databases (what they are called, where they came from) and the
// findings, with their counts by severity; what every drift renderer prints.

import type { Catalog } from '../../model/catalog.js';
import { type Finding, type Severity, severities } from '../../model/finding.js';
import { compareForeignKeys } from './compare-foreign-keys.js';

export interface DriftSideInput {
  catalog: Catalog;
  /** What to call it in messages: `A`, `staging`, ... */
  label: string;
  /** Where it came from, password-free: `PostgreSQL 15.20 at postgres://u@host/db`, a file. */
  source: string;
}

export interface DriftSide {
  label: string;
  source: string;
  serverVersion: string;
  /** Tables and foreign keys compared (partitions counted as tables; FK copies on them not). */
  tables: number;
  foreignKeys: number;
}

export interface DriftReport {
  /** The reference. */
  a: DriftSide;
  /** The database compared with it; every fix is SQL for this one. */
  b: DriftSide;
  /** The schemas compared, or null for all. */
  schemas: string[] | null;
  counts: Record<Severity, number>;
  findings: Finding[];
}

export function buildDriftReport(
  a: DriftSideInput,
  b: DriftSideInput,
  options: { schemas?: readonly string[] } = {},
): DriftReport {
  const schemas = options.schemas && options.schemas.length > 0 ? [...options.schemas] : null;
  const findings = compareForeignKeys(a.catalog, b.catalog, {
    ...(schemas ? { schemas } : {}),
    labels: { a: a.label, b: b.label },
  });
  const side = (input: DriftSideInput): DriftSide => {
    const inScope = (schema: string) => schemas === null || schemas.includes(schema);
    return {
      label: input.label,
      source: input.source,
      serverVersion: input.catalog.serverVersion,
      tables: input.catalog.tables.filter((t) => inScope(t.schema)).length,
      foreignKeys: input.catalog.foreignKeys.filter(
        (fk) => fk.parentConstraint === null && inScope(fk.table.schema),
      ).length,
    };
  };
  const counts = Object.fromEntries(
    severities.map((s) => [s, findings.filter((f) => f.severity === s).length]),
  ) as Record<Severity, number>;
  return { a: side(a), b: side(b), schemas, counts, findings };
}
