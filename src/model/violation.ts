// A foreign-key violation as the server reported it, in one typed shape whatever the input was
// (psql output, a log line, a driver error object, a translated message).

export type ViolationKind =
  /** A child row points at a parent key that does not exist (INSERT/UPDATE of the child). */
  | 'missing-parent'
  /** A parent row is deleted or its key updated while children still point at it (NO ACTION). */
  | 'still-referenced'
  /** As `still-referenced`, but the constraint is ON DELETE/UPDATE RESTRICT (SQLSTATE 23001 on PG 18). */
  | 'restrict'
  /** A MATCH FULL key with some columns null and others not. */
  | 'match-full'
  /** `ALTER TABLE ... DETACH PARTITION` (or DROP) of a partition whose rows are still referenced. */
  | 'partition-detach';

/** Where a piece of the input came from, e.g. `psql`, `csvlog`, `node-postgres`. */
export type InputFormat =
  | 'psql'
  | 'server-log'
  | 'csvlog'
  | 'jsonlog'
  | 'node-postgres'
  | 'postgres.js'
  | 'psycopg'
  | 'jdbc'
  | 'prisma'
  | 'typeorm'
  | 'sequelize'
  | 'drizzle'
  | 'error-object'
  | 'text';

export interface Violation {
  kind: ViolationKind;
  /** `23503` foreign_key_violation, or `23001` restrict_violation (PG 18 RESTRICT). */
  sqlstate: '23503' | '23001';
  /** Constraint name, raw (unquoted); null only when the input does not name it. */
  constraint: string | null;
  /** The referencing (child) table, as the server's error fields give it; null when unknown. */
  table: string | null;
  /** The referencing table's schema when the input says it (verbose psql, error fields). */
  schema: string | null;
  /** The referenced (parent) table as named in the text; null when the text does not say. */
  referencedTable: string | null;
  /**
   * Key columns as printed in the DETAIL line: the referencing columns for `missing-parent`,
   * the referenced columns for the parent-side kinds. Empty when the DETAIL is hidden or absent.
   */
  keyColumns: string[];
  /** Key values as text, `null` for SQL NULL as the server prints it. Empty when hidden. */
  keyValues: string[];
  /**
   * Other ways to split `keyValues` when a composite key's values contain `, ` so the text alone
   * cannot tell where one value ends (resolved with the catalog or the live database).
   */
  keyAlternatives: string[][];
  /** True when the server withheld the key (no SELECT privilege, RLS) or printed no DETAIL. */
  keyHidden: boolean;
  /** Language of the message: `en`, `de`, `fr`, ... */
  language: string;
  /** The primary message and DETAIL, verbatim (the message may span lines). */
  message: string;
  detail: string | null;
  /** The failing statement when the input carries it (STATEMENT line, query field). */
  statement: string | null;
  /** `file:line` when psql ran a script with -f and said where. */
  scriptLocation: string | null;
  format: InputFormat;
  /** How many FK violations the input holds in all (this object describes the first). */
  occurrences: number;
  /** Caveats about the reading: ambiguity, guesses where the text did not say. */
  notes: string[];
}
