// The exit codes every command shares (documented in the README).

export const exitCodes = {
  /** Done; nothing found at or above --fail-on. */
  ok: 0,
  /** Problems found, or a fix is impossible. */
  problems: 1,
  /** Bad input or usage. */
  badInput: 2,
  /** Could not reach or use the database. */
  database: 3,
} as const;

/** An error the CLI reports as one clean line with its exit code (never a stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = exitCodes.badInput,
  ) {
    super(message);
  }
}
