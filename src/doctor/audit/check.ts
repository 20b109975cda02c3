// What an audit check is: one file per check (like squawk's rules and ESLint's rule modules)
// with its id, default severity, why it matters, how it detects, the fix it proposes, and its
// own examples, which the test suite runs on PGlite and on real servers.

import type { Engine } from '../../engine/engine.js';
import type { Catalog } from '../../model/catalog.js';
import type { Finding, Severity } from '../../model/finding.js';
import type { FkGraph } from '../../model/fk-graph.js';
import type { TableActivity } from './table-activity.js';

export interface AuditContext {
  catalog: Catalog;
  graph: FkGraph;
  /** The database the catalog was read from (PGlite holding a --schema file, or the user's). */
  engine: Engine;
  /** Row counts and write activity per table, by `qualifiedKey`. */
  activity: ReadonlyMap<string, TableActivity>;
  /**
   * False with `--no-rows`: checks that count rows (orphans, rows that would fail VALIDATE)
   * skip the counting and say so; only the catalog is read.
   */
  readRows: boolean;
  /** Samples of keys in a finding have at most this many entries. */
  sampleSize: number;
  signal?: AbortSignal;
}

export interface CheckExample {
  /** What the example shows, for the test's name. */
  name: string;
  /** A schema (and rows, for the checks that read them) to load into an empty database. */
  sql: string;
}

export interface InvalidExample extends CheckExample {
  /** What the findings must say: each entry matches one finding of this check. */
  findings: Array<{ table: string; constraint?: string | null; severity?: Severity }>;
}

export interface Check {
  /** Stable id, used by --only/--skip and the config; `fk-` then the problem. */
  id: string;
  /** The severity findings get unless the check grades them (see `detect`). */
  severity: Severity;
  /** A short title for lists and SARIF rules. */
  title: string;
  /** One paragraph: why this matters and when it is fine. */
  rationale: string;
  /** How it is detected: the catalog facts or the SQL it runs. */
  detection: string;
  /** Whether it reads table rows (skipped or reduced with --no-rows). */
  readsRows: boolean;
  detect(context: AuditContext): Promise<Finding[]>;
  examples: { valid: CheckExample[]; invalid: InvalidExample[] };
}

export { declaredForeignKeys } from '../../model/catalog.js';
