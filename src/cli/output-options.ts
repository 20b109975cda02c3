// The output options every command shares: --json, --format, colour.

import { CliError } from './exit-codes.js';

export type OutputFormat = 'text' | 'json' | 'markdown';

export function outputFormat(values: {
  json?: boolean | undefined;
  format?: string | undefined;
}): OutputFormat {
  if (values.json) return 'json';
  const format = values.format ?? 'text';
  if (format === 'text' || format === 'json' || format === 'markdown') return format;
  throw new CliError(`--format must be text, json or markdown, not "${format}"`);
}

/** Colour on a terminal unless NO_COLOR is set (https://no-color.org) or --no-color given. */
export function useColour(noColourFlag: boolean | undefined): boolean {
  if (noColourFlag || process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}
