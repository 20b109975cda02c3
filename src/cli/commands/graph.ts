// fkdoctor graph: the FK graph of a database (or of a schema file loaded into PGlite) as text,
// Mermaid, DOT, JSON or an SVG drawn without Graphviz.

import type { GraphReport } from '../../doctor/graph/graph-report.js';
import type { Catalog } from '../../model/catalog.js';
import { styleFor } from '../../render/style.js';
import { CliError, exitCodes } from '../exit-codes.js';
import { withSource } from '../open-source.js';
import { chooseFormat, parseCommandArgs, useColour, writeOutputFile } from '../output-options.js';

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
  const format = chooseFormat(values, formats);
  const depth = depthOf(values.depth, values.table);
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
  if (values.output) await writeOutputFile(values.output, output);
  else process.stdout.write(output);
  return report.cycles.some((cycle) => !cycle.loadable) ? exitCodes.problems : exitCodes.ok;
}

/** The catalog to draw, where it came from (for messages), and whether it is the empty default. */
async function readSource(
  db: string | undefined,
  schema: string | undefined,
): Promise<{ catalog: Catalog; source: string; empty: boolean }> {
  const { readCatalog } = await import('../../engine/introspect.js');
  return withSource({ db, schema }, async ({ engine, source, empty }) => ({
    catalog: await readCatalog(engine),
    source,
    empty,
  }));
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

function depthOf(text: string | undefined, table: string | undefined): number | null {
  if (text === undefined) return null;
  if (table === undefined) throw new CliError('--depth goes with --table');
  if (!/^\d+$/.test(text)) throw new CliError(`--depth must be a whole number, not "${text}"`);
  return Number(text);
}

function parse(args: string[]) {
  return parseCommandArgs(
    {
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
    },
    help,
  );
}
