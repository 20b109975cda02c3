#!/usr/bin/env node
// fkdoctor's command line: picks the command and reports failures as one line with the
// documented exit code. Commands are loaded on demand so `explain` never loads a database.

import { redactSecrets } from '../engine/redact.js';
import { CliError, exitCodes } from './exit-codes.js';

const commands: Record<string, () => Promise<{ run(args: string[]): Promise<number> }>> = {
  explain: () => import('./commands/explain.js'),
  check: () => import('./commands/check.js'),
  fix: () => import('./commands/fix.js'),
  graph: () => import('./commands/graph.js'),
  audit: () => import('./commands/audit.js'),
  orphans: () => import('./commands/orphans.js'),
  'delete-plan': () => import('./commands/delete-plan.js'),
  drift: () => import('./commands/drift.js'),
  demo: () => import('./commands/demo.js'),
};

const usage = `fkdoctor: finds, explains, fixes and prevents PostgreSQL foreign-key problems

Usage: fkdoctor <command> [options]

Commands:
  explain [ERROR...]   explain a foreign-key error (argument, --file FILE, or stdin)
  check SCRIPT|DIR     run a SQL script (or a folder of migrations) in a sandbox and report
                       every failure
  fix SCRIPT           reorder a SQL script so that it runs, and prove it
  graph                the FK graph: load order, cycles and how to break them, cascades
  audit                the health of every foreign key, ranked, each with its fix
  orphans              count the rows that break each FK, and write or run a repair script
  delete-plan TABLE KEY=VALUE...
                       what deleting a row would do: cascades with row counts, what blocks
                       it, unindexed hops, and a safe script
  drift                the FKs of two databases compared (--db A --db B): missing, extra,
                       different, renamed, unindexed; with the SQL that makes B match A
  demo                 run explain on a real error in an embedded database (PGlite)

Run fkdoctor <command> --help for its options.
Exit codes: 0 ok, 1 problems found, 2 bad input or usage, 3 database unreachable.
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage);
    return name ? exitCodes.ok : exitCodes.badInput;
  }
  if (name === '--version' || name === '-v') {
    const { createRequire } = await import('node:module');
    const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return exitCodes.ok;
  }
  const load = commands[name];
  if (!load) throw new CliError(`unknown command "${name}"; run fkdoctor --help`);
  return (await load()).run(args);
}

function exitCodeOf(error: unknown): number {
  const code = (error as { exitCode?: unknown }).exitCode;
  return typeof code === 'number' ? code : exitCodes.badInput;
}

const isClosedPipe = (error: unknown) => (error as { code?: unknown }).code === 'EPIPE';

// The reader of stdout went away (`fkdoctor fix big.sql | head`): stop quietly, as Unix tools do.
process.stdout.on('error', (error) => {
  if (isClosedPipe(error)) process.exit(exitCodes.ok);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isClosedPipe(error)) return;
    const known = error instanceof Error && 'exitCode' in error;
    const message = error instanceof Error ? error.message : String(error);
    const prefix = known ? 'fkdoctor' : 'fkdoctor: internal error';
    process.stderr.write(`${prefix}: ${redactSecrets(message)}\n`);
    if (!known && process.env.FKDOCTOR_DEBUG)
      process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    process.exitCode = known ? exitCodeOf(error) : exitCodes.badInput;
  },
);
