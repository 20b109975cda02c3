// Reads a folder of migrations for `fkdoctor check DIR`: every .sql file under it (hidden
// folders and node_modules aside), in the order its migration tool would run them, each file
// as the tool runs it (only the up half of a goose or dbmate file).

import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type MigrationOrder, migrationOrder } from '../doctor/script/migration-order.js';
import { upSections } from '../doctor/script/migration-sections.js';
import { CliError } from './exit-codes.js';
import { decode, fileErrorReason, readFileBytes } from './read-input.js';
import type { ScriptFile } from './read-script.js';

export interface MigrationFolder {
  directory: string;
  /** The convention found, what it leaves out, and why. */
  order: MigrationOrder;
  /** The files to run, in order, named as the user would open them (`migrations/V1__a.sql`). */
  scripts: ScriptFile[];
  /** Things about the files worth saying (empty files, halves left out). */
  notes: string[];
}

async function sqlFiles(directory: string, under = ''): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(directory, under), { withFileTypes: true });
  } catch (error) {
    throw new CliError(`${join(directory, under)}: cannot read it (${fileErrorReason(error)})`);
  }
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await sqlFiles(directory, path)));
    else if (entry.name.endsWith('.sql') && (entry.isFile() || entry.isSymbolicLink()))
      found.push(path);
  }
  return found;
}

export async function readMigrations(given: string): Promise<MigrationFolder> {
  // `migrations//` reads as `migrations` in every message.
  const directory = join(given).replace(/(?<=.)[\\/]+$/, '');
  const paths = await sqlFiles(directory);
  if (paths.length === 0) throw new CliError(`${directory}: no .sql files in this folder`);
  const order = migrationOrder(paths, { label: (path) => join(directory, path) });
  if (order.files.length === 0) {
    throw new CliError(
      `${directory}: no migration to run (${order.excluded.map((e) => `${e.file}: ${e.reason}`).join('; ')})`,
    );
  }
  const scripts: ScriptFile[] = [];
  const notes: string[] = [];
  for (const file of order.files) {
    // An empty migration is legal (a placeholder); binary data is not.
    const text = decode(await readFileBytes(file), file, { allowEmpty: true, exact: true });
    if (text.trim() === '') notes.push(`${file} is empty: nothing to run`);
    const up = upSections(text);
    if (up.leftOut.length > 0) {
      const where = up.leftOut.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}–${r.to}`));
      notes.push(
        `${file}: ${up.tool} up/down sections: only the up part runs (lines ${where.join(', ')} left out)`,
      );
    }
    scripts.push({ text: up.text, file });
  }
  return { directory, order, scripts, notes };
}
