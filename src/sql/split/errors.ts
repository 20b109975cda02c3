// The one error the splitter throws: input that psql could not run as written, with the place
// where the offending construct began, so that a message can name file:line.

export type ScriptSyntaxErrorCode =
  | 'unterminated-string'
  | 'unterminated-e-string'
  | 'unterminated-unicode-string'
  | 'unterminated-bit-string'
  | 'unterminated-dollar-string'
  | 'unterminated-quoted-identifier'
  | 'unterminated-comment'
  | 'unterminated-copy-data'
  | 'copy-line-continues'
  | 'binary-copy'
  | 'nul-byte';

export class ScriptSyntaxError extends Error {
  override readonly name = 'ScriptSyntaxError';

  constructor(
    readonly code: ScriptSyntaxErrorCode,
    message: string,
    /** 1-based line and column (UTF-16 units) where the construct started. */
    readonly line: number,
    readonly column: number,
    /** UTF-16 offset of that place in the whole input. */
    readonly offset: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
  }
}
