// fkdoctor graph: the FK graph of a database (or of a schema file loaded into PGlite) as text,
// Mermaid, DOT, JSON or an SVG drawn without Graphviz.

import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { GraphReport } from '../../doctor/graph/graph-report.js';
import type { Engine } from '../../engine/engine.js';
import { isDatabaseError } from '../../engine/errors.js';
import { redactSecrets } from '../../engine/redact.js';
import type { Catalog } from '../../model/catalog.js';
import { styleFor } from '../../render/style.js';
import { CliError, exitCodes } from '../exit-codes.js';
import { openUserServer } from '../open-database.js';
import { useColour } from '../output-options.js';
import { readScript, type ScriptFile, withScriptErrors } from '../read-script.js';

const help = `Usage: fkdoctor graph [--db URL | --schema FILE] [options]

The foreign-key graph: the load order with levels (tables of one level can load in parallel),
every cycle and how to load it (which FK to defer, which to load as NULL then UPDATE, or which
to change when nothing works), and what a DELETE of a referenced row cascades into, sets NULL,
or is blocked by.

Source: --db URL (or DATABASE_URL / PG*), read in a read-only session; --schema FILE (e.g.
pg_dump --schema-only) loaded into an embedded PostgreSQL (PGlite); else an empty PGlite.

Options:
      --db URL             read this database
      --schema FILE        load this schema into PGlite and read that
      --schema-name NAME   only the tables of schema NAME (repeat for more)
      --table T            only T's neighbourhood: what it references and what references it
      --depth N            with --table: at most N foreign keys away (default: no limit)
      --format F           text (default), mermaid, dot, json or svg
      --json               same as --format json
  -o, --output FILE        write to FILE instead of stdout
      --no-color           no colours
  -h, --help               this help

Exit codes: 0 done, 1 a cycle that no insert order can load, 2 bad input, 3 database
unreachable.
`;

const formats = ['text', 'mermaid', 'dot', 'json', 'svg'] as const;
type GraphFormat = (typeof formats)[number];

export async function run(args: string[]): Promise<number> {
  const { values } = parse(args);
  if (values.help) {
    process.stdout.write(help);
    return exitCodes.ok;
  }
  const format = formatOf(values);
  const depth = depthOf(values.depth, values.table);
  if (values.db !== undefined && values.schema !== undefined) {
    throw new CliError('give --db or --schema, not both');
  }

  const { catalog, source, empty } = await readSource(values.db, values.schema);
  const filtered = (values['schema-name']?.length ?? 0) > 0;
  const { buildGraphReport, GraphSelectionError } = await import(
    '../../doctor/graph/graph-report.js'
  );
  let report: GraphReport;
  try {
    report = buildGraphReport(catalog, {
      ...(values['schema-name'] ? { schemas: values['schema-name'] } : {}),
      ...(values.table !== undefined ? { table: values.table } : {}),
      depth,
    });
  } catch (error) {
    if (error instanceof GraphSelectionError) throw new CliError(`${source}: ${error.message}`);
    throw error;
  }

  let output = await render(report, format, useColour(values['no-color']) && !values.output);
  if (report.tables.length === 0) {
    const hint = emptyHint(source, empty, filtered);
    if (format === 'text') output += `${hint}\n`;
    else process.stderr.write(`fkdoctor: ${hint}\n`);
  }
  if (values.output) await writeOutput(values.output, output);
  else process.stdout.write(output);
  return report.cycles.some((cycle) => !cycle.loadable) ? exitCodes.problems : exitCodes.ok;
}

/** The catalog to draw, where it came from (for messages), and whether it is the empty default. */
async function readSource(
  db: string | undefined,
  schemaFile: string | undefined,
): Promise<{ catalog: Catalog; source: string; empty: boolean }> {
  const { readCatalog } = await import('../../engine/introspect.js');
  const server = schemaFile === undefined ? await openUserServer(db) : null;
  if (server) {
    // openUserServer's session is read-only: nothing here can write to the user's database.
    const catalog = await withEngine(server, async (engine) => {
      try {
        return await readCatalog(engine);
      } catch (error) {
        // A server error here (no rights on the catalog, statement_timeout) is "cannot use".
        if (!isDatabaseError(error)) throw error;
        throw new CliError(
          `${server.label}: could not read the catalog: ${redactSecrets(error.message)}`,
          exitCodes.database,
        );
      }
    });
    return { catalog, source: server.label, empty: false };
  }
  // The file is read first: a bad path should not wait for the embedded database to start.
  const script = schemaFile === undefined ? null : await readScript(schemaFile);
  const { openEmbedded } = await import('../../engine/pglite.js');
  const engine = await openEmbedded();
  if (script === null || schemaFile === undefined) {
    return { catalog: await withEngine(engine, readCatalog), source: engine.label, empty: true };
  }
  const catalog = await withEngine(engine, async (embedded) => {
    await loadSchemaFile(embedded, script);
    return readCatalog(embedded);
  });
  return { catalog, source: schemaFile, empty: false };
}

async function withEngine<T>(engine: Engine, fn: (engine: Engine) => Promise<T>): Promise<T> {
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

/**
 * Loads the schema file; what does not load (extensions PGlite lacks, roles, objects that
 * needed them) is reported on stderr and left out, as check and fix do.
 */
async function loadSchemaFile(engine: Engine, script: ScriptFile): Promise<void> {
  const file = script.file ?? 'stdin';
  const { scanScript } = await import('../../sql/split/index.js');
  const { loadSchema } = await import('../../doctor/script/load-schema.js');
  const load = await withScriptErrors(script.file, async () =>
    loadSchema(engine, script.text, scanScript(script.text).statements),
  );
  const errors = load.problems.filter((p) => p.kind === 'error' || p.kind === 'extension');
  for (const problem of errors.slice(0, 5)) {
    process.stderr.write(
      `fkdoctor: note: ${file}:${problem.line}: not loaded (${problem.message}): ${problem.statementText}\n`,
    );
  }
  if (errors.length > 5) {
    process.stderr.write(
      `fkdoctor: note: ${file}: ${errors.length - 5} more statements not loaded\n`,
    );
  }
}

function emptyHint(source: string, empty: boolean, filtered: boolean): string {
  return empty
    ? 'The graph is empty: no database given, so this is an empty embedded PostgreSQL. Point it at a database with --db URL (or DATABASE_URL), or load a schema with --schema FILE (e.g. pg_dump --schema-only output).'
    : `The graph is empty: ${source} has no tables${filtered ? ' in the schemas shown' : ''}.`;
}

async function render(report: GraphReport, format: GraphFormat, colour: boolean): Promise<string> {
  switch (format) {
    case 'mermaid':
      return (await import('../../render/graph-mermaid.js')).renderGraphMermaid(report);
    case 'dot':
      return (await import('../../render/graph-dot.js')).renderGraphDot(report);
    case 'json':
      return (await import('../../render/graph-json.js')).renderGraphJson(report);
    case 'svg':
      return (await import('../../render/graph-svg.js')).renderGraphSvg(report);
    default:
      return (await import('../../render/graph-text.js')).renderGraphText(report, styleFor(colour));
  }
}

async function writeOutput(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(`${path}: cannot write it (${code})`);
  }
}

function formatOf(values: { json?: boolean | undefined; format?: string | undefined }) {
  if (values.json) return 'json';
  const format = values.format ?? 'text';
  if ((formats as readonly string[]).includes(format)) return format as GraphFormat;
  throw new CliError(`--format must be ${formats.join(', ')}, not "${format}"`);
}

function depthOf(text: string | undefined, table: string | undefined): number | null {
  if (text === undefined) return null;
  if (table === undefined) throw new CliError('--depth goes with --table');
  if (!/^\d+$/.test(text)) throw new CliError(`--depth must be a whole number, not "${text}"`);
  return Number(text);
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: false,
      options: {
        db: { type: 'string' },
        schema: { type: 'string' },
        'schema-name': { type: 'string', multiple: true },
        table: { type: 'string' },
        depth: { type: 'string' },
        format: { type: 'string' },
        json: { type: 'boolean' },
        output: { type: 'string', short: 'o' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${help}`);
  }
}
