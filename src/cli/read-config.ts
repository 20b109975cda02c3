// Finds and reads fkdoctor's config: --config FILE, else fkdoctor.config.json in the current
// directory, else the "fkdoctor" key of package.json there. A config that does not parse is
// bad input named by file:line:column, never silently skipped.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from './exit-codes.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { fileErrorReason } from './read-input.js';

export interface LoadedConfig {
  /** Where it came from, for messages (`fkdoctor.config.json`, `package.json "fkdoctor"`). */
  source: string;
  /** The parsed object (for the commands to read their part of), undefined when none. */
  value: unknown;
}

export async function loadConfig(
  explicit: string | undefined,
  cwd = process.cwd(),
): Promise<LoadedConfig> {
  if (explicit !== undefined) {
    const text = await readText(explicit, true);
    return { source: explicit, value: parseJson(text ?? '', explicit) };
  }
  const own = join(cwd, 'fkdoctor.config.json');
  const ownText = await readText(own, false);
  if (ownText !== null)
    return { source: 'fkdoctor.config.json', value: parseJson(ownText, 'fkdoctor.config.json') };
  const pkgText = await readText(join(cwd, 'package.json'), false);
  if (pkgText !== null) {
    const pkg = parseJson(pkgText, 'package.json');
    const value =
      typeof pkg === 'object' && pkg !== null
        ? (pkg as Record<string, unknown>).fkdoctor
        : undefined;
    if (value !== undefined) return { source: 'package.json "fkdoctor"', value };
  }
  return { source: 'no config', value: undefined };
}

async function readText(path: string, required: boolean): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError(`${path}: cannot read it (${fileErrorReason(error)})`);
  }
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const where = offset === null ? '' : lineColumn(text, offset);
    const near = offset === null ? (error as Error).message : describeAt(text, offset);
    throw new CliError(`${source}${where}: not valid JSON (${near})`);
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `:${line}:${column}`;
}

function describeAt(text: string, offset: number): string {
  return offset >= text.length ? 'it ends too soon' : `unexpected ${JSON.stringify(text[offset])}`;
}
