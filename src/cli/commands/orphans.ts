import type {
  CountOrphansOptions,
  OrphanCount,
  OrphanProgress,
} from '../../doctor/orphans/count-orphans.js';
import type { RepairMode } from '../../doctor/orphans/repair-sql.js';
import { defaultSessionSettings, type Engine, type SessionSettings } from '../../engine/engine.js';
import { isDatabaseError } from '../../engine/errors.js';
import { redactSecrets } from '../../engine/redact.js';
import type { Catalog, ForeignKey } from '../../model/catalog.js';
import type { OrphansReport } from '../../render/orphans-text.js';
import { styleFor } from '../../render/style.js';
import { cancelBackend } from '../cancel-backend.js';
import { CliError, exitCodes } from '../exit-codes.js';
import { connectUserServer } from '../open-database.js';
import {
  outputFormat,
  parseCommandArgs,
  useColour,
  wholeNumber,
  writeOutputFile,
} from '../output-options.js';

const help = `Usage: fkdoctor orphans --db URL [--table T] [--constraint C] [options]

Counts the rows that break each foreign key right now (a NOT VALID constraint, rows loaded with
triggers disabled or session_replication_role = replica), with a sample of their keys: one
set-based anti-join per constraint, asking what the server's own check asks (MATCH SIMPLE skips
keys with a NULL; MATCH FULL reports partly NULL keys apart). A child table estimated above
10,000,000 rows is scanned in ranges of about 2,000,000 rows of its integer primary key (a
progress bar on a terminal).
Only plain SELECTs run, in a read-only session, unless --apply is given.

--repair writes a script that, in one transaction, locks the tables against other writers,
copies the affected rows into backup tables (fkdoctor_orphans_<table>_<constraint>), repairs,
then validates the constraint. Without --out the script goes to stdout and the report to
stderr.

Options:
      --db URL                the database (or DATABASE_URL / PG*)
      --table T               only the foreign keys of table T
      --constraint C          only the foreign key named C (NOT ENFORCED ones only this way)
      --sample N              sample up to N keys per foreign key (default 10)
      --chunk-rows N          scan in key-range chunks of about N rows (0: always one pass)
      --statement-timeout MS  per statement (default 30000)
      --repair MODE           delete, set-null or placeholder-parents
      --out FILE              write the repair script to FILE
      --apply                 run the repair script (the only write), then count again
      --format F              text (default), json or markdown
      --json                  same as --format json
      --no-color              no colours
  -h, --help                  this help

Exit codes: 0 no orphans (or all repaired with --apply), 1 orphans found or a repair refused,
2 bad input, 3 database unreachable or a count failed (statement_timeout...), 130 interrupted
(Ctrl-C: the running statement is cancelled and what was counted so far is printed).
`;

const INTERRUPTED = 130;

export async function run(args: string[]): Promise<number> {
  const { values } = parse(args);
  if (values.help) {
    process.stdout.write(help);
    return exitCodes.ok;
  }
  const format = outputFormat(values);
  const { repairModes } = await import('../../doctor/orphans/repair-sql.js');
  const mode = values.repair;
  if (mode !== undefined && !(repairModes as readonly string[]).includes(mode)) {
    throw new CliError(`--repair must be ${repairModes.join(', ')}, not "${mode}"`);
  }
  if (values.apply && mode === undefined) throw new CliError('--apply needs --repair MODE');
  if (values.out !== undefined && mode === undefined)
    throw new CliError('--out needs --repair MODE');
  const sampleSize = wholeNumber('--sample', values.sample);
  const chunkRows = wholeNumber('--chunk-rows', values['chunk-rows']);
  const timeout = wholeNumber('--statement-timeout', values['statement-timeout']);

  const settings: SessionSettings = {
    ...defaultSessionSettings,
    // The session is read-only unless the user asked for the repair to run.
    readOnly: !values.apply,
    ...(timeout === undefined ? {} : { statementTimeoutMs: timeout }),
  };
  const server = await connectUserServer(values.db, settings);
  if (!server) {
    throw new CliError('orphans reads a live database: give --db URL (or DATABASE_URL / PG*)');
  }
  const { engine, connectionString } = server;
  try {
    const { readCatalog } = await import('../../engine/introspect.js');
    const catalog = await databaseStep(engine, 'could not read the catalog', () =>
      readCatalog(engine),
    );
    const { selectForeignKeys, OrphanSelectionError } = await import(
      '../../doctor/orphans/select-foreign-keys.js'
    );
    let selection: ReturnType<typeof selectForeignKeys>;
    try {
      selection = selectForeignKeys(catalog, {
        ...(values.table === undefined ? {} : { table: values.table }),
        ...(values.constraint === undefined ? {} : { constraint: values.constraint }),
      });
    } catch (error) {
      if (error instanceof OrphanSelectionError)
        throw new CliError(`${engine.label}: ${error.message}`);
      throw error;
    }
    const { quoteQualified } = await import('../../sql/quote.js');
    const report: OrphansReport = {
      source: engine.label,
      counts: [],
      skipped: selection.skipped.map(({ fk }) => ({
        table: quoteQualified(fk.table),
        constraint: fk.name,
        reason: 'NOT ENFORCED (name it with --constraint to count it)',
      })),
      interrupted: null,
    };
    const countOptions: CountOrphansOptions = {
      ...(sampleSize === undefined ? {} : { sampleSize }),
      ...(chunkRows === undefined ? {} : { chunkRows }),
    };
    const fks = new Map<OrphanCount, ForeignKey>();
    const interrupted = await countAll(
      engine,
      connectionString,
      settings,
      catalog,
      selection.foreignKeys,
      countOptions,
      report,
      fks,
    );

    const toStderr = mode !== undefined && values.out === undefined && !values.apply;
    const out = (text: string) => (toStderr ? process.stderr : process.stdout).write(text);
    out(await render(report, format, useColour(values['no-color']) && !toStderr));
    if (interrupted) return INTERRUPTED;

    const found = report.counts.filter((c) => c.orphanCount + (c.partialNullCount ?? 0) > 0);
    if (mode === undefined || found.length === 0) {
      return found.length > 0 ? exitCodes.problems : exitCodes.ok;
    }
    return await repair(
      engine,
      catalog,
      found,
      fks,
      mode as RepairMode,
      values,
      countOptions,
      format,
    );
  } finally {
    await engine.close();
  }
}

/** Counts every selected FK; true when Ctrl-C stopped it (report.interrupted then holds the rest). */
async function countAll(
  engine: Engine,
  url: string,
  settings: SessionSettings,
  catalog: Catalog,
  fks: ForeignKey[],
  options: CountOrphansOptions,
  report: OrphansReport,
  fkOf: Map<OrphanCount, ForeignKey>,
): Promise<boolean> {
  const { countOrphans, OrphanScanAbortedError } = await import(
    '../../doctor/orphans/count-orphans.js'
  );
  const pid = await backendPid(engine);
  const controller = new AbortController();
  let cancelling: Promise<void> | null = null;
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(INTERRUPTED);
    process.stderr.write(
      '\nfkdoctor: interrupted; cancelling the running statement (Ctrl-C again to quit now)\n',
    );
    controller.abort();
    cancelling = cancelBackend(url, settings, pid);
  };
  process.on('SIGINT', onSigint);
  const bar = progressBar();
  try {
    for (const fk of fks) {
      try {
        const count = await countOrphans(engine, catalog, fk, {
          ...options,
          signal: controller.signal,
          onProgress: (p) => bar.show(fk.name, p),
        });
        bar.clear();
        report.counts.push(count);
        fkOf.set(count, fk);
      } catch (error) {
        bar.clear();
        if (error instanceof OrphanScanAbortedError) {
          report.interrupted = error.partial;
          await (cancelling ?? Promise.resolve());
          return true;
        }
        throw countError(engine, fk, error, settings);
      }
    }
    return false;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function backendPid(engine: Engine): Promise<number | null> {
  try {
    const { rows } = await engine.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return rows[0]?.pid ?? null;
  } catch {
    return null;
  }
}

function countError(
  engine: Engine,
  fk: ForeignKey,
  error: unknown,
  settings: SessionSettings,
): Error {
  if (!isDatabaseError(error)) return error as Error;
  const what = `${engine.label}: counting the orphans of ${fk.name} on ${fk.table.schema}.${fk.table.name}`;
  if (error.code === '57014') {
    return new CliError(
      `${what} hit statement_timeout (${settings.statementTimeoutMs} ms); use --chunk-rows N for smaller statements or --statement-timeout MS`,
      exitCodes.database,
    );
  }
  return new CliError(`${what} failed: ${redactSecrets(error.message)}`, exitCodes.database);
}

async function databaseStep<T>(engine: Engine, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!isDatabaseError(error)) throw error;
    throw new CliError(
      `${engine.label}: ${what}: ${redactSecrets(error.message)}`,
      exitCodes.database,
    );
  }
}

async function repair(
  engine: Engine,
  catalog: Catalog,
  found: OrphanCount[],
  fkOf: Map<OrphanCount, ForeignKey>,
  mode: RepairMode,
  values: { out?: string | undefined; apply?: boolean | undefined },
  countOptions: CountOrphansOptions,
  format: string,
): Promise<number> {
  const { orphanRepairSql, OrphanRepairRefusedError } = await import(
    '../../doctor/orphans/repair-sql.js'
  );
  const scripts: { fk: ForeignKey; sql: string }[] = [];
  const refused: string[] = [];
  for (const count of found) {
    const fk = fkOf.get(count) as ForeignKey;
    if (mode === 'placeholder-parents' && (count.partialNullCount ?? 0) > 0) {
      refused.push(
        `--repair ${mode} of ${fk.name} on ${count.table}: ${count.partialNullCount} rows have a partly NULL key (MATCH FULL), which no placeholder parent can match; use --repair delete or set-null`,
      );
      continue;
    }
    try {
      scripts.push({ fk, sql: orphanRepairSql(catalog, fk, mode) });
    } catch (error) {
      if (!(error instanceof OrphanRepairRefusedError)) throw error;
      refused.push(error.message);
    }
  }
  for (const reason of refused) process.stderr.write(`fkdoctor: refused: ${reason}\n`);
  const whole = scripts.map((s) => s.sql).join('\n');
  if (values.out !== undefined) {
    await writeOutputFile(values.out, whole);
    process.stderr.write(`fkdoctor: wrote the repair script to ${values.out}\n`);
  } else if (!values.apply) {
    process.stdout.write(whole);
  }
  if (!values.apply) return exitCodes.problems;

  const { countOrphans } = await import('../../doctor/orphans/count-orphans.js');
  let left = 0;
  for (const { fk, sql } of scripts) {
    try {
      await engine.exec(sql);
    } catch (error) {
      await engine.exec('ROLLBACK').catch(() => undefined);
      if (!isDatabaseError(error)) throw error;
      const hint =
        error.code === '57014' ? ' (statement_timeout: give more with --statement-timeout MS)' : '';
      process.stderr.write(
        `fkdoctor: the repair of ${fk.name} failed and was rolled back: ${redactSecrets(error.message)}${hint}\n`,
      );
      return exitCodes.problems;
    }
    const after = await countOrphans(engine, catalog, fk, countOptions);
    const remaining = after.orphanCount + (after.partialNullCount ?? 0);
    left += remaining;
    const line = `${fk.name}: repaired (${mode}); ${remaining} orphan${remaining === 1 ? '' : 's'} left`;
    if (format === 'json') process.stderr.write(`fkdoctor: ${line}\n`);
    else process.stdout.write(`${line}\n`);
  }
  return refused.length > 0 || left > 0 ? exitCodes.problems : exitCodes.ok;
}

function progressBar(): { show(label: string, p: OrphanProgress): void; clear(): void } {
  const tty = process.stderr.isTTY === true;
  let shown = false;
  return {
    show(label, p) {
      if (!tty || p.total <= 1) return;
      const width = 30;
      const filled = Math.round((p.done / p.total) * width);
      const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
      process.stderr.write(`\r${label.slice(0, 40)} [${bar}] ${p.done}/${p.total} chunks`);
      shown = true;
    },
    clear() {
      if (shown) process.stderr.write('\r\u001b[2K');
      shown = false;
    },
  };
}

async function render(report: OrphansReport, format: string, colour: boolean): Promise<string> {
  if (format === 'json') {
    const { violationsOf } = await import('../../render/orphans-text.js');
    return `${JSON.stringify(
      {
        source: report.source,
        foreignKeys: report.counts,
        skipped: report.skipped,
        interrupted: report.interrupted,
        orphanRows: report.counts.reduce((sum, c) => sum + violationsOf(c), 0),
      },
      (_key, value) => (typeof value === 'bigint' ? value.toString() : value),
      2,
    )}\n`;
  }
  const text = await import('../../render/orphans-text.js');
  if (format === 'markdown') return text.renderOrphansMarkdown(report);
  return text.renderOrphansText(report, styleFor(colour));
}

function parse(args: string[]) {
  return parseCommandArgs(
    {
      args,
      allowPositionals: false,
      options: {
        db: { type: 'string' },
        table: { type: 'string' },
        constraint: { type: 'string' },
        sample: { type: 'string' },
        'chunk-rows': { type: 'string' },
        'statement-timeout': { type: 'string' },
        repair: { type: 'string' },
        out: { type: 'string' },
        apply: { type: 'boolean' },
        format: { type: 'string' },
        json: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    help,
  );
}
