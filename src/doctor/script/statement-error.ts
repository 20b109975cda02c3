// A statement's error as plain data: the server's fields, plus the FK violation read from them.
// Anything that is not a server error (the connection went away, a bug) is not a statement's
// failure: it stops the run and goes to the caller as it is.

import { isDatabaseError } from '../../engine/errors.js';
import { parseForeignKeyViolation } from '../explain/parse/index.js';
import type { StatementError } from './outcome.js';

const FK_CODES = new Set(['23503', '23001']);

/** The statement error of a server error; rethrows anything else. */
export function statementErrorOf(error: unknown): StatementError {
  if (!isDatabaseError(error)) throw error;
  const position = Number(error.position);
  return {
    code: error.code ?? 'XX000',
    message: error.message,
    detail: error.detail ?? null,
    hint: error.hint ?? null,
    constraint: error.constraint ?? null,
    table: error.table ?? null,
    schema: error.schema ?? null,
    column: error.column ?? null,
    position: Number.isInteger(position) && position > 0 ? position : null,
    where: error.where ?? null,
    violation: FK_CODES.has(error.code ?? '') ? parseForeignKeyViolation(error) : null,
  };
}

/** An error fkdoctor's emulation raises where the server would have (same SQLSTATE and words). */
export function emulatedError(code: string, message: string): StatementError {
  return {
    code,
    message,
    detail: null,
    hint: null,
    constraint: null,
    table: null,
    schema: null,
    column: null,
    position: null,
    where: null,
    violation: null,
  };
}
