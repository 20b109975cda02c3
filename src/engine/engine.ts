// The one interface fkdoctor uses to talk to a database, whichever adapter is behind it.

export interface QueryResult<Row> {
  rows: Row[];
  /** Rows affected by INSERT/UPDATE/DELETE, else the number of rows returned. */
  rowCount: number;
}

export interface Engine {
  /** `embedded` is PGlite in-process; `server` is a real PostgreSQL server over node-postgres. */
  readonly kind: 'embedded' | 'server';
  /** What to show the user about where we are connected; passwords are never in it. */
  readonly label: string;
  /** One statement with `$1`-style parameters. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
  /** A script of statements without parameters. */
  exec(sql: string): Promise<void>;
  /**
   * Runs `COPY ... FROM STDIN` with `data` as its input (the data rows only, without psql's `\.`
   * end marker) and returns the number of rows copied. Both adapters have it; it is optional so
   * that a stand-in engine need not.
   */
  copyFrom?(sql: string, data: string | AsyncIterable<string>): Promise<number>;
  /** Runs `fn` in a transaction; rolls back when it throws, or always when `rollback` is set. */
  transaction<T>(fn: (tx: Engine) => Promise<T>, options?: { rollback?: boolean }): Promise<T>;
  close(): Promise<void>;
}

/** Session settings fkdoctor always applies to a user's server. */
export interface SessionSettings {
  readOnly: boolean;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  applicationName: string;
}

export const defaultSessionSettings: SessionSettings = {
  readOnly: true,
  statementTimeoutMs: 30_000,
  lockTimeoutMs: 5_000,
  applicationName: 'fkdoctor',
};
