// Reads a script's own transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ...), which the
// sandbox must emulate rather than run: running it would end the sandbox's own transaction.

import { TRANSACTION_WORDS } from '../../sql/split/index.js';
import { identifierOf, type Token, tokenize, wordOf } from '../../sql/tokenize.js';

export type TransactionCommand =
  | {
      verb: 'begin' /** Modes after BEGIN (isolation level, READ ONLY...), or null. */;
      modes: string | null;
    }
  | { verb: 'commit'; chain: boolean }
  | { verb: 'rollback'; chain: boolean }
  | { verb: 'savepoint'; name: string }
  | { verb: 'release'; name: string }
  | { verb: 'rollback-to'; name: string }
  /** PREPARE TRANSACTION, COMMIT PREPARED, ROLLBACK PREPARED: two-phase commit. */
  | { verb: 'two-phase' };

/** The command a statement is, or null when it is not transaction control. */
export function readTransactionCommand(
  sql: string,
  tokens: Token[] = tokenize(sql),
): TransactionCommand | null {
  const words = tokens.map((t) => wordOf(sql, t));
  const first = words[0];
  if (first === null || first === undefined) return null;
  if (!TRANSACTION_WORDS.has(first) && first !== 'prepare') return null;
  let i = 1;
  const skipWorkOrTransaction = () => {
    if (words[i] === 'work' || words[i] === 'transaction') i++;
  };
  const nameAt = (at: number) => identifierOf(sql, tokens[at]);
  const chainAt = (at: number) => words[at] === 'and' && words[at + 1] === 'chain';

  switch (first) {
    case 'begin':
    case 'start': {
      if (first === 'start' && words[1] !== 'transaction') return null;
      skipWorkOrTransaction();
      const rest = tokens[i];
      const modes = rest ? sql.slice(rest.start, tokens.at(-1)!.end).replace(/;$/, '').trim() : '';
      return { verb: 'begin', modes: modes === '' ? null : modes };
    }
    case 'commit':
    case 'end':
      if (words[1] === 'prepared') return { verb: 'two-phase' };
      skipWorkOrTransaction();
      return { verb: 'commit', chain: chainAt(i) };
    case 'rollback':
    case 'abort': {
      if (words[1] === 'prepared') return { verb: 'two-phase' };
      skipWorkOrTransaction();
      if (first === 'rollback' && words[i] === 'to') {
        i++;
        if (words[i] === 'savepoint') i++;
        const name = nameAt(i);
        return name === null ? null : { verb: 'rollback-to', name };
      }
      return { verb: 'rollback', chain: chainAt(i) };
    }
    case 'savepoint': {
      const name = nameAt(1);
      return name === null ? null : { verb: 'savepoint', name };
    }
    case 'release': {
      if (words[i] === 'savepoint') i++;
      const name = nameAt(i);
      return name === null ? null : { verb: 'release', name };
    }
    case 'prepare':
      return words[1] === 'transaction' ? { verb: 'two-phase' } : null;
  }
  return null;
}
