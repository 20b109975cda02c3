// Reads a script file (or stdin for "-") for check and fix, and turns the splitter's syntax
// errors into file:line messages with the bad-input exit code.

import { readFile } from 'node:fs/promises';
import { ScriptInputSyntaxError, scanInput } from '../doctor/script/scan-input.js';
import { ScriptSyntaxError } from '../sql/split/index.js';
import { CliError } from './exit-codes.js';
import { decode, fileErrorReason, readStdin } from './read-input.js';

export interface ScriptFile {
  text: string;
  /** The name to report: the path, or null for stdin. */
  file: string | null;
  /** The bytes began with a UTF-8 byte order mark (not in `text`; fix writes it back first). */
  bom?: boolean;
}

const hasBom = (bytes: Buffer) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

export async function readScript(path: string): Promise<ScriptFile> {
  if (path === '-') return scriptFromBytes(await readStdin(), null);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const directory = (error as NodeJS.ErrnoException).code === 'EISDIR';
    throw new CliError(
      directory
        ? `${path}: is a directory; give one script file`
        : `${path}: cannot read it (${fileErrorReason(error)})`,
    );
  }
  return scriptFromBytes(bytes, path);
}

/** A script read already (`file` null: stdin). */
export function scriptFromBytes(bytes: Buffer, file: string | null): ScriptFile {
  // fix prints what it does not move byte for byte, so the text must be the file's bytes.
  try {
    return { text: decode(bytes, file ?? 'stdin', { exact: true }), file, bom: hasBom(bytes) };
  } catch (error) {
    // V8 holds at most 2^29 - 24 characters in one string (about 512 MB of text).
    if (!(error instanceof RangeError)) throw error;
    throw new CliError(
      `${file ?? 'stdin'}: ${(bytes.length / 1024 / 1024).toFixed(0)} MB is more text than fkdoctor can hold in memory (about 512 MB): fix takes it in pieces when it is over --spill-threshold`,
    );
  }
}

/**
 * A --schema file, split once here so that a syntax error in it is reported under its own
 * name, not the script's.
 */
export async function readSchema(path: string): Promise<ScriptFile> {
  const schema = await readScript(path);
  await splitsCleanly(schema.file, [schema]);
  return schema;
}

/**
 * Splits scripts before a sandbox opens, so that bad input is reported at once (and before a
 * database that is not there). The check splits them again; that costs little next to a run.
 */
export async function splitsCleanly(name: string | null, scripts: ScriptFile[]): Promise<void> {
  await withScriptErrors(name, async () => {
    for (const script of scripts) scanInput(script);
  });
}

/** Runs `fn`, reporting a script syntax error as `file:line:column: message` (exit 2). */
export async function withScriptErrors<T>(file: string | null, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ScriptSyntaxError) {
      // With several inputs (a schema, a folder of migrations) the error says which one it is.
      const name = error instanceof ScriptInputSyntaxError ? error.file : file;
      const message = error.message.replace(/^line \d+, column \d+: /, '');
      throw new CliError(`${name ?? 'stdin'}:${error.line}:${error.column}: ${message}`);
    }
    throw error;
  }
}
