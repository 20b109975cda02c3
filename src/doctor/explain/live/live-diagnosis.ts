// What the live database says about a violation (with --db): plain data for the renderers.

import type { FkAction } from '../../../model/catalog.js';
import type { Cause } from '../explanation.js';

export interface NearMiss {
  kind: 'nearest-key' | 'text-variant' | 'other-schema';
  /** `schema.table` holding the near miss. */
  table: string;
  key: string[];
  note: string;
}

export interface ReferencingRows {
  /** `schema.table`. */
  table: string;
  constraint: string;
  /** The action that applies on the way down: what a delete of the parent does here. */
  onDelete: FkAction;
  rows: number;
  /** 1 = references the parent directly; 2 = references a row that cascades from it; ... */
  depth: number;
}

export interface ResolvedConstraint {
  schema: string;
  table: string;
  name: string;
  referencedSchema: string;
  referencedTable: string;
  definition: string;
  deferrable: boolean;
  initiallyDeferred: boolean;
  validated: boolean;
  enforced: boolean;
  triggersEnabled: boolean;
  onDelete: FkAction;
  onUpdate: FkAction;
}

export interface LiveDiagnosis {
  /** Where we looked (connection label, passwords never shown) and its server version. */
  server: string;
  serverVersion: string;
  constraint: ResolvedConstraint | null;
  /** Constraints of that name when the input did not say which (several schemas). */
  candidates: string[];
  /** The key values after resolving an ambiguous split; null when not needed or not possible. */
  keyValues: string[] | null;
  /** Whether the parent row exists now (null for parent-side errors or hidden keys). */
  parentExists: boolean | null;
  nearMisses: NearMiss[];
  /** Column type or collation differences between the referencing and referenced side. */
  mismatches: string[];
  referencingRows: ReferencingRows[];
  /** The facts found, one sentence each, most important first. */
  findings: string[];
  /** Causes to replace or add, with the evidence as `why`. */
  causeUpdates: Cause[];
}
