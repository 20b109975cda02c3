// fkdoctor explain: read an FK error from an argument, a file or stdin and explain it; with a
// database (--db, DATABASE_URL, PG*), check it live.

import { parseArgs } from 'node:util';
import { explainViolation } from '../../doctor/explain/explain.js';
import { parseForeignKeyViolation } from '../../doctor/explain/parse/index.js';
import type { Engine } from '../../engine/engine.js';
import type { Violation } from '../../model/violation.js';
import { renderExplainMarkdown } from '../../render/explain-markdown.js';
import { renderExplainText } from '../../render/explain-text.js';
import { styleFor } from '../../render/style.js';
import { CliError, exitCodes } from '../exit-codes.js';
import { openUserServer } from '../open-database.js';
import { outputFormat, useColour } from '../output-options.js';
import { readInput } from '../read-input.js';

const help = `Usage: fkdoctor explain [ERROR...] [options]

Explains a PostgreSQL foreign-key error: psql output, server log lines (any log_line_prefix,
csvlog, jsonlog), driver and ORM errors, in English or the server's translations.

Input: the error as arguments, --file FILE, or on stdin.

Options:
  -f, --file FILE     read the error from FILE ("-" for stdin)
      --db URL        check it live on this database (also DATABASE_URL or PG* variables)
      --no-db         do not connect even if DATABASE_URL or PG* variables are set
      --json          print one JSON object (same as --format json)
      --format F      text (default), json or markdown
      --no-color      no colours (also NO_COLOR=1)
  -h, --help          this help

Exit codes: 0 explained, 2 not an FK error or bad input, 3 database unreachable.
`;

export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${help}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(help);
    return exitCodes.ok;
  }
  const format = outputFormat(values);
  const input = await readInput({ args: positionals, file: values.file });
  const violation = parseForeignKeyViolation(input.text);
  if (!violation) {
    throw new CliError(
      `${input.source}: no foreign-key violation found (expected an error such as 'insert or update on table "orders" violates foreign key constraint ...' or SQLSTATE 23503)`,
    );
  }
  const engine = values['no-db'] ? null : await openUserServer(values.db);
  const explanation = engine ? await explainOn(engine, violation) : explainViolation(violation);
  process.stdout.write(render(explanation, format, useColour(values['no-color'])));
  return exitCodes.ok;
}

async function explainOn(engine: Engine, violation: Violation) {
  try {
    const { explainLive } = await import('../../doctor/explain/live/explain-live.js');
    return await explainLive(engine, violation);
  } finally {
    await engine.close();
  }
}

function render(
  explanation: ReturnType<typeof explainViolation>,
  format: string,
  colour: boolean,
): string {
  if (format === 'json') return `${JSON.stringify(explanation, null, 2)}\n`;
  if (format === 'markdown') return renderExplainMarkdown(explanation);
  return renderExplainText(explanation, styleFor(colour));
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      file: { type: 'string', short: 'f' },
      db: { type: 'string' },
      'no-db': { type: 'boolean' },
      json: { type: 'boolean' },
      format: { type: 'string' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
