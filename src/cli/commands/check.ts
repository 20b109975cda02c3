// fkdoctor check: run a script in a sandbox and report every failure, not just the first.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type CheckReport, renderCheckText, reportOf } from '../../render/check-text.js';
import { styleFor } from '../../render/style.js';
import { bigInput } from '../big-input.js';
import { CliError, exitCodes } from '../exit-codes.js';
import { openSandbox, openSandboxOnDisk, type SandboxChoice } from '../open-sandbox.js';
import {
  type OutputFormat,
  outputFormat,
  parseCommandArgs,
  useColour,
  wholeNumber,
} from '../output-options.js';
import {
  readSchema,
  readScript,
  type ScriptFile,
  scriptFromBytes,
  splitsCleanly,
  withScriptErrors,
} from '../read-script.js';
import { tempDirectory } from '../temp-directory.js';

const help = `Usage: fkdoctor check SCRIPT [options]
       fkdoctor check DIR [options]

Runs SCRIPT (a seed, a migration with data, a data-only pg_dump; "-" for stdin) statement by
statement in a sandbox and reports every failure: each FK failure with file:line, the failing
rows and where (if anywhere) the script inserts the missing parent.

DIR is a folder of migrations, run one after another in the order their tool runs them:
Flyway (V1_2__x.sql by version, then R__x.sql), golang-migrate (000012_x.up.sql), timestamps
(20240101120000_x.sql; Prisma/Diesel folders with migration.sql / up.sql), numeric prefixes
(001_init.sql), else plain name order. Undo and down migrations, and the down half of goose and
dbmate files, are left out. A file that uses a table only a later file creates is reported
first.

Sandbox: an embedded PostgreSQL (PGlite) with the script's own DDL, --schema FILE loaded first,
or with --db URL (or DATABASE_URL / PG*) a transaction on that server that is always rolled back.

Options:
      --schema FILE   load this schema first (e.g. pg_dump --schema-only)
      --db URL        run in a rolled-back transaction on this database
      --statement-timeout MS
                      statement_timeout there (default 30000; 0: none): a big load may
                      need more
      --stream-threshold MB
                      a SCRIPT larger than this (default 256; stdin too) is checked without
                      holding it: its schema from a first stream of its DDL, then a streamed
                      run (COPY data of tables outside every cycle in pieces; without --db the
                      sandbox is an embedded PostgreSQL on disk in the temp folder), then one
                      more stream to find where missing parents are inserted. Same report
      --json          the report as JSON
      --no-color      no colours
  -h, --help          this help

Exit codes: 0 no failures, 1 failures found (or a table used before its file), 2 bad input,
3 database unreachable.
`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) {
    process.stdout.write(help);
    return exitCodes.ok;
  }
  if (positionals.length !== 1)
    throw new CliError(`check needs one script (got ${positionals.length})\n${help}`);
  const format = outputFormat(values);
  const path = positionals[0]!;
  const schema = values.schema ? await readSchema(values.schema) : undefined;
  const sandbox: SandboxChoice = {
    db: values.db,
    statementTimeoutMs: wholeNumber('--statement-timeout', values['statement-timeout']),
  };
  if (path !== '-' && (await stat(path).catch(() => null))?.isDirectory()) {
    const { checkFolder } = await import('../check-folder.js');
    return checkFolder(path, {
      schema,
      sandbox,
      format,
      colour: useColour(values['no-color']),
    });
  }
  const threshold = (wholeNumber('--stream-threshold', values['stream-threshold']) ?? 256) * MB;
  const input = await bigInput(path, threshold);
  if (input.spill) {
    try {
      return await checkBig(input.path, path === '-' ? null : path, {
        schema,
        sandbox,
        format,
        colour: useColour(values['no-color']),
      });
    } finally {
      await input.dispose();
    }
  }
  const script = input.bytes ? scriptFromBytes(input.bytes, null) : await readScript(path);
  await splitsCleanly(script.file, [script]);
  const engine = await openSandbox(sandbox);
  try {
    const { checkScript } = await import('../../doctor/script/check-script.js');
    const result = await withScriptErrors(script.file, () =>
      checkScript(engine, script, schema ? { schema } : {}),
    );
    return report(reportOf(result), script.file, format, useColour(values['no-color']));
  } finally {
    await engine.close();
  }
}

const MB = 1024 * 1024;

/** The report on stdout, and the exit code it calls for. */
function report(
  result: CheckReport,
  file: string | null,
  format: OutputFormat,
  colour: boolean,
): number {
  if (format === 'json') {
    const { failures, schemaProblems, statements } = result;
    process.stdout.write(
      `${JSON.stringify({ file, statements, failures, schemaProblems }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(renderCheckText(result, file, styleFor(colour)));
  }
  return result.failures.length > 0 ? exitCodes.problems : exitCodes.ok;
}

/** check of a script over --stream-threshold, read from `path` (doctor/script/check-streamed.ts). */
async function checkBig(
  path: string,
  file: string | null,
  options: {
    schema: ScriptFile | undefined;
    sandbox: SandboxChoice;
    format: OutputFormat;
    colour: boolean;
  },
): Promise<number> {
  const { checkStreamed } = await import('../../doctor/script/check-streamed.js');
  const { fileChunks, NotUtf8Error } = await import('../../doctor/script/spill/file-chunks.js');
  const directory = await tempDirectory('check');
  try {
    const result = await withScriptErrors(file, () =>
      checkStreamed(
        () => fileChunks(path),
        file,
        {
          open: () => openSandbox(options.sandbox),
          // Without --db the data goes to an embedded database on disk, not in memory.
          openForRun: () => openSandboxOnDisk(options.sandbox, join(directory.path, 'sandbox')),
        },
        options.schema ? { schema: options.schema } : {},
      ).catch((error: unknown) => {
        if (error instanceof NotUtf8Error)
          throw new CliError(error.message.replace(path, file ?? 'stdin'));
        throw error;
      }),
    );
    // As in memory: nothing but white space is no script (comments alone are one).
    if (result.statements === 0 && (await onlyWhiteSpace(fileChunks(path))))
      throw new CliError(`${file ?? 'stdin'}: the input is empty (only white space)`);
    return report(result, file, options.format, options.colour);
  } finally {
    await directory.remove();
  }
}

async function onlyWhiteSpace(chunks: AsyncIterable<string>): Promise<boolean> {
  for await (const chunk of chunks) if (chunk.trim() !== '') return false;
  return true;
}

function parse(args: string[]) {
  return parseCommandArgs(
    {
      args,
      allowPositionals: true,
      options: {
        schema: { type: 'string' },
        db: { type: 'string' },
        'stream-threshold': { type: 'string' },
        'statement-timeout': { type: 'string' },
        json: { type: 'boolean' },
        format: { type: 'string' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    help,
  );
}
