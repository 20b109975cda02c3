// Splits one input of a check (a script, a --schema file, a migration) and, when it cannot be
// split, says which input it was: with several inputs, line 3 alone names no place.

import { type ScannedScript, ScriptSyntaxError, scanScript } from '../../sql/split/index.js';

/** A ScriptSyntaxError that knows its input's file name (null: stdin). */
export class ScriptInputSyntaxError extends ScriptSyntaxError {
  constructor(
    readonly file: string | null,
    error: ScriptSyntaxError,
  ) {
    super(
      error.code,
      error.message.replace(/^line \d+, column \d+: /, ''),
      error.line,
      error.column,
      error.offset,
    );
  }
}

export function scanInput(input: { text: string; file: string | null }): ScannedScript {
  try {
    return scanScript(input.text);
  } catch (error) {
    if (error instanceof ScriptSyntaxError && !(error instanceof ScriptInputSyntaxError)) {
      throw new ScriptInputSyntaxError(input.file, error);
    }
    throw error;
  }
}
