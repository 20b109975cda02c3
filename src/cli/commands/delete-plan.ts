import type { DeletePlan } from '../../doctor/delete-plan/delete-plan.js';
import { defaultSessionSettings, type Engine } from '../../engine/engine.js';
import { isDatabaseError } from '../../engine/errors.js';
import { redactSecrets } from '../../engine/redact.js';
import type { DeleteRunReport } from '../../render/delete-plan-text.js';
import { styleFor } from '../../render/style.js';
import { CliError, exitCodes } from '../exit-codes.js';
import { connectUserServer } from '../open-database.js';
import { outputFormat, parseCommandArgs, useColour, writeOutputFile } from '../output-options.js';
import { readScript } from '../read-script.js';

const help = `Usage: fkdoctor delete-plan [--db URL | --schema FILE] TABLE KEY=VALUE... [options]

What DELETE FROM TABLE WHERE KEY = VALUE would do, counted on the real rows: every foreign key
that references a deleted row, with the rows it deletes (CASCADE, followed on), updates (SET NULL,
SET DEFAULT) or is blocked by (RESTRICT, NO ACTION), the hops without an index (each deleted
parent row scans the table), the total per table, and whether the DELETE succeeds. Nothing is
changed unless --apply is given.

TABLE is written as the catalog spells it (Order Items, sales.orders) or as SQL ("Order Items",
sales."Order Items"). Each KEY is a column (as TABLE), each VALUE is cast to the column's type by
the server. Any columns will do: the plan covers every row they match and says how many.

Source: --db URL (or DATABASE_URL / PG*), read in a read-only session; or --schema FILE, a SQL
file (schema and data, e.g. pg_dump --inserts) loaded into an embedded PostgreSQL (PGlite).

Options:
      --db URL          the database
      --schema FILE     load FILE into PGlite and plan there
      --script FILE     write the safe script to FILE ("-": print it instead of the report)
      --cte             with --script: the single-statement form (data-modifying CTEs)
      --verify          run the real DELETE in a transaction that is always rolled back and
                        compare what it did with the plan (needs a writable session; never
                        commits)
      --apply           run the safe script and COMMIT, only if nothing that outlives the
                        DELETE blocks it and the rows changed are exactly the planned ones
      --max-depth N     follow chains of at most N foreign keys (default 16)
      --format F        text (default), json or markdown
      --json            same as --format json
      --no-color        no colours
  -h, --help            this help

Exit codes: 0 the DELETE succeeds (with --verify: it ran as planned; with --apply: committed),
1 something blocks it (or the run differs from the plan), 2 bad input (unknown table or column, a value its column type
rejects, no such row), 3 database unreachable.
`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) {
    process.stdout.write(help);
    return exitCodes.ok;
  }
  const format = outputFormat(values);
  if (values.db !== undefined && values.schema !== undefined) {
    throw new CliError('give --db or --schema, not both');
  }
  if (values.verify && values.apply) throw new CliError('give --verify or --apply, not both');
  if (values.cte && values.script === undefined)
    throw new CliError('--cte goes with --script FILE');
  const [table, ...pairs] = positionals;
  if (table === undefined) throw new CliError(`give the table and the row's key\n${help}`);
  const key = parseKey(pairs);
  const maxDepth = depthOf(values['max-depth']);
  const writes = values.verify === true || values.apply === true;

  const engine = await open(values.db, values.schema, writes);
  try {
    const { readCatalog } = await import('../../engine/introspect.js');
    const { planDelete } = await import('../../doctor/delete-plan/plan-delete.js');
    const { DeletePlanError } = await import('../../doctor/delete-plan/delete-plan.js');
    let plan: DeletePlan;
    try {
      const catalog = await readCatalog(engine);
      plan = await planDelete(engine, catalog, table, key, { maxDepth });
    } catch (error) {
      if (error instanceof DeletePlanError) throw new CliError(error.message);
      throw databaseProblem(engine, error);
    }

    let runReport: DeleteRunReport | null = null;
    if (values.verify || values.apply) {
      const { applyDelete, verifyDelete } = await import('../../doctor/delete-plan/run-delete.js');
      if (values.apply && !plan.scriptRuns) {
        process.stderr.write('fkdoctor: not applied: the plan says this DELETE fails\n');
      } else {
        try {
          runReport = values.apply
            ? { kind: 'apply', run: await applyDelete(engine, plan) }
            : { kind: 'verify', run: await verifyDelete(engine, plan) };
        } catch (error) {
          throw databaseProblem(engine, error);
        }
      }
    }

    if (values.script !== undefined) {
      const { renderDeleteScript } = await import('../../doctor/delete-plan/delete-script.js');
      const script = renderDeleteScript(plan, values.cte ? 'cte' : 'transaction');
      if (values.script === '-') process.stdout.write(script);
      else await writeOutputFile(values.script, script);
    }
    if (values.script !== '-') process.stdout.write(await render(plan, format, runReport, values));
    if (runReport?.kind === 'apply') {
      return runReport.run.committed ? exitCodes.ok : exitCodes.problems;
    }
    if (runReport?.kind === 'verify') {
      // The server's own DELETE ran as planned (also one the plan said may fail by trigger
      // order: the order is fixed for a schema, so it will run the same way again).
      const ran = runReport.run.error === null && runReport.run.matchesPlan;
      return ran ? exitCodes.ok : exitCodes.problems;
    }
    return plan.succeeds ? exitCodes.ok : exitCodes.problems;
  } finally {
    await engine.close();
  }
}

async function render(
  plan: DeletePlan,
  format: 'text' | 'json' | 'markdown',
  runReport: DeleteRunReport | null,
  values: { 'no-color'?: boolean | undefined },
): Promise<string> {
  if (format === 'json') {
    return (await import('../../render/delete-plan-json.js')).renderDeletePlanJson(plan, runReport);
  }
  if (format === 'markdown') {
    return (await import('../../render/delete-plan-markdown.js')).renderDeletePlanMarkdown(plan);
  }
  const { renderDeletePlanText } = await import('../../render/delete-plan-text.js');
  return renderDeletePlanText(plan, styleFor(useColour(values['no-color'])), runReport);
}

/**
 * The user's server (read-only unless --verify / --apply need to write), or PGlite with the
 * --schema file loaded.
 */
async function open(
  db: string | undefined,
  schemaFile: string | undefined,
  writes: boolean,
): Promise<Engine> {
  if (schemaFile === undefined) {
    const server = await connectUserServer(db, { ...defaultSessionSettings, readOnly: !writes });
    if (!server) {
      throw new CliError(
        'no database: give --db URL (or set DATABASE_URL), or --schema FILE to plan on a SQL file in an embedded PostgreSQL',
      );
    }
    return server.engine;
  }
  const script = await readScript(schemaFile);
  const { openEmbedded } = await import('../../engine/pglite.js');
  const engine = await openEmbedded();
  try {
    await engine.exec(script.text);
  } catch (error) {
    await engine.close();
    if (!isDatabaseError(error)) throw error;
    throw new CliError(`${script.file ?? 'stdin'}: does not load: ${error.message}`);
  }
  return engine;
}

/** A server error while planning or running: the database cannot be used as needed (exit 3). */
function databaseProblem(engine: Engine, error: unknown): unknown {
  if (!isDatabaseError(error)) return error;
  return new CliError(`${engine.label}: ${redactSecrets(error.message)}`, exitCodes.database);
}

/** `col=value` pairs; a quoted column may hold `=` (`"a=b"=1`). */
export function parseKey(pairs: readonly string[]): Record<string, string> {
  if (pairs.length === 0) {
    throw new CliError('give the row to delete as KEY=VALUE after the table (e.g. orders id=42)');
  }
  const key: Record<string, string> = {};
  for (const pair of pairs) {
    let split = -1;
    if (pair.startsWith('"')) {
      let i = 1;
      while (i < pair.length) {
        if (pair[i] === '"' && pair[i + 1] === '"') i += 2;
        else if (pair[i] === '"') break;
        else i++;
      }
      split = pair.indexOf('=', i + 1);
    } else {
      split = pair.indexOf('=');
    }
    if (split <= 0) throw new CliError(`"${pair}" is not KEY=VALUE`);
    const name = pair.slice(0, split);
    if (Object.hasOwn(key, name)) throw new CliError(`${name} is given twice`);
    key[name] = pair.slice(split + 1);
  }
  return key;
}

function depthOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text))
    throw new CliError(`--max-depth must be a whole number above 0, not "${text}"`);
  return Number(text);
}

function parse(args: string[]) {
  return parseCommandArgs(
    {
      args,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        schema: { type: 'string' },
        script: { type: 'string' },
        cte: { type: 'boolean' },
        verify: { type: 'boolean' },
        apply: { type: 'boolean' },
        'max-depth': { type: 'string' },
        format: { type: 'string' },
        json: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    help,
  );
}
