// The script's own transaction control, emulated inside the sandbox's single transaction:
//
// - BEGIN takes a savepoint; INITIALLY DEFERRED constraints go back to deferred, as in a fresh
//   transaction.
// - COMMIT runs `SET CONSTRAINTS ALL IMMEDIATE`, so deferred FK checks fire here as they would
//   at a real COMMIT; a failure is the COMMIT's, with every failing row of the block's INSERTs
//   and COPYs, and the block is rolled back, as a failed COMMIT does. A block in which a
//   statement failed is rolled back at its COMMIT too: a real run had aborted it there.
// - ROLLBACK rolls back to the BEGIN's savepoint.
// - SAVEPOINT, RELEASE and ROLLBACK TO work on savepoints of fkdoctor's own naming, so that a
//   wrong name is an error fkdoctor reports instead of one that breaks the sandbox.
// - SET LOCAL settings are put back at COMMIT. BEGIN's transaction modes (isolation, READ ONLY)
//   and two-phase commit are not emulated.

import type { ScriptStatement } from '../../model/script.js';
import { findFailingRows, type RowSource } from './failing-rows.js';
import type { StatementOutcome } from './outcome.js';
import { BLOCK_SAVEPOINT, type SandboxState, type ScriptBlock } from './sandbox-state.js';
import { emulatedError, statementErrorOf } from './statement-error.js';
import type { TransactionCommand } from './transaction-command.js';

const COMMIT_SAVEPOINT = 'fkdoctor_commit';

export async function runTransactionCommand(
  state: SandboxState,
  statement: ScriptStatement,
  command: TransactionCommand,
): Promise<StatementOutcome> {
  const ok = (notes: string[] = []): StatementOutcome => ({
    status: 'ok',
    index: statement.index,
    rowCount: null,
    notes,
  });
  const block = state.block;
  switch (command.verb) {
    case 'begin': {
      if (block) return ok(['a transaction is already open: the server warns and goes on']);
      const outcome = ok(
        command.modes
          ? [`transaction modes (${command.modes}) are not emulated: the sandbox keeps its own`]
          : [],
      );
      await openBlock(state, statement, outcome);
      return outcome;
    }
    case 'commit': {
      if (!block) return ok(['no transaction is open: the server warns and goes on']);
      const outcome = await commitBlock(state, block, statement);
      if (command.chain) await openBlock(state, statement, outcome);
      return outcome;
    }
    case 'rollback': {
      if (!block) return ok(['no transaction is open: the server warns and goes on']);
      await closeBlock(state, 'rollback');
      const outcome = ok([`rolls back everything since BEGIN on line ${block.begin.line}`]);
      if (command.chain) await openBlock(state, statement, outcome);
      return outcome;
    }
    case 'savepoint': {
      if (!block) return outsideBlock(statement, 'SAVEPOINT');
      const ours = `fkdoctor_user_${++state.savepointCounter}`;
      await state.tx.exec(`savepoint ${ours}`);
      block.savepoints.push({
        name: command.name,
        ours,
        index: statement.index,
        writes: block.writes.length,
        locals: block.locals.length,
      });
      return ok();
    }
    case 'release':
    case 'rollback-to': {
      const verb = command.verb === 'release' ? 'RELEASE SAVEPOINT' : 'ROLLBACK TO SAVEPOINT';
      if (!block) return outsideBlock(statement, verb);
      const at = block.savepoints.findLastIndex((s) => s.name === command.name);
      if (at < 0) {
        block.failedAt ??= statement;
        return {
          status: 'error',
          index: statement.index,
          error: emulatedError('3B001', `savepoint "${command.name}" does not exist`),
          line: statement.line,
          notes: [],
        };
      }
      const savepoint = block.savepoints[at]!;
      if (command.verb === 'release') {
        await state.tx.exec(`release savepoint ${savepoint.ours}`);
        block.savepoints.splice(at);
        return ok();
      }
      await state.tx.exec(`rollback to savepoint ${savepoint.ours}`);
      block.savepoints.splice(at + 1);
      block.writes.length = savepoint.writes;
      block.locals.length = savepoint.locals;
      // Rolling back to a savepoint taken before the failure is how a script recovers from it.
      if (block.failedAt && block.failedAt.index > savepoint.index) block.failedAt = null;
      return ok();
    }
    case 'two-phase':
      return {
        status: 'skipped',
        index: statement.index,
        reason: 'two-phase commit (PREPARE TRANSACTION, COMMIT/ROLLBACK PREPARED) is not emulated',
        notes: [],
      };
  }
}

function outsideBlock(statement: ScriptStatement, verb: string): StatementOutcome {
  return {
    status: 'error',
    index: statement.index,
    error: emulatedError('25P01', `${verb} can only be used in transaction blocks`),
    line: statement.line,
    notes: [],
  };
}

async function openBlock(
  state: SandboxState,
  begin: ScriptStatement,
  beginOutcome: StatementOutcome,
): Promise<void> {
  await state.tx.exec(`savepoint ${BLOCK_SAVEPOINT}`);
  if (state.constraintsForced) {
    // A new transaction starts with each constraint in its declared mode; SET CONSTRAINTS ALL
    // IMMEDIATE (after earlier statements) is still in force here, so defer the deferred ones.
    const { rows } = await state.tx.query<{ names: string | null }>(
      `select string_agg(pg_catalog.format('%I.%I', n.nspname, c.conname), ', ') as names
         from pg_catalog.pg_constraint c
         join pg_catalog.pg_namespace n on n.oid = c.connamespace
        where c.condeferred`,
    );
    const names = rows[0]?.names;
    if (names) await state.tx.exec(`set constraints ${names} deferred`);
  }
  state.block = { begin, beginOutcome, failedAt: null, writes: [], savepoints: [], locals: [] };
}

async function commitBlock(
  state: SandboxState,
  block: ScriptBlock,
  commit: ScriptStatement,
): Promise<StatementOutcome> {
  if (block.failedAt) {
    const failed = block.failedAt;
    await closeBlock(state, 'rollback');
    return {
      status: 'ok',
      index: commit.index,
      rowCount: null,
      notes: [
        `a real run rolls the whole transaction back here (COMMIT answers ROLLBACK): the statement on line ${failed.line} failed, ` +
          'and the statements after it in the transaction failed with "current transaction is aborted"; ' +
          'fkdoctor ran them anyway to find their own failures, then rolled the transaction back',
      ],
    };
  }
  const { tx } = state;
  await tx.exec(`savepoint ${COMMIT_SAVEPOINT}`);
  try {
    await tx.exec('set constraints all immediate');
  } catch (caught) {
    const error = statementErrorOf(caught);
    // The block's rows are still there: find every one a deferred FK rejects, then undo it all.
    await tx.exec(`rollback to savepoint ${COMMIT_SAVEPOINT}`);
    const failingRows =
      error.violation && state.rowLimit > 0
        ? await findFailingRows(tx, sourcesOf(block), {
            limit: state.rowLimit,
            deferrableOnly: true,
          })
        : null;
    await closeBlock(state, 'rollback');
    return {
      status: 'error',
      index: commit.index,
      error,
      line: commit.line,
      deferred: true,
      block: { beginIndex: block.begin.index, endIndex: commit.index },
      ...(failingRows && failingRows.rows.length > 0 ? { failingRows } : {}),
      notes: [
        `deferred checks fire at COMMIT: the whole transaction since BEGIN on line ${block.begin.line} is rolled back`,
      ],
    };
  }
  await tx.exec(`release savepoint ${COMMIT_SAVEPOINT}`);
  await closeBlock(state, 'commit');
  return { status: 'ok', index: commit.index, rowCount: null, notes: [] };
}

function sourcesOf(block: ScriptBlock): RowSource[] {
  return block.writes.map((read) => read()).filter((source) => source !== null);
}

/** Ends the script's block: its savepoint released (commit) or rolled back. */
export async function closeBlock(state: SandboxState, how: 'commit' | 'rollback'): Promise<void> {
  const block = state.block;
  if (!block) return;
  state.block = null;
  if (how === 'rollback') {
    await state.tx.exec(
      `rollback to savepoint ${BLOCK_SAVEPOINT}; release savepoint ${BLOCK_SAVEPOINT}`,
    );
    return;
  }
  await state.tx.exec(`release savepoint ${BLOCK_SAVEPOINT}`);
  // SET LOCAL ends with its transaction; here it would last to the sandbox's end.
  for (const local of [...block.locals].reverse()) {
    await state.tx.query('select pg_catalog.set_config($1, $2, false)', [
      local.name,
      local.before ?? '',
    ]);
  }
  // After COMMIT every constraint is immediate until the next BEGIN (see SandboxState).
  state.constraintsForced = true;
}
