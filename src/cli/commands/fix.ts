// fkdoctor fix: rewrite a script so that it runs (parents before children, cycles deferred),
// changing nothing else, and prove it by running the result in the sandbox.

import { createReadStream } from 'node:fs';
import { copyFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FixResult } from '../../doctor/script/fix-script.js';
import type { MissingParentsMode } from '../../doctor/script/missing/missing-parent-rows.js';
import { resolveConnection } from '../../engine/connection.js';
import type { Engine } from '../../engine/engine.js';
import type { Catalog } from '../../model/catalog.js';
import { renderFixSummary } from '../../render/fix-text.js';
import { type Style, styleFor } from '../../render/style.js';
import { unifiedDiff } from '../../render/unified-diff.js';
import { bigInput } from '../big-input.js';
import { CliError, exitCodes } from '../exit-codes.js';
import { parseMapBy } from '../map-by-option.js';
import { openSandbox, openSandboxOnDisk, type SandboxChoice } from '../open-sandbox.js';
import { parseCommandArgs, useColour, wholeNumber } from '../output-options.js';
import {
  readSchema,
  readScript,
  type ScriptFile,
  scriptFromBytes,
  withScriptErrors,
} from '../read-script.js';
import { tempDirectory } from '../temp-directory.js';

const help = `Usage: fkdoctor fix SCRIPT [options]

Writes SCRIPT reordered so that it runs: statements move across tables in foreign-key order
(statements on one table keep their order), cycles are loaded inside one transaction with
SET CONSTRAINTS ... DEFERRED or through a nullable column loaded as NULL and updated after.
A self-referencing table's statements are ordered by their rows, parents first; when they
need each other, their rows are split into pieces (only the statements that must be).
Everything not moved stays byte for byte (a leading byte order mark too). The result is run
in the sandbox before it is printed; a script that still fails is never printed as fixed.

Rows whose parent key no statement inserts cannot be fixed by any order. They are reported
(file:line, table, constraint, key); --missing-parents says what to do about them instead:
  placeholder   insert the missing parents (their key; other NOT NULL columns get a value
                of their type) with ON CONFLICT DO NOTHING, before the first row needing them
  quarantine    take those rows, and every row that references them, out of the script and
                write them unchanged to a psql script of their own (--quarantine FILE)
  map           give each such row the key of a parent that already exists in the --db
                database, found by a natural key: the parent's one unique key besides the
                referenced one, or the columns --map-by names. The key's values come from the
                script's own parent row that carried the missing key (e.g. it met an existing
                row under ON CONFLICT DO NOTHING), or from the child row's columns named by
                --map-by PARENT.COLS=CHILD.COLS. Only the child's foreign-key values change.
                No match, several matches, or no value to search by: the row is reported and
                stays as it is (exit 1). Rows of INSERT ... VALUES and text-format COPY only.

Options:
  -o, --output FILE           write the fixed script to FILE (default: stdout)
      --json                  the report as JSON on stdout instead of the summary on stderr
                              (moves, deferrals, what cannot be fixed with file:line and key);
                              needs -o FILE for the script
      --schema FILE           load this schema first (e.g. pg_dump --schema-only)
      --db URL                check in a rolled-back transaction on this database
      --statement-timeout MS  statement_timeout there (default 30000; 0: none): a big load
                              may need more
      --missing-parents MODE  report (default), placeholder, quarantine or map
      --map-by SPEC           with map: TABLE.COL[,COL] (the parent's natural key), optionally
                              =TABLE.COL[,COL] (the child's columns holding it); repeatable.
                              Names as in SQL: "Mixed Case" quoted, schema.table allowed
      --quarantine FILE       where quarantined rows go (default: SCRIPT.quarantine.sql
                              next to the output)
      --allow-schema-changes  a cycle with no nullable or deferrable edge: make one constraint
                              DEFERRABLE for the load and restore it after
      --explain               say why each statement moved
      --diff                  a unified diff of the change on stderr instead of the summary
      --spill-threshold MB    scripts larger than this (default 256) are not held in memory:
                              runs of plain loads (INSERT ... VALUES, COPY data) of tables
                              outside every cycle (or referencing only themselves, loaded by
                              one statement) go to a temp file, the rest is planned,
                              and the result is proven by a streamed run (with an embedded
                              sandbox, on disk in the temp folder). There --missing-parents
                              is report only and --diff is not available
      --no-color              no colours
  -h, --help                  this help

Exit codes: 0 fixed (or nothing to fix), 1 not fixable, 2 bad input, 3 database unreachable.
`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) {
    process.stdout.write(help);
    return exitCodes.ok;
  }
  if (positionals.length !== 1)
    throw new CliError(`fix needs one script (got ${positionals.length})\n${help}`);
  const path = positionals[0]!;
  const missingParents = missingParentsMode(values['missing-parents']);
  const mapBy = (values['map-by'] ?? []).map(parseMapBy);
  if (mapBy.length > 0 && missingParents !== 'map')
    throw new CliError('--map-by goes with --missing-parents map');
  if (
    missingParents === 'map' &&
    resolveConnection({ db: values.db }, process.env).kind === 'embedded'
  ) {
    throw new CliError(
      '--missing-parents map finds existing parents in your database: give it with --db URL (or DATABASE_URL / PG* variables)',
    );
  }
  if (values.json && values.output === undefined)
    throw new CliError(
      '--json prints the report on stdout: give the fixed script a file with -o FILE',
    );
  const quarantinePath = quarantineFile(path, values.output, values.quarantine, missingParents);
  const schema = values.schema ? await readSchema(values.schema) : undefined;
  const style = styleFor(useColour(values['no-color']) && process.stderr.isTTY === true);
  const sandbox: SandboxChoice = {
    db: values.db,
    statementTimeoutMs: wholeNumber('--statement-timeout', values['statement-timeout']),
  };
  const open = () => openSandbox(sandbox);
  const threshold = (wholeNumber('--spill-threshold', values['spill-threshold']) ?? 256) * MB;
  const input = await bigInput(path, threshold);
  if (input.spill) {
    try {
      if (missingParents !== 'report')
        throw new CliError(
          `--missing-parents ${missingParents} needs the script in memory: ${path === '-' ? 'stdin' : path} is over the spill threshold (--spill-threshold ${threshold / MB})`,
        );
      if (values.diff)
        throw new CliError(
          `--diff needs the script in memory: ${path === '-' ? 'stdin' : path} is over the spill threshold (--spill-threshold ${threshold / MB})`,
        );
      return await runSpilled(input.path, path === '-' ? null : path, {
        open,
        schema,
        sandbox,
        output: values.output,
        allowSchemaChanges: values['allow-schema-changes'] === true,
        explain: values.explain === true,
        json: values.json === true,
        style,
      });
    } finally {
      await input.dispose();
    }
  }
  const { fixScript } = await import('../../doctor/script/fix-script.js');
  const catalog = await withScriptErrors(path, () => bigScriptCatalog(path, open, schema));
  const script = input.bytes ? scriptFromBytes(input.bytes, null) : await readScript(path);
  const { MapByError } = await import('../../doctor/script/missing/natural-key.js');
  const result = await withScriptErrors(script.file, () =>
    fixScript(open, script, {
      ...(schema ? { schema } : {}),
      allowSchemaChanges: values['allow-schema-changes'] === true,
      ...(catalog ? { catalog } : {}),
      missingParents,
      ...(mapBy.length > 0 ? { mapBy } : {}),
      ...(quarantinePath ? { quarantineName: basename(quarantinePath) } : {}),
    }).catch((error: unknown) => {
      if (error instanceof MapByError) throw new CliError(error.message);
      throw error;
    }),
  );
  const diff =
    values.diff && result.fixed !== null && result.verified
      ? unifiedDiff(script.text, result.fixed, [
          script.file ?? 'stdin',
          `${script.file ?? 'stdin'} (fixed)`,
        ])
      : null;
  if (diff !== null || !values.json)
    process.stderr.write(diff ?? renderFixSummary(result, script, style, values.explain === true));
  const json = (output: string | null) =>
    values.json ? printFixJson(result, script, output, quarantinePath) : undefined;
  const fixed = result.fixed ?? (result.verified ? script.text : null);
  if (fixed === null || !result.verified) {
    await json(null);
    return exitCodes.problems;
  }
  // A byte order mark the script began with begins the fixed script too.
  const output = script.bom ? `\uFEFF${fixed}` : fixed;
  if (result.quarantine && quarantinePath) {
    // The rows go to their file before the script that no longer has them is printed.
    await writeFile(quarantinePath, result.quarantine.text);
    const count = result.quarantine.rows.length;
    if (!values.json) {
      process.stderr.write(
        `${count} quarantined row${count === 1 ? '' : 's'} written to ${quarantinePath}\n`,
      );
    }
  }
  if (values.output) await writeFile(values.output, output);
  else process.stdout.write(output);
  await json(values.output ?? null);
  return exitCodes.ok;
}

/** --json: the report on stdout, after the files it names are written. */
async function printFixJson(
  result: FixResult,
  script: ScriptFile,
  output: string | null,
  quarantinePath: string | null,
): Promise<void> {
  const { renderFixJson } = await import('../../render/fix-json.js');
  process.stdout.write(
    renderFixJson(result, script, {
      output,
      quarantineFile: result.quarantine ? quarantinePath : null,
    }),
  );
}

const modes: readonly MissingParentsMode[] = ['report', 'placeholder', 'quarantine', 'map'];

function missingParentsMode(value: string | undefined): MissingParentsMode {
  if (value === undefined) return 'report';
  if ((modes as readonly string[]).includes(value)) return value as MissingParentsMode;
  throw new CliError(`--missing-parents must be one of ${modes.join(', ')} (got "${value}")`);
}

/** The quarantine file: --quarantine, or SCRIPT.quarantine.sql in the output's folder. */
function quarantineFile(
  script: string,
  output: string | undefined,
  given: string | undefined,
  mode: MissingParentsMode,
): string | null {
  if (mode !== 'quarantine') {
    if (given !== undefined)
      throw new CliError('--quarantine goes with --missing-parents quarantine');
    return null;
  }
  const named = script === '-' ? output : script;
  if (given === undefined && named === undefined) {
    throw new CliError(
      'fix reads the script from stdin: say where quarantined rows go (--quarantine FILE)',
    );
  }
  const file = resolve(
    given ??
      join(dirname(output ?? named!), `${basename(named!).replace(/\.sql$/i, '')}.quarantine.sql`),
  );
  for (const other of [script, output]) {
    if (other !== undefined && other !== '-' && resolve(other) === file) {
      throw new CliError(`the quarantine file would overwrite ${other}`);
    }
  }
  return file;
}

const MB = 1024 * 1024;
const big = 32 * MB;

const sizeText = (bytes: number) =>
  bytes < 1024
    ? `${bytes} bytes`
    : bytes < MB
      ? `${(bytes / 1024).toFixed(0)} KB`
      : `${(bytes / MB).toFixed(1)} MB`;

interface SpilledRunOptions {
  open: () => Promise<Engine>;
  schema: ScriptFile | undefined;
  sandbox: SandboxChoice;
  output: string | undefined;
  allowSchemaChanges: boolean;
  explain: boolean;
  json: boolean;
  style: Style;
}

/** fix on a script over the spill threshold (doctor/script/spill/fix-spilled.ts). */
async function runSpilled(path: string, file: string | null, options: SpilledRunOptions) {
  const { fixSpilled } = await import('../../doctor/script/spill/fix-spilled.js');
  const { NotUtf8Error } = await import('../../doctor/script/spill/file-chunks.js');
  const { SpillNotPossible } = await import('../../doctor/script/spill/spill-runs.js');
  const name = file ?? 'stdin';
  // fixSpilled makes its folder inside this one, which goes on Ctrl-C too.
  const directory = await tempDirectory('fix');
  const spilled = await withScriptErrors(file, () =>
    fixSpilled(
      path,
      file,
      {
        open: options.open,
        openForRun: (directory) => openSandboxOnDisk(options.sandbox, directory),
      },
      {
        ...(options.schema ? { schema: options.schema } : {}),
        allowSchemaChanges: options.allowSchemaChanges,
        tempDirectory: directory.path,
      },
    ).catch(async (error: unknown) => {
      await directory.remove();
      if (error instanceof NotUtf8Error) throw new CliError(error.message.replace(path, name));
      if (error instanceof SpillNotPossible)
        throw new CliError(
          `${name}:${error.line}: statements share a line with a COPY's data, so fix cannot cut this script into runs; give it a --spill-threshold above its size`,
        );
      throw error;
    }),
  );
  try {
    const { result } = spilled;
    const planned = { text: spilled.skeleton, file };
    if (!options.json) {
      process.stderr.write(
        renderFixSummary(result, planned, options.style, options.explain, spilled.excerpts),
      );
      process.stderr.write(
        options.style.dim(
          `(planned without holding the script: ${spilled.runs} run${spilled.runs === 1 ? '' : 's'} of plain loads, ${sizeText(spilled.spilledBytes)}, spilled to a temp file)\n`,
        ),
      );
    }
    const json = async (output: string | null) => {
      if (!options.json) return;
      const { renderFixJson } = await import('../../render/fix-json.js');
      process.stdout.write(
        renderFixJson(result, planned, {
          output,
          excerpts: spilled.excerpts,
          statementCount: spilled.statementCount,
        }),
      );
    };
    if (!result.verified) {
      await json(null);
      return exitCodes.problems;
    }
    if (options.output) {
      await copyFile(spilled.outputFile, options.output).catch((error: unknown) => {
        throw new CliError(
          `${options.output}: cannot write it (${(error as NodeJS.ErrnoException).code ?? error})`,
        );
      });
    } else {
      await pipeline(createReadStream(spilled.outputFile), process.stdout, { end: false });
    }
    await json(options.output ?? null);
    return exitCodes.ok;
  } finally {
    await spilled.dispose();
    await directory.remove();
  }
}

/**
 * For a big script, the schema is read first from a stream of the file (its DDL only) and the
 * embedded database that read it is closed and its memory given back, before the whole script
 * is loaded: the two never have to fit in memory together.
 */
async function bigScriptCatalog(
  path: string,
  open: () => Promise<Engine>,
  schema: ScriptFile | undefined,
): Promise<Catalog | undefined> {
  const size = path === '-' ? 0 : ((await stat(path).catch(() => null))?.size ?? 0);
  if (size < big) return undefined;
  // The same schema reader as spilling: it gives the embedded database's memory back too.
  const { streamedCatalog } = await import('../../doctor/script/streamed-catalog.js');
  return streamedCatalog(createReadStream(path, { encoding: 'utf8' }), open, schema);
}

function parse(args: string[]) {
  return parseCommandArgs(
    {
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        schema: { type: 'string' },
        db: { type: 'string' },
        explain: { type: 'boolean' },
        json: { type: 'boolean' },
        'missing-parents': { type: 'string' },
        'map-by': { type: 'string', multiple: true },
        quarantine: { type: 'string' },
        diff: { type: 'boolean' },
        'allow-schema-changes': { type: 'boolean' },
        'spill-threshold': { type: 'string' },
        'statement-timeout': { type: 'string' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    help,
  );
}
