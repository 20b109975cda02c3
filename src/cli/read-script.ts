// Reads a script file (or stdin for "-") for check and fix, and turns the splitter's syntax
// errors into file:line messages with the bad-input exit code.

import { ScriptSyntaxError } from '../sql/split/index.js';
import { CliError } from './exit-codes.js';
import { readInput } from './read-input.js';

export interface ScriptFile {
  text: string;
  /** The name to report: the path, or null for stdin. */
  file: string | null;
}

export async function readScript(path: string): Promise<ScriptFile> {
  const input = await readInput({ args: [], file: path });
  return { text: input.text, file: input.source === 'stdin' ? null : input.source };
}

/** Runs `fn`, reporting a script syntax error as `file:line:column: message` (exit 2). */
export async function withScriptErrors<T>(file: string | null, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ScriptSyntaxError) {
      const message = error.message.replace(/^line \d+, column \d+: /, '');
      throw new CliError(`${file ?? 'stdin'}:${error.line}:${error.column}: ${message}`);
    }
    throw error;
  }
}
