// Runs a script statement by statement in a sandbox and reports what happened to each, so that
// one failure does not hide the next: the whole run is one transaction (rolled back unless the
// caller says otherwise; always on a user's server), and each statement runs under a savepoint
// that is rolled back when it fails.
//
// Emulated rather than run:
// - the script's transaction control (script-transaction.ts);
// - outside BEGIN ... COMMIT psql commits each statement on its own, so deferred constraints
//   are checked after each statement (`SET CONSTRAINTS ALL IMMEDIATE`) and a failure is that
//   statement's;
// - psql meta-commands (meta-command.ts) and variables (psql-variables.ts);
// - settings that would lift fkdoctor's guards or switch FK checks off are skipped
//   (setting-policy.ts), as is `ALTER TABLE ... DISABLE TRIGGER ALL`;
// - CONCURRENTLY is dropped from CREATE/DROP/REINDEX INDEX and DETACH PARTITION, which cannot
//   run in a transaction; other such statements (VACUUM, CREATE DATABASE) are skipped.
//
// A script too big to hold runs in batches with one state (run-stream.ts): createRunState, then
// runBatch for each batch, then finishRun; runStatements is the three for one whole text.
//
// Sequences are not transactional: nextval() calls made by the script stay used after the
// rollback, on a user's server too (gaps only); setval() would move them back or forward for
// good, so on a server it is skipped.

import type { Engine } from '../../engine/engine.js';
import { DatabaseUnavailableError, firstLine } from '../../engine/errors.js';
import type { ScriptStatement } from '../../model/script.js';
import { findCopyFromStdin } from '../../sql/copy-statement.js';
import { parseBoolean } from '../../sql/parse-bool.js';
import { type Token, tokenize, wordOf } from '../../sql/tokenize.js';
import { copyLineOf, copyPayload } from './copy-data.js';
import { CopyPiecesFailure, sendInPieces } from './copy-pieces.js';
import { findFailingRows, type RowSource } from './failing-rows.js';
import { type LineIndex, lineIndex } from './line-index.js';
import { metaAction } from './meta-command.js';
import type { FailingRows, StatementError, StatementOutcome } from './outcome.js';
import { gsetText, substituteVariables } from './psql-variables.js';
import { copyRowSource, insertRowSource } from './row-sources.js';
import { type SandboxState, STATEMENT_SAVEPOINT } from './sandbox-state.js';
import { closeBlock, runTransactionCommand } from './script-transaction.js';
import { sentText } from './sent-text.js';
import { settingDecision } from './setting-policy.js';
import { readSettingStatement, type SettingStatement } from './setting-statement.js';
import { statementErrorOf } from './statement-error.js';
import { readTransactionCommand } from './transaction-command.js';

export interface RunScriptOptions {
  /** Roll the sandbox's transaction back at the end (default true). Always so on a server. */
  rollback?: boolean;
  /** At most this many failing rows listed per failed statement (default 1000; 0: no search). */
  rowLimit?: number;
  /** Checked between statements: once aborted, the remaining statements are skipped. */
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export async function runScript(
  engine: Engine,
  text: string,
  statements: ScriptStatement[],
  options: RunScriptOptions = {},
): Promise<StatementOutcome[]> {
  const rollback = engine.kind === 'server' || (options.rollback ?? true);
  return engine.transaction(
    async (tx) => {
      // fkdoctor opens a user's server read-only; this transaction is rolled back, so it may write.
      await tx.exec('set transaction read write').catch((error: unknown) => {
        throw new DatabaseUnavailableError(
          `the sandbox needs a transaction that can write (it is always rolled back): ${firstLine(error)}`,
          { cause: error },
        );
      });
      return runStatements(tx, text, statements, options);
    },
    { rollback },
  );
}

/**
 * The statements run inside a transaction the caller has open (`tx` is its handle): each under
 * its own savepoint, the script's own transaction control emulated.
 */
export async function runStatements(
  tx: Engine,
  text: string,
  statements: ScriptStatement[],
  options: Omit<RunScriptOptions, 'rollback'> = {},
): Promise<StatementOutcome[]> {
  const state = createRunState(tx, options);
  const outcomes: StatementOutcome[] = [];
  await runBatch(state, { text, lines: lineIndex(text) }, statements, {
    ...(options.signal ? { signal: options.signal } : {}),
    onOutcome: (outcome) => {
      outcomes.push(outcome);
      options.onProgress?.(outcomes.length, statements.length);
    },
  });
  await finishRun(state);
  return outcomes;
}

/** A piece of the script that is run at once: its text, and the script line of each offset. */
export interface ScriptBatch {
  text: string;
  lines: LineIndex;
}

/** What a run remembers from one batch to the next; `text` and `lines` are the current batch's. */
export function createRunState(tx: Engine, options: { rowLimit?: number } = {}): SandboxState {
  return {
    tx,
    text: '',
    lines: lineIndex(''),
    variables: new Map(),
    standardConformingStrings: true,
    block: null,
    constraintsForced: false,
    savepointCounter: 0,
    gsetRows: null,
    rowLimit: options.rowLimit ?? 1000,
    copyPieces: null,
  };
}

/**
 * Runs statements whose spans point into `batch.text` (their index and lines are the script's),
 * with the variables, open BEGIN block and settings earlier batches left in `state`.
 */
export async function runBatch(
  state: SandboxState,
  batch: ScriptBatch,
  statements: readonly ScriptStatement[],
  options: {
    signal?: AbortSignal;
    onOutcome?: (outcome: StatementOutcome, statement: ScriptStatement) => void;
  } = {},
): Promise<void> {
  state.text = batch.text;
  state.lines = batch.lines;
  for (const statement of statements) {
    const outcome = options.signal?.aborted
      ? skipped(statement, 'the run was cancelled before this statement')
      : await runOne(state, statement);
    options.onOutcome?.(outcome, statement);
  }
}

/** The end of the script: a block still open is rolled back, as psql's exit does. */
export async function finishRun(state: SandboxState): Promise<void> {
  if (state.block) {
    state.block.beginOutcome.notes.push(
      'the script ends inside this transaction: psql exits and the server rolls it back, and so does fkdoctor',
    );
    await closeBlock(state, 'rollback');
  }
}

function skipped(
  statement: ScriptStatement,
  reason: string,
  notes: string[] = [],
): StatementOutcome {
  return { status: 'skipped', index: statement.index, reason, notes };
}

async function runOne(state: SandboxState, statement: ScriptStatement): Promise<StatementOutcome> {
  // `\copy ... from stdin` comes as kind 'copy' with its meta name.
  if (statement.kind === 'meta' || statement.meta !== undefined) {
    return runMeta(state, statement, state.text.slice(statement.span.start, statement.span.end));
  }
  const unsent = UNSENT[statement.endedBy ?? ''];
  if (unsent) return skipped(statement, unsent);
  const sent = sentText(state.text, statement);
  const options = { standardConformingStrings: state.standardConformingStrings };
  const substituted = substituteVariables(sent.sql, state.variables, {
    ...options,
    escapedColons: sent.escapedColons,
  });
  const notes = substituted.names.length
    ? [
        `psql variables substituted: ${[...new Set(substituted.names)].map((n) => `:${n}`).join(', ')}`,
      ]
    : [];
  let sql = substituted.sql;
  let tokens = tokenize(sql, options);
  const first = wordOf(sql, tokens[0]);

  const command = readTransactionCommand(sql, tokens);
  if (command) return runTransactionCommand(state, statement, command);
  if (statement.kind === 'transaction') {
    return skipped(
      statement,
      'transaction control fkdoctor cannot read: not run, so that it cannot end the sandbox',
      notes,
    );
  }

  const setting = readSettingStatement(sql, tokens);
  let local: string | null = null;
  if (setting) {
    const decision = settingDecision(setting, {
      server: state.tx.kind === 'server',
      inBlock: state.block !== null,
    });
    if (!decision.run) return skipped(statement, decision.reason, notes);
    local = decision.local;
  }
  if (disablesAllTriggers(sql, tokens)) {
    return skipped(
      statement,
      'DISABLE TRIGGER ALL would switch the foreign-key checks off; fkdoctor keeps them on to find the rows a real run would load unchecked',
      notes,
    );
  }
  if (state.tx.kind === 'server' && callsSetval(sql, tokens)) {
    return skipped(
      statement,
      "setval() is not undone by a rollback: fkdoctor leaves the sequences of a user's server alone (nextval() then goes on from their real values)",
      notes,
    );
  }
  if (first === 'copy' || statement.kind === 'copy') return runCopy(state, statement, sql, notes);

  // Inside the script's own BEGIN ... COMMIT a real run fails with CONCURRENTLY too.
  const concurrently = state.block ? null : concurrentlyToken(sql, tokens);
  if (concurrently) {
    sql = sql.slice(0, concurrently.start) + sql.slice(concurrently.end);
    tokens = tokenize(sql, options);
    notes.push("ran without CONCURRENTLY, which cannot run inside the sandbox's transaction");
  }
  const toScript = (offset: number) =>
    sent.toScript(
      substituted.toSource(
        concurrently && offset >= concurrently.start
          ? offset + concurrently.end - concurrently.start
          : offset,
      ),
    );

  // psql sends statements joined with `\;` in one message; the server runs them one by one.
  const joined = joinedStatements(sql, tokens);
  if (joined.length > 1 && joined.some((part) => readTransactionCommand(sql, part) !== null)) {
    return skipped(
      statement,
      'transaction control joined to other statements with \\; is not run, so that it cannot end the sandbox',
      notes,
    );
  }

  const before = local ? await currentSetting(state, local) : null;
  // Read when the block's COMMIT fails, maybe after later batches: keep this batch's lines.
  const lines = state.lines;
  const isInsert = first === 'insert' || first === 'with';
  const gset = statement.endedBy === 'gset';
  state.gsetRows = null;
  const outcome = await runGuarded(state, statement, notes, {
    send: async () => {
      if (joined.length > 1) {
        await state.tx.exec(sql);
        return null;
      }
      const result = await state.tx.query(sql);
      if (gset) state.gsetRows = result.rows;
      return result.rowCount;
    },
    rows: () => (isInsert ? insertRowSource(statement, sql, toScript, lines) : null),
    errorLine: (error) =>
      error.position === null ? statement.line : state.lines.lineAt(toScript(error.position - 1)),
  });
  if (outcome.status !== 'ok') state.gsetRows = null;
  if (outcome.status === 'ok' && setting) afterSetting(state, setting, local, before);
  return outcome;
}

async function runMeta(
  state: SandboxState,
  statement: ScriptStatement,
  line: string,
): Promise<StatementOutcome> {
  const action = metaAction(line, state.variables, statement.copyData !== undefined);
  switch (action.kind) {
    case 'skip':
      return skipped(statement, action.reason);
    case 'set':
      state.variables.set(action.name, action.value);
      return { status: 'ok', index: statement.index, rowCount: null, notes: action.notes };
    case 'unset':
      state.variables.delete(action.name);
      return { status: 'ok', index: statement.index, rowCount: null, notes: [] };
    case 'nothing':
      return { status: 'ok', index: statement.index, rowCount: null, notes: action.notes ?? [] };
    case 'gset':
      return runGset(state, statement, action.prefix);
    case 'copy':
      return runCopy(state, statement, action.sql, [
        '\\copy from inline data ran as COPY ... FROM STDIN',
      ]);
  }
}

/** `\gset`: the one row of the statement before it becomes psql variables, as psql does. */
function runGset(
  state: SandboxState,
  statement: ScriptStatement,
  prefix: string,
): StatementOutcome {
  const rows = state.gsetRows;
  state.gsetRows = null;
  if (rows === null) {
    return skipped(
      statement,
      'the statement before it failed or did not run: psql sets no variables',
    );
  }
  if (rows.length !== 1) {
    return skipped(
      statement,
      `psql sets no variables: the statement returned ${rows.length} rows, and \\gset needs exactly one`,
    );
  }
  const set: string[] = [];
  const unread: string[] = [];
  for (const [column, value] of Object.entries(rows[0]!)) {
    const name = prefix + column;
    const text = gsetText(value);
    if (text === undefined) unread.push(column);
    else if (text === null) state.variables.delete(name);
    else {
      state.variables.set(name, text);
      set.push(`:${name}`);
    }
  }
  const notes = set.length ? [`psql variables set: ${set.join(', ')}`] : [];
  if (unread.length) {
    notes.push(`not set, their text cannot be read back from the result: ${unread.join(', ')}`);
  }
  return { status: 'ok', index: statement.index, rowCount: null, notes };
}

async function runCopy(
  state: SandboxState,
  statement: ScriptStatement,
  sql: string,
  notes: string[],
): Promise<StatementOutcome> {
  const copy = statement.copyData;
  if (!findCopyFromStdin(sql)) {
    return skipped(
      statement,
      'COPY to or from a file or a program is not run in the sandbox',
      notes,
    );
  }
  if (!copy) return skipped(statement, 'COPY ... FROM STDIN without its data in the script', notes);
  const { tx, text } = state;
  if (!tx.copyFrom)
    return skipped(statement, 'this database engine cannot run COPY FROM STDIN', notes);
  const copyFrom = tx.copyFrom.bind(tx);
  const pieces = state.copyPieces;
  if (pieces) {
    state.copyPieces = null;
    return runGuarded(state, statement, notes, {
      send: () => sendInPieces(state, statement, sql, copyFrom, pieces),
      // Its rows are gone once sent: a failing COMMIT cannot list them (copy-pieces.ts).
      rows: () => null,
      errorLine: () => copy.line,
    });
  }
  let source: RowSource | null | undefined;
  const rows = () => {
    source ??= copyRowSource(statement, sql, text);
    return source;
  };
  return runGuarded(state, statement, notes, {
    send: () => copyFrom(sql, copyPayload(text, copy)),
    rows,
    errorLine: (error) => {
      // The server counts the data block's lines, the header and line breaks in quotes included.
      const n = copyLineOf(error.where);
      return n === null ? copy.line : copy.line + n - 1;
    },
  });
}

/** Statements psql does not send, by the meta-command that ends them. */
const UNSENT: Record<string, string> = {
  r: "psql's \\r throws the statement away unsent",
  reset: "psql's \\reset throws the statement away unsent",
  gdesc: "psql's \\gdesc only describes the statement's result; it does not run it",
};

/** Errors of statements that need a transaction of their own, and why they are skipped. */
const OWN_TRANSACTION: Record<string, string> = {
  '25001': 'cannot run inside a transaction block, and the sandbox is one',
  '2D000':
    "commits or rolls back inside a procedure or DO block, which the sandbox's transaction does not allow",
};

interface Send {
  /** Runs the statement and returns its row count. */
  send(): Promise<number | null>;
  /** The statement's rows, to find every failing one; null when it has none to replay. */
  rows(): RowSource | null;
  /** The script line an error points at. */
  errorLine(error: StatementError): number;
}

/** Runs one statement under its own savepoint; a failure rolls back only the statement. */
async function runGuarded(
  state: SandboxState,
  statement: ScriptStatement,
  notes: string[],
  run: Send,
): Promise<StatementOutcome> {
  const { tx } = state;
  await tx.exec(`savepoint ${STATEMENT_SAVEPOINT}`);
  let rowCount: number | null = null;
  let deferred = false;
  try {
    rowCount = await run.send();
    if (!state.block) {
      // psql commits this statement on its own: deferred checks fire now.
      deferred = true;
      await tx.exec('set constraints all immediate');
      state.constraintsForced = true;
    }
  } catch (caught) {
    // A COPY sent in pieces has found its error, failing rows and line itself.
    const pieces = caught instanceof CopyPiecesFailure ? caught : null;
    const error = pieces ? pieces.error : statementErrorOf(caught);
    await tx.exec(
      `rollback to savepoint ${STATEMENT_SAVEPOINT}; release savepoint ${STATEMENT_SAVEPOINT}`,
    );
    // Outside the script's BEGIN ... COMMIT psql would run these in a transaction of their own;
    // only the sandbox's transaction is in the way. Inside it, a real run fails the same.
    if (!state.block && error.code in OWN_TRANSACTION) {
      return skipped(statement, OWN_TRANSACTION[error.code]!, notes);
    }
    if (state.block) state.block.failedAt ??= statement;
    const failingRows = pieces
      ? pieces.failingRows
      : error.violation
        ? await rowsOf(state, error, run.rows())
        : null;
    if (pieces?.deferred) deferred = true;
    if (deferred) {
      notes.push(
        'a deferred check, run when psql commits the statement (it is not inside BEGIN ... COMMIT)',
      );
    }
    return {
      status: 'error',
      index: statement.index,
      error,
      line: failingRows?.rows[0]?.line ?? pieces?.line ?? run.errorLine(error),
      ...(failingRows && failingRows.rows.length > 0 ? { failingRows } : {}),
      ...(deferred ? { deferred } : {}),
      notes,
    };
  }
  await tx.exec(`release savepoint ${STATEMENT_SAVEPOINT}`);
  if (state.block) state.block.writes.push(() => run.rows());
  return { status: 'ok', index: statement.index, rowCount, notes };
}

/**
 * Every failing row of an INSERT or COPY that broke an FK. A one-row INSERT needs no replay:
 * the server named its key (another FK of that row may fail too; it shows once this is fixed).
 */
async function rowsOf(
  state: SandboxState,
  error: StatementError,
  source: RowSource | null,
): Promise<FailingRows | null> {
  const violation = error.violation;
  if (!source || !violation || state.rowLimit <= 0) return null;
  if (violation.kind !== 'missing-parent' && violation.kind !== 'match-full') return null;
  // Not when the DETAIL's text could split a composite key more than one way: the replay knows.
  const plain = !violation.keyHidden && violation.keyAlternatives.length === 0;
  if (source.kind === 'insert' && source.rowLines?.length === 1 && plain) {
    const constraint = violation.constraint ?? error.constraint;
    if (constraint) {
      const key = violation.keyValues.map((v) =>
        violation.kind === 'match-full' && v === 'null' ? null : v,
      );
      return {
        rows: [
          {
            statementIndex: source.statementIndex,
            rowNumber: 1,
            line: source.rowLines[0]!,
            constraint,
            columns: violation.keyColumns,
            key,
          },
        ],
        total: 1,
      };
    }
  }
  return findFailingRows(state.tx, [source], { limit: state.rowLimit });
}

async function currentSetting(state: SandboxState, name: string): Promise<string | null> {
  const { rows } = await state.tx.query<{ value: string | null }>(
    'select pg_catalog.current_setting($1, true) as value',
    [name],
  );
  return rows[0]?.value ?? null;
}

function afterSetting(
  state: SandboxState,
  setting: SettingStatement,
  local: string | null,
  before: string | null,
): void {
  if (setting.form !== 'set') return;
  if (setting.name === 'standard_conforming_strings') {
    state.standardConformingStrings = parseBoolean(setting.value ?? 'on') !== false;
  }
  const block = state.block;
  if (!block) return;
  if (local) block.locals.push({ name: local, before });
  // A plain SET in the block outlives it: its value, not the one before SET LOCAL, stays.
  else block.locals = block.locals.filter((l) => l.name !== setting.name);
}

/** The statements of a text, as token lists split at top-level semicolons. */
function joinedStatements(sql: string, tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'symbol' && sql.slice(token.start, token.end) === ';') parts.push([]);
    else parts.at(-1)!.push(token);
  }
  return parts.filter((part) => part.length > 0);
}

/** A call of setval(), pg_dump's way to set sequences after a data load. */
function callsSetval(sql: string, tokens: Token[]): boolean {
  return tokens.some(
    (token, i) =>
      wordOf(sql, token) === 'setval' && tokens[i + 1] && sql[tokens[i + 1]!.start] === '(',
  );
}

function disablesAllTriggers(sql: string, tokens: Token[]): boolean {
  if (wordOf(sql, tokens[0]) !== 'alter') return false;
  return tokens.some(
    (_, i) =>
      wordOf(sql, tokens[i]) === 'disable' &&
      wordOf(sql, tokens[i + 1]) === 'trigger' &&
      wordOf(sql, tokens[i + 2]) === 'all',
  );
}

/** The CONCURRENTLY of a statement that cannot run in a transaction with it, or null. */
function concurrentlyToken(sql: string, tokens: Token[]): Token | null {
  const first = wordOf(sql, tokens[0]);
  const at = tokens.findIndex((t) => wordOf(sql, t) === 'concurrently');
  if (at < 0) return null;
  const words = tokens.slice(0, at).map((t) => wordOf(sql, t));
  const index =
    first === 'reindex' || ((first === 'create' || first === 'drop') && words.includes('index'));
  const detach = first === 'alter' && words.includes('detach');
  return index || detach ? tokens[at]! : null;
}
