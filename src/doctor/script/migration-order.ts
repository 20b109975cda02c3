// The order a migration tool runs a folder of migrations in, from the file names alone, so that
// `fkdoctor check migrations/` runs them as the tool would. Paths are relative to the folder,
// separated by `/`. Conventions, most specific first; the first that fits every file wins:
//
// - Flyway: `V<version>__<description>.sql` by version (parts split on `.` or `_`, compared as
//   numbers, trailing zero parts ignored: V1_2 < V1_10, V1 = V1.0), then `R__<description>.sql`
//   by description. Undo (`U<version>__`) and callback (`beforeMigrate.sql`, ...) files are not
//   migrations that run forward, so they are left out with a reason. Subfolders are scanned.
// - golang-migrate: `<version>_<name>.up.sql` by version; `.down.sql` left out.
// - timestamps: `20240101120000_name.sql` (Rails, Knex, Supabase, dbmate), or one folder per
//   migration holding `migration.sql` (Prisma) or `up.sql` (Diesel: `2024-01-01-120000_name/`).
// - numeric prefixes: `001_init.sql`, `12-add.sql`, by number.
// - otherwise plain code-point order of the paths (never the locale's: it differs by machine).
//
// A down migration (`*.down.sql`, `down.sql`) is left out whatever the convention: running it
// after its up migration would undo it.

export type MigrationConvention = 'flyway' | 'golang-migrate' | 'timestamp' | 'numeric' | 'plain';

export interface ExcludedMigration {
  file: string;
  reason: string;
}

export interface MigrationOrder {
  convention: MigrationConvention;
  /** The convention in words, for the report. */
  description: string;
  /** The files to run, in the order the tool runs them. */
  files: string[];
  /** Files in the folder that the tool does not run forward, with why. */
  excluded: ExcludedMigration[];
  notes: string[];
}

/** One file, read under every convention at once; a field is absent when that one does not fit. */
interface Entry {
  path: string;
  /** How the result names it. */
  label: string;
  /** The migration's name: the file name, or its folder's for `migration.sql` / `up.sql`. */
  name: string;
  folder: boolean;
  down: boolean;
  flyway?:
    | { type: 'versioned'; version: string[] }
    | { type: 'repeatable'; description: string }
    | { type: 'undo' | 'callback' };
  golang?: { version: string; down: boolean };
  timestamp?: string;
  numeric?: string;
}

const flywayVersioned = /^V(\d+(?:[._]\d+)*)__(.*)\.sql$/;
const flywayRepeatable = /^R__(.*)\.sql$/;
const flywayUndo = /^U\d+(?:[._]\d+)*__.*\.sql$/;
// Flyway's SQL callbacks are named after their event: beforeMigrate.sql, afterEachMigrate__x.sql.
const flywayCallback = /^(?:before|after)[A-Z][A-Za-z]*(?:__.*)?\.sql$/;
const golangMigrate = /^(\d+)_.+\.(up|down)\.sql$/;
// YYYYMMDDHHMMSS, or Diesel's YYYY-MM-DD-HHMMSS.
const timestampPrefix = /^(\d{4})(-?)(\d{2})\2(\d{2})\2(\d{6})(?!\d)/;
const numericPrefix = /^(\d+)(?!\d)/;
const folderFiles = new Set(['migration.sql', 'up.sql', 'down.sql']);

function readEntry(path: string, label: string): Entry {
  const parts = path.split('/');
  const base = parts[parts.length - 1]!;
  const folder = parts.length > 1 && folderFiles.has(base);
  const name = folder ? parts[parts.length - 2]! : base;
  const down = folder ? base === 'down.sql' : base.endsWith('.down.sql');
  const entry: Entry = { path, label, name, folder, down };
  if (!folder) {
    const versioned = flywayVersioned.exec(base);
    const repeatable = flywayRepeatable.exec(base);
    if (versioned) entry.flyway = { type: 'versioned', version: versioned[1]!.split(/[._]/) };
    else if (repeatable) entry.flyway = { type: 'repeatable', description: repeatable[1]! };
    else if (flywayUndo.test(base)) entry.flyway = { type: 'undo' };
    else if (flywayCallback.test(base)) entry.flyway = { type: 'callback' };
    const golang = golangMigrate.exec(base);
    if (golang) entry.golang = { version: golang[1]!, down: golang[2] === 'down' };
  }
  const stamp = timestampPrefix.exec(name);
  if (stamp && validDate(stamp[0]!, stamp[3]!, stamp[4]!)) {
    entry.timestamp = `${stamp[1]}${stamp[3]}${stamp[4]}${stamp[5]}`;
  }
  const number = numericPrefix.exec(name);
  if (number) entry.numeric = number[1]!;
  return entry;
}

function validDate(stamp: string, month: string, day: string): boolean {
  // Diesel's first migration is 00000000000000_diesel_initial_setup.
  if (/^[0-]+$/.test(stamp)) return true;
  const m = Number(month);
  const d = Number(day);
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/** Code-point order, the same on every machine (JavaScript's < compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

/** Two runs of digits as numbers, of any length (versions can exceed 2^53). */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareVersions(a: readonly string[], b: readonly string[]): number {
  const x = trimZeros(a);
  const y = trimZeros(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const order = compareDigits(x[i] ?? '0', y[i] ?? '0');
    if (order !== 0) return order;
  }
  return 0;
}

/** Flyway reads 1.0 as 1. */
function trimZeros(parts: readonly string[]): readonly string[] {
  let end = parts.length;
  while (end > 1 && /^0+$/.test(parts[end - 1]!)) end--;
  return parts.slice(0, end);
}

function byPath(a: Entry, b: Entry): number {
  return compareCodePoints(a.path, b.path);
}

interface Reading {
  convention: Exclude<MigrationConvention, 'plain'>;
  /** Does this convention read the file (to run it or to leave it out)? */
  fits(entry: Entry): boolean;
  excludeReason(entry: Entry): string | null;
  compare(a: Entry, b: Entry): number;
  /** Two migrations the tool would not tell apart, or null. */
  same(a: Entry, b: Entry): boolean;
  describe(run: Entry[]): string;
}

const downReason = 'a down migration: it undoes its up migration and is not run forward';

const readings: Reading[] = [
  {
    convention: 'flyway',
    fits: (e) => e.flyway !== undefined || e.down,
    excludeReason: (e) =>
      e.flyway?.type === 'undo'
        ? 'a Flyway undo migration: run only by `flyway undo`'
        : e.flyway?.type === 'callback'
          ? 'a Flyway callback: it runs around migrations, it is not one'
          : e.flyway === undefined
            ? downReason
            : null,
    compare: (a, b) => {
      const x = a.flyway!;
      const y = b.flyway!;
      if (x.type === 'versioned' && y.type === 'versioned') {
        return compareVersions(x.version, y.version) || byPath(a, b);
      }
      if (x.type === 'versioned') return -1;
      if (y.type === 'versioned') return 1;
      if (x.type === 'repeatable' && y.type === 'repeatable') {
        return compareCodePoints(x.description, y.description) || byPath(a, b);
      }
      return byPath(a, b);
    },
    same: (a, b) =>
      a.flyway?.type === 'versioned' &&
      b.flyway?.type === 'versioned' &&
      compareVersions(a.flyway.version, b.flyway.version) === 0,
    describe: () =>
      'Flyway: V<version>__ migrations by version, then R__ repeatable ones by description',
  },
  {
    convention: 'golang-migrate',
    fits: (e) => e.golang !== undefined,
    excludeReason: (e) => (e.golang?.down ? downReason : null),
    compare: (a, b) => compareDigits(a.golang!.version, b.golang!.version) || byPath(a, b),
    same: (a, b) => compareDigits(a.golang!.version, b.golang!.version) === 0,
    describe: () => 'golang-migrate: <version>_<name>.up.sql by version',
  },
  {
    convention: 'timestamp',
    fits: (e) => e.timestamp !== undefined,
    excludeReason: (e) => (e.down ? downReason : null),
    compare: (a, b) => compareCodePoints(a.timestamp!, b.timestamp!) || byPath(a, b),
    same: (a, b) => a.timestamp === b.timestamp,
    describe: (run) =>
      run.some((e) => e.folder)
        ? 'timestamp prefixes in time order, one folder per migration (Prisma migration.sql, Diesel up.sql)'
        : 'timestamp prefixes (YYYYMMDDHHMMSS) in time order',
  },
  {
    convention: 'numeric',
    fits: (e) => e.numeric !== undefined,
    excludeReason: (e) => (e.down ? downReason : null),
    compare: (a, b) => compareDigits(a.numeric!, b.numeric!) || byPath(a, b),
    same: (a, b) => compareDigits(a.numeric!, b.numeric!) === 0,
    describe: () => 'numeric prefixes in numeric order',
  },
];

export interface MigrationOrderOptions {
  /** How to name a file in the result (e.g. with its folder in front); the path itself by default. */
  label?: (path: string) => string;
}

export function migrationOrder(
  paths: readonly string[],
  options: MigrationOrderOptions = {},
): MigrationOrder {
  const label = options.label ?? ((path: string) => path);
  const entries = paths.map((path) => readEntry(path, label(path)));
  for (const reading of readings) {
    if (entries.length === 0 || !entries.every(reading.fits)) continue;
    const excluded = entries.flatMap((e) => {
      const reason = reading.excludeReason(e);
      return reason ? [{ file: e.label, reason }] : [];
    });
    const run = entries.filter((e) => reading.excludeReason(e) === null).sort(reading.compare);
    return {
      convention: reading.convention,
      description: reading.describe(run),
      files: run.map((e) => e.label),
      excluded,
      notes: sameVersionNotes(run, reading),
    };
  }
  return plainOrder(entries);
}

function sameVersionNotes(run: Entry[], reading: Reading): string[] {
  const notes: string[] = [];
  for (let i = 1; i < run.length; i++) {
    const [a, b] = [run[i - 1]!, run[i]!];
    if (!reading.same(a, b)) continue;
    notes.push(
      reading.convention === 'flyway' || reading.convention === 'golang-migrate'
        ? `${a.label} and ${b.label} have the same version: ${reading.convention === 'flyway' ? 'Flyway' : 'golang-migrate'} refuses to run the folder; checked in name order`
        : `${a.label} and ${b.label} have the same prefix; run in name order`,
    );
  }
  return notes;
}

function plainOrder(entries: Entry[]): MigrationOrder {
  const excluded = entries
    .filter((e) => e.down)
    .map((e) => ({ file: e.label, reason: downReason }));
  const run = entries.filter((e) => !e.down).sort(byPath);
  const notes: string[] = [];
  // Say which convention almost fitted, and which files broke it.
  const best = readings
    .map((reading) => ({ reading, misfits: entries.filter((e) => !reading.fits(e)) }))
    .filter(({ misfits }) => misfits.length < entries.length)
    .sort((x, y) => x.misfits.length - y.misfits.length)[0];
  if (best && entries.length > 1) {
    const shown = best.misfits.slice(0, 3).map((e) => e.label);
    const more = best.misfits.length > 3 ? ` and ${best.misfits.length - 3} more` : '';
    notes.push(
      `the files follow no one naming convention (${describeConvention(best.reading.convention)} fits ${entries.length - best.misfits.length} of ${entries.length}; not ${shown.join(', ')}${more}): run in plain name order`,
    );
  }
  return {
    convention: 'plain',
    description: 'plain name order (by code point)',
    files: run.map((e) => e.label),
    excluded,
    notes,
  };
}

function describeConvention(convention: MigrationConvention): string {
  switch (convention) {
    case 'flyway':
      return 'Flyway naming';
    case 'golang-migrate':
      return 'golang-migrate naming';
    case 'timestamp':
      return 'a timestamp prefix';
    case 'numeric':
      return 'a numeric prefix';
    default:
      return 'plain order';
  }
}
