// `--schema FILE`: loads a schema (typically `pg_dump --schema-only` output) into the sandbox
// before the script runs. Every statement runs under its own savepoint, so what cannot load does
// not stop the rest: an extension the sandbox lacks (PGlite has almost none), objects that need
// it, and OWNER TO / GRANT for roles that do not exist there (those are only notes: rights do not
// matter to FK checks in the sandbox).

import type { Engine } from '../../engine/engine.js';
import type { ScriptStatement } from '../../model/script.js';
import { statementExcerpt } from './failure.js';
import type { StatementOutcome } from './outcome.js';
import { runStatements } from './run-statements.js';
import { restoreSession, takeSessionSnapshot } from './session-settings.js';

export type SchemaProblemKind =
  /** CREATE EXTENSION for an extension the sandbox does not have (and COMMENT ON it). */
  | 'extension'
  /** A statement about a role that does not exist in the sandbox: OWNER TO, GRANT, REVOKE. */
  | 'role'
  /** Skipped without running (psql meta-commands, settings fkdoctor keeps). */
  | 'skipped'
  /** Any other failure, often an object that needed a missing extension. */
  | 'error';

export interface SchemaProblem {
  kind: SchemaProblemKind;
  statementIndex: number;
  line: number;
  statementText: string;
  /** SQLSTATE, or null for a skipped statement. */
  sqlstate: string | null;
  /** The server's message, or why the statement was skipped. */
  message: string;
}

export interface SchemaLoad {
  outcomes: StatementOutcome[];
  /** Statements that ran. */
  loaded: number;
  /** Everything that did not load, in script order. */
  problems: SchemaProblem[];
}

const ROLE_MISSING = /^role ".*" does not exist$/;

/** Read from the statement and the SQLSTATE, so that a translated message reads the same. */
function problemKind(sql: string, code: string, message: string): SchemaProblemKind {
  // 0A000 "extension ... is not available"; 58P01 "could not open extension control file" (PG < 15).
  if (/^\s*create\s+extension\b/i.test(sql) && (code === '0A000' || code === '58P01')) {
    return 'extension';
  }
  if (/^\s*(comment\s+on|alter)\s+extension\b/i.test(sql) && code === '42704') return 'extension';
  // 42704 undefined_object: on OWNER TO, GRANT, REVOKE, AUTHORIZATION it is the role.
  if (
    code === '42704' &&
    (ROLE_MISSING.test(message) || /\b(owner\s+to|grant|revoke|authorization)\b/i.test(sql))
  ) {
    return 'role';
  }
  return 'error';
}

/**
 * Loads the schema, committing it unless `rollback` is set; the session's settings are left as
 * they were (the schema's SETs are its own). Unlike runScript it does not lift a read-only
 * session: on a user's server, call it on the sandbox's transaction handle.
 */
export async function loadSchema(
  engine: Engine,
  text: string,
  statements: ScriptStatement[],
  options: { rollback?: boolean } = {},
): Promise<SchemaLoad> {
  const outcomes = await engine.transaction(
    async (tx) => {
      const before = await takeSessionSnapshot(tx);
      const outcomes = await runStatements(tx, text, statements, { rowLimit: 0 });
      await restoreSession(tx, before);
      return outcomes;
    },
    { rollback: options.rollback ?? false },
  );
  const byIndex = new Map(statements.map((s) => [s.index, s]));
  const problems: SchemaProblem[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'ok') continue;
    const statement = byIndex.get(outcome.index)!;
    const base = {
      statementIndex: outcome.index,
      line: statement.line,
      statementText: statementExcerpt(text, statement),
    };
    if (outcome.status === 'skipped') {
      problems.push({ ...base, kind: 'skipped', sqlstate: null, message: outcome.reason });
      continue;
    }
    const { code, message } = outcome.error;
    const sql = text.slice(statement.span.start, statement.span.end);
    problems.push({ ...base, kind: problemKind(sql, code, message), sqlstate: code, message });
  }
  return {
    outcomes,
    loaded: outcomes.filter((o) => o.status === 'ok').length,
    problems,
  };
}
