// fkdoctor audit: the health of every foreign key in a database (or a schema file loaded into
// PGlite), as findings ranked by impact, each with the SQL that fixes it.

import { createRequire } from 'node:module';
import type { AuditConfig } from '../../doctor/audit/audit-config.js';
import type { AuditReport } from '../../doctor/audit/run-audit.js';
import { atLeast, type Severity, severities } from '../../model/finding.js';
import type { FindingsReport } from '../../render/findings-report.js';
import { styleFor } from '../../render/style.js';
import { CliError, exitCodes } from '../exit-codes.js';
import { withSource } from '../open-source.js';
import { chooseFormat, parseCommandArgs, useColour, writeOutputFile } from '../output-options.js';
import { loadConfig } from '../read-config.js';

const help = `Usage: fkdoctor audit [--db URL | --schema FILE] [options]

Checks every foreign key: missing indexes, type mismatches, NOT VALID constraints, orphan rows,
disabled enforcement, cycles no insert order can load, MATCH SIMPLE holes, duplicates, SET NULL
on NOT NULL columns, and columns that look like references but have none. Findings are ranked
by impact, each with the SQL that fixes it. Nothing is written to the database.

Source: --db URL (or DATABASE_URL / PG*), read in a read-only session; --schema FILE (e.g.
pg_dump --schema-only) loaded into an embedded PostgreSQL (PGlite); else an empty PGlite.

Options:
      --db URL             audit this database
      --schema FILE        load this schema into PGlite and audit that
      --schema-name NAME   only the tables of schema NAME (repeat for more)
      --only IDS           run only these checks (comma-separated; repeatable)
      --skip IDS           leave these checks out
      --no-rows            read the catalog only: count no orphans or failing rows
      --sample N           keys shown per finding (default 5)
      --config FILE        settings (default: fkdoctor.config.json, else package.json "fkdoctor")
      --fail-on LEVEL      exit 1 when a finding is at LEVEL or above: error, warning (default),
                           info, or none
      --format F           text (default), json, markdown or sarif
      --json               same as --format json
  -o, --output FILE        write to FILE instead of stdout
      --list               list the checks with their rationale, and exit
      --no-color           no colours
  -h, --help               this help

Config (fkdoctor.config.json):
  { "audit": { "skip": ["fk-implied-missing"],
               "severity": { "fk-duplicate": "info" },
               "ignore": [{ "check": "fk-missing-index", "table": "app.audit_log",
                            "reason": "append-only, parents never deleted" }],
               "failOn": "error" } }

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 bad input, 3 database
unreachable, 130 interrupted.
`;

const formats = ['text', 'json', 'markdown', 'sarif'] as const;
/** The shell's code for a process stopped by SIGINT (128 + 2). */
const INTERRUPTED = 130;
type AuditFormat = (typeof formats)[number];

export async function run(args: string[]): Promise<number> {
  const { values } = parse(args);
  const { checks, checkIds } = await import('../../doctor/audit/registry.js');
  if (values.help) {
    process.stdout.write(help);
    return exitCodes.ok;
  }
  if (values.list) {
    process.stdout.write(listChecks(checks));
    return exitCodes.ok;
  }
  const format = chooseFormat(values, formats);
  const sampleSize = sampleOf(values.sample);
  const config = await readConfig(values.config, checkIds());
  const failOn = failOnOf(values['fail-on'], config.failOn);
  const only = idList(values.only);
  const skip = idList(values.skip);

  const { runAudit, AuditSelectionError } = await import('../../doctor/audit/run-audit.js');
  const { GraphSelectionError } = await import('../../doctor/graph/selection-error.js');
  const interrupt = new AbortController();
  let cancel: () => Promise<void> = async () => undefined;
  const onSigint = () => {
    // A second Ctrl-C quits at once; the first stops the audit and cancels the running query.
    if (interrupt.signal.aborted) process.exit(INTERRUPTED);
    process.stderr.write(
      '\nfkdoctor: interrupted; cancelling the running query (Ctrl-C again to quit now)\n',
    );
    interrupt.abort();
    void cancel();
  };
  process.on('SIGINT', onSigint);
  let report: AuditReport;
  try {
    report = await withSource(
      { db: values.db, schema: values.schema },
      ({ engine, cancelRunning }) => {
        cancel = cancelRunning;
        return runAudit(engine, {
          only,
          skip,
          config,
          ...(values['schema-name'] ? { schemas: values['schema-name'] } : {}),
          readRows: !values['no-rows'],
          sampleSize,
          signal: interrupt.signal,
        });
      },
    );
  } catch (error) {
    if (interrupt.signal.aborted) {
      process.stderr.write('fkdoctor: audit interrupted; nothing was changed\n');
      return INTERRUPTED;
    }
    if (error instanceof AuditSelectionError || error instanceof GraphSelectionError) {
      throw new CliError(error.message);
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }

  const findings: FindingsReport = {
    command: 'audit',
    database: report.database,
    rules: checks.filter((c) => report.checks.includes(c.id)),
    findings: report.findings,
    silenced: report.silenced,
    notes: report.notes,
  };
  const output = await render(findings, format, useColour(values['no-color']) && !values.output);
  if (values.output) await writeOutputFile(values.output, output);
  else process.stdout.write(output);
  const failing = failOn !== null && report.findings.some((f) => atLeast(f.severity, failOn));
  return failing ? exitCodes.problems : exitCodes.ok;
}

async function render(report: FindingsReport, format: AuditFormat, colour: boolean) {
  switch (format) {
    case 'json':
      return (await import('../../render/findings-json.js')).renderFindingsJson(report);
    case 'markdown':
      return (await import('../../render/findings-markdown.js')).renderFindingsMarkdown(report);
    case 'sarif': {
      const pkg = createRequire(import.meta.url)('../../../package.json') as { version: string };
      const { renderFindingsSarif } = await import('../../render/findings-sarif.js');
      return renderFindingsSarif(report, pkg.version);
    }
    default:
      return (await import('../../render/findings-text.js')).renderFindingsText(
        report,
        styleFor(colour),
      );
  }
}

async function readConfig(path: string | undefined, ids: string[]): Promise<AuditConfig> {
  const { source, value } = await loadConfig(path);
  const { readAuditConfig, AuditConfigError } = await import('../../doctor/audit/audit-config.js');
  try {
    return readAuditConfig(value, source, ids);
  } catch (error) {
    if (error instanceof AuditConfigError) throw new CliError(error.message);
    throw error;
  }
}

function listChecks(
  checks: readonly { id: string; severity: Severity; title: string; rationale: string }[],
): string {
  return checks.map((c) => `${c.id} (${c.severity})\n  ${c.title}.\n  ${c.rationale}\n`).join('\n');
}

function idList(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function failOnOf(flag: string | undefined, configured: Severity | undefined): Severity | null {
  const level = flag ?? configured ?? 'warning';
  if (level === 'none') return null;
  if ((severities as readonly string[]).includes(level)) return level as Severity;
  throw new CliError(`--fail-on must be error, warning, info or none, not "${level}"`);
}

function sampleOf(text: string | undefined): number {
  if (text === undefined) return 5;
  if (!/^\d+$/.test(text)) throw new CliError(`--sample must be a whole number, not "${text}"`);
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
        only: { type: 'string', multiple: true },
        skip: { type: 'string', multiple: true },
        'no-rows': { type: 'boolean' },
        sample: { type: 'string' },
        config: { type: 'string' },
        'fail-on': { type: 'string' },
        format: { type: 'string' },
        json: { type: 'boolean' },
        output: { type: 'string', short: 'o' },
        list: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    help,
  );
}
