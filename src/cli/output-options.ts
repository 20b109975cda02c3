// The options every command shares: --json / --format, colour, whole-number flags, the output
// file, and parsing the arguments with usage errors as clean messages.

import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliError } from './exit-codes.js';

export type OutputFormat = 'text' | 'json' | 'markdown';

const basicFormats = ['text', 'json', 'markdown'] as const;

/** `--json`, else `--format` (one of `formats`, default the first), else a clean error. */
export function chooseFormat<F extends string>(
  values: { json?: boolean | undefined; format?: string | undefined },
  formats: readonly F[],
): F {
  if (values.json && formats.includes('json' as F)) return 'json' as F;
  const format = values.format ?? formats[0];
  if (format !== undefined && formats.includes(format as F)) return format as F;
  const choices = `${formats.slice(0, -1).join(', ')} or ${formats[formats.length - 1]}`;
  throw new CliError(`--format must be ${choices}, not "${format}"`);
}

export function outputFormat(values: {
  json?: boolean | undefined;
  format?: string | undefined;
}): OutputFormat {
  return chooseFormat(values, basicFormats);
}

/** Colour on a terminal unless NO_COLOR is set (https://no-color.org) or --no-color given. */
export function useColour(noColourFlag: boolean | undefined): boolean {
  if (noColourFlag || process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

/** A flag that takes a whole number (`--sample 5`); undefined when not given. */
export function wholeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new CliError(`${flag} must be a whole number, not "${text}"`);
  return Number(text);
}

/** Writes a command's output file, or fails with a clean error naming it. */
export async function writeOutputFile(path: string, text: string): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  try {
    await writeFile(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(`${path}: cannot write it (${code})`);
  }
}

/** node:util parseArgs, with a usage error reported as the message and the command's help. */
export function parseCommandArgs<T extends ParseArgsConfig>(
  config: T,
  help: string,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${help}`);
  }
}
