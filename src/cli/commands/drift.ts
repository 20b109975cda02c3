// fkdoctor drift: the foreign keys of two databases compared (staging and production, a schema
// file and a live database): what B lacks, has extra or has otherwise than A, with the SQL that
// makes B match A.

import type { DriftReport } from '../../doctor/drift/drift-report.js';
import { atLeast, type Severity, severities } from '../../model/finding.js';
import { styleFor } from '../../render/style.js';
import {
  type PreparedSide,
  prepareSide,
  type ReadSide,
  readSide,
  type SideSpec,
} from '../drift-side.js';
import { CliError, exitCodes } from '../exit-codes.js';
import { chooseFormat, parseCommandArgs, useColour, writeOutputFile } from '../output-options.js';

const help = `Usage: fkdoctor drift (--db URL | --schema FILE) (--db URL | --schema FILE) [options]

Compares the foreign keys of two databases: which FKs one has and the other lacks, which differ
(ON DELETE / ON UPDATE, MATCH, SET NULL columns, DEFERRABLE, NOT VALID, NOT ENFORCED, disabled
triggers), which have another name, which tables exist on one side only, and where a supporting
index is on one side only. FKs are matched by what they check (table, columns, referenced table
and columns), not by name; FK copies on partitions are compared through their parent's FK.

The first side given is A, the reference; the second is B, the one to fix: every fix is SQL
that makes B match A. Each side is --db URL (read in a read-only session; nothing is changed)
or --schema FILE (e.g. pg_dump --schema-only, loaded into an embedded PostgreSQL):

  fkdoctor drift --db "$STAGING_URL" --db "$PRODUCTION_URL"
  fkdoctor drift --schema schema.sql --db "$PRODUCTION_URL" --format sql -o fix.sql

Options:
      --db URL             a database (twice, or once with --schema)
      --schema FILE        a schema file loaded into PGlite (- for stdin)
      --label NAME         what to call the sides (twice: A's then B's; default A and B)
      --schema-name NAME   only the tables of schema NAME (repeat for more)
      --format F           text (default), json, markdown or sql (every fix as one script)
      --json               same as --format json
      --fail-on S          exit 1 when a finding is at least S: error, warning (default), info
  -o, --output FILE        write to FILE instead of stdout
      --no-color           no colours
  -h, --help               this help

Exit codes: 0 no drift at or above --fail-on, 1 drift at or above it, 2 bad input (not exactly
two sides, an unknown option, a schema file that does not parse), 3 a database unreachable (the
message says which side).
`;

const formats = ['text', 'json', 'markdown', 'sql'] as const;
type DriftFormat = (typeof formats)[number];

export async function run(args: string[]): Promise<number> {
  const { values, tokens } = parse(args);
  if (values.help) {
    process.stdout.write(help);
    return exitCodes.ok;
  }
  const format = chooseFormat(values, formats);
  const failOn = failOnOf(values['fail-on']);
  const specs = sidesOf(tokens);
  const labels = labelsOf(values.label);

  // Bad input first, before anything opens; then both sides are read at once, and when both
  // fail, both are reported.
  const prepared: PreparedSide[] = [];
  for (const [i, spec] of specs.entries()) prepared.push(await prepareSide(spec, labels[i]!));
  const results = await Promise.allSettled(prepared.map((side, i) => readSide(side, labels[i]!)));
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failed.length > 0) throw combine(failed);
  const [a, b] = results.map((r) => (r as PromiseFulfilledResult<ReadSide>).value) as [
    ReadSide,
    ReadSide,
  ];

  const schemas = values['schema-name'] ?? [];
  for (const schema of schemas) {
    if (!a.catalog.schemas.includes(schema) && !b.catalog.schemas.includes(schema)) {
      throw new CliError(`no schema ${JSON.stringify(schema)} in either database`);
    }
  }
  const { buildDriftReport } = await import('../../doctor/drift/drift-report.js');
  const report = buildDriftReport(
    { catalog: a.catalog, label: labels[0]!, source: a.source },
    { catalog: b.catalog, label: labels[1]!, source: b.source },
    { schemas },
  );
  const output = await render(report, format, useColour(values['no-color']) && !values.output);
  if (values.output) await writeOutputFile(values.output, output);
  else process.stdout.write(output);
  return report.findings.some((f) => atLeast(f.severity, failOn))
    ? exitCodes.problems
    : exitCodes.ok;
}

/** The --db and --schema options in the order given: the first is A, the second B. */
function sidesOf(tokens: ReturnType<typeof parse>['tokens']): SideSpec[] {
  const sides: SideSpec[] = [];
  for (const token of tokens ?? []) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    if (token.name === 'db') sides.push({ kind: 'db', url: token.value });
    if (token.name === 'schema') sides.push({ kind: 'schema', file: token.value });
  }
  if (sides.filter((side) => side.kind === 'schema' && side.file === '-').length > 1) {
    throw new CliError('only one side can be read from stdin (--schema -)');
  }
  if (sides.length !== 2) {
    throw new CliError(
      `drift compares two databases: give two of --db URL / --schema FILE, A (the reference) first, not ${sides.length}`,
    );
  }
  return sides;
}

function labelsOf(labels: string[] | undefined): [string, string] {
  if (labels === undefined || labels.length === 0) return ['A', 'B'];
  if (labels.length !== 2 || labels.some((l) => l.trim() === '')) {
    throw new CliError(
      '--label goes twice, A’s name then B’s (e.g. --label staging --label production)',
    );
  }
  if (labels[0] === labels[1]) throw new CliError('the two --label names must differ');
  return [labels[0]!, labels[1]!];
}

/** One error for one or two failed sides; "unreachable" (exit 3) wins over bad input. */
function combine(errors: unknown[]): unknown {
  if (errors.length === 1) return errors[0];
  const known = errors.filter((e): e is CliError => e instanceof CliError);
  if (known.length !== errors.length) return errors.find((e) => !(e instanceof CliError));
  const code = known.some((e) => e.exitCode === exitCodes.database)
    ? exitCodes.database
    : known[0]!.exitCode;
  return new CliError(known.map((e) => e.message).join('\nfkdoctor: '), code);
}

async function render(report: DriftReport, format: DriftFormat, colour: boolean): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('../../render/drift-json.js')).renderDriftJson(report);
    case 'markdown':
      return (await import('../../render/drift-markdown.js')).renderDriftMarkdown(report);
    case 'sql':
      return (await import('../../render/drift-sql.js')).renderDriftSql(report);
    default:
      return (await import('../../render/drift-text.js')).renderDriftText(report, styleFor(colour));
  }
}

function failOnOf(text: string | undefined): Severity {
  const value = text ?? 'warning';
  if ((severities as readonly string[]).includes(value)) return value as Severity;
  throw new CliError(`--fail-on must be error, warning or info, not "${value}"`);
}

function parse(args: string[]) {
  return parseCommandArgs(
    {
      args,
      allowPositionals: false,
      tokens: true,
      options: {
        db: { type: 'string', multiple: true },
        schema: { type: 'string', multiple: true },
        label: { type: 'string', multiple: true },
        'schema-name': { type: 'string', multiple: true },
        format: { type: 'string' },
        json: { type: 'boolean' },
        'fail-on': { type: 'string' },
        output: { type: 'string', short: 'o' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    help,
  );
}
