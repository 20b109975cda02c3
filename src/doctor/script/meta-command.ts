// What the sandbox does with a psql meta-command line: `\set`/`\unset` are emulated, `\copy`
// from inline data runs as COPY, everything else is skipped with the reason.

import { findCopyFromStdin } from '../../sql/copy-statement.js';
import { type PsqlVariables, readSetArguments, splitArguments } from './psql-variables.js';

export type MetaAction =
  | { kind: 'skip'; reason: string }
  | { kind: 'set'; name: string; value: string; notes: string[] }
  | { kind: 'unset'; name: string }
  /** Nothing to do, but nothing skipped either (`\set` with no arguments lists variables). */
  | { kind: 'nothing'; notes?: string[] }
  /** `\gset [prefix]`: the previous statement's one row becomes variables. */
  | { kind: 'gset'; prefix: string }
  | { kind: 'copy'; sql: string };

const SPECIAL_VARIABLES: Record<string, string> = {
  ON_ERROR_STOP:
    'ON_ERROR_STOP: psql would stop at the first error; fkdoctor runs on to find every failure',
  AUTOCOMMIT:
    'AUTOCOMMIT is not emulated: outside BEGIN ... COMMIT each statement runs as if it committed',
  ON_ERROR_ROLLBACK:
    'ON_ERROR_ROLLBACK is not emulated: a failed statement inside BEGIN ... COMMIT aborts the block',
};

const SKIP_REASONS: [string[], string][] = [
  [['c', 'connect'], 'fkdoctor stays in the sandbox database: \\connect is not followed'],
  [
    ['restrict', 'unrestrict'],
    "pg_dump's guard against commands hidden in the dump's data (psql 17.6+): nothing to do in the sandbox",
  ],
  [
    ['i', 'include', 'ir', 'include_relative', 'i+'],
    'the included file is not followed: fkdoctor checks only this script',
  ],
  [
    ['if', 'elif', 'else', 'endif'],
    'psql conditionals are not evaluated: the statements of every branch run',
  ],
  [['!', 'setenv', 'getenv'], 'shell commands and environment variables are not touched'],
  [['encoding'], 'the client encoding stays UTF8'],
  [['gexec'], 'the statements \\gexec would build from the result are not run'],
];

/**
 * Meta-commands that end a statement and only decide what psql shows of it (`\g`), or whether it
 * is sent (`\r`, `\gdesc`: the runner skips that statement): nothing more to do here.
 */
const WITH_THE_STATEMENT = new Set(['g', 'gx', 'gdesc', 'crosstabview', 'r', 'reset']);

/** The command name of a meta-command line: `\copy ...` → `copy`. */
export function metaCommandName(line: string): string {
  return /^\\([^\s\\:'"]*)/.exec(line.trimStart())?.[1] ?? '';
}

export function metaAction(
  line: string,
  variables: PsqlVariables,
  hasInlineData: boolean,
): MetaAction {
  const text = line.trimStart();
  const name = metaCommandName(text);
  const args = text.slice(name.length + 1);
  switch (name) {
    case 'set': {
      const command = readSetArguments(args, variables);
      if (command.kind === 'list') return { kind: 'nothing' };
      if (command.kind === 'invalid') return { kind: 'skip', reason: command.reason };
      const note = SPECIAL_VARIABLES[command.name];
      return { ...command, notes: note ? [note] : [] };
    }
    case 'unset': {
      const parts = splitArguments(args, variables);
      if (typeof parts === 'string' || parts.length === 0) return { kind: 'nothing' };
      return { kind: 'unset', name: parts[0]! };
    }
    case 'copy':
      return copyAction(args, hasInlineData);
    case 'gset': {
      const parts = splitArguments(args, variables);
      return { kind: 'gset', prefix: typeof parts === 'string' ? '' : (parts[0] ?? '') };
    }
    case 'watch':
      return { kind: 'nothing', notes: ['\\watch repeats the statement; fkdoctor ran it once'] };
  }
  if (WITH_THE_STATEMENT.has(name)) return { kind: 'nothing' };
  for (const [names, reason] of SKIP_REASONS) {
    if (names.includes(name)) return { kind: 'skip', reason };
  }
  return { kind: 'skip', reason: `psql's \\${name} is not emulated; it does not change data` };
}

/** `\copy t from stdin` with the data inline runs as `COPY t FROM STDIN`. */
function copyAction(args: string, hasInlineData: boolean): MetaAction {
  const sql = `COPY ${args.trim()}`;
  const parts = findCopyFromStdin(sql);
  if (!parts || !hasInlineData) {
    return { kind: 'skip', reason: '\\copy reads or writes a file on the client: not followed' };
  }
  // psql's pstdin is its own standard input; here the data is the inline block either way.
  return {
    kind: 'copy',
    sql: `${sql.slice(0, parts.source.start)}STDIN${sql.slice(parts.source.end)}`,
  };
}
