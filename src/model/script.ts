// A SQL script as fkdoctor check/fix sees it: a sequence of statements with their exact place
// in the source, so that what is not moved can be written back byte for byte.

export type StatementKind =
  /** INSERT (VALUES or SELECT). */
  | 'insert'
  /** COPY ... FROM STDIN with its inline data block. */
  | 'copy'
  | 'update'
  /** DELETE, and TRUNCATE (it removes rows, so what references them matters the same way). */
  | 'delete'
  | 'select'
  /** CREATE/ALTER/DROP/COMMENT/GRANT ... anything that changes the schema or rights. */
  | 'ddl'
  /** SET, RESET, SELECT set_config(...), SET CONSTRAINTS. */
  | 'set'
  /** BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE. */
  | 'transaction'
  /** A psql meta-command line (`\connect`, `\set`, `\restrict`, ...). */
  | 'meta'
  /** DO blocks and CALL: code whose effect cannot be read from the text. */
  | 'procedural'
  | 'other';

/** A span of the source: UTF-16 offsets into the script text, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface CopyData {
  /** The data lines, from the line after the COPY statement to the end of the `\.` line. */
  span: Span;
  /** 1-based line of the first data row. */
  line: number;
  format: 'text' | 'csv';
  /** Column delimiter (tab for text, comma for csv unless DELIMITER says otherwise). */
  delimiter: string;
  /** NULL marker (`\N` for text, empty unquoted for csv unless NULL says otherwise). */
  nullString: string;
  /** CSV HEADER: the first data line is a header. */
  header: boolean;
  /** CSV QUOTE / ESCAPE characters. */
  quote: string;
  escape: string;
  /** DEFAULT marker (PostgreSQL 16+), when the COPY names one. */
  defaultString?: string;
  /** ENCODING, when the COPY names one. */
  encoding?: string;
  /** The `\.` line that ends the data, with its line break; absent when the data ran to the end. */
  terminator?: Span;
  /**
   * CSV only: the `\.` line came while a quoted field opened on this line was still open. psql
   * ends the data there all the same, and the server then rejects the COPY with "unterminated
   * CSV quoted field".
   */
  unterminatedQuoteLine?: number;
}

export interface ScriptStatement {
  /** 0-based position in the script. */
  index: number;
  kind: StatementKind;
  /** The statement itself: first token to its terminating `;` inclusive (or the meta-command line). */
  span: Span;
  /**
   * Comments and blank lines directly before the statement that travel with it when it moves:
   * from the end of the previous statement's line to `span.start`.
   */
  leading: Span;
  /** 1-based lines of the first and last character of `span`. */
  line: number;
  endLine: number;
  /** For `copy`: the inline data block. */
  copyData?: CopyData;
  /** For `meta`: the command name without the backslash, e.g. `connect`, `set`, `restrict`. */
  meta?: string;
  /** The table the statement writes (INSERT/COPY/UPDATE/DELETE target), as written (may be qualified). */
  target?: { schema: string | null; name: string };
  /** TRUNCATE: every table it names (`target` is the first). */
  targets?: { schema: string | null; name: string }[];
  /**
   * The rest of the statement's last line when it holds only blanks and comments, with its line
   * break (a comment there belongs to this statement); empty otherwise.
   */
  tail?: Span;
  /** The input ended before the statement's `;`. psql sends such a last statement all the same. */
  unterminated?: true;
  /**
   * The psql meta-command that ended the statement instead of a `;`: `g`, `gx`, `gset`, `gexec`,
   * `gdesc`, `crosstabview`, `watch`, ... send it; `r` / `reset` throw it away unsent.
   */
  endedBy?: string;
  /**
   * Parts of `span` that psql does not send: meta-command lines inside the statement (each is
   * also a statement of its own, run first) and the backslash of `\;` and `\:`.
   */
  excluded?: Span[];
}
