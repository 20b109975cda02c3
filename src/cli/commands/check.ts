// fkdoctor check: run a script in a sandbox and report every failure, not just the first.

import { stat } from 'node:fs/promises';
import { renderCheckText, reportOf } from '../../render/check-text.js';
import { styleFor } from '../../render/style.js';
import { CliError, exitCodes } from '../exit-codes.js';
import { openSandbox } from '../open-sandbox.js';
import { outputFormat, parseCommandArgs, useColour } from '../output-options.js';
import { readSchema, readScript, splitsCleanly, withScriptErrors } from '../read-script.js';

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
  if (path !== '-' && (await stat(path).catch(() => null))?.isDirectory()) {
    const { checkFolder } = await import('../check-folder.js');
    return checkFolder(path, {
      schema,
      db: values.db,
      format,
      colour: useColour(values['no-color']),
    });
  }
  const script = await readScript(path);
  await splitsCleanly(script.file, [script]);
  const engine = await openSandbox(values.db);
  try {
    const { checkScript } = await import('../../doctor/script/check-script.js');
    const result = await withScriptErrors(script.file, () =>
      checkScript(engine, script, schema ? { schema } : {}),
    );
    if (format === 'json') {
      const { failures, schemaProblems, statements } = result;
      process.stdout.write(
        `${JSON.stringify({ file: script.file, statements: statements.length, failures, schemaProblems }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(
        renderCheckText(reportOf(result), script.file, styleFor(useColour(values['no-color']))),
      );
    }
    return result.failures.length > 0 ? exitCodes.problems : exitCodes.ok;
  } finally {
    await engine.close();
  }
}

function parse(args: string[]) {
  return parseCommandArgs(
    {
      args,
      allowPositionals: true,
      options: {
        schema: { type: 'string' },
        db: { type: 'string' },
        json: { type: 'boolean' },
        format: { type: 'string' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    help,
  );
}
