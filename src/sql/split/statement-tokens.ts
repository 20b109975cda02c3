// The recorded tokens of a statement given on its own (the arguments of a \copy line, a
// statement as psql sends it), read by the splitter's lexer, so that a lone statement is read
// with the same tokens as in a script.

import { ScriptSyntaxError } from './errors.js';
import { Lexer, type LexerSink } from './lexer.js';
import { TokenView } from './token-view.js';

const FIRST_DONE = Symbol('first statement read');

const ignore: LexerSink = {
  complete: () => undefined,
  startData: () => null,
  copyData: () => undefined,
  endData: () => null,
};

const stopAtFirst: LexerSink = {
  ...ignore,
  complete(raw) {
    // A meta-command inside the statement or before it is not the statement.
    if (raw.meta === null) throw FIRST_DONE;
  },
};

/**
 * The tokens the lexer records for `text` (offsets into `text`): those of its last statement,
 * throwing ScriptSyntaxError where the splitter would. With `first`, those of its first
 * statement instead, and of as much of it as can be read when the text breaks off.
 */
export function statementTokens(text: string, options: { first?: boolean } = {}): TokenView {
  const lexer = new Lexer(options.first ? stopAtFirst : ignore);
  try {
    lexer.run(text, 0, true);
  } catch (error) {
    // The next statement would reset the tokens: the lexer stops as the first one completes.
    const stopped = error === FIRST_DONE || (options.first && error instanceof ScriptSyntaxError);
    if (!stopped) throw error;
  }
  return new TokenView(lexer.tokens, text, 0);
}
