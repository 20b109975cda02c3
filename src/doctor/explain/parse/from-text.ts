// Finds the first FK error in pasted text of any shape (psql output, server logs with any
// log_line_prefix, csvlog, jsonlog, stack traces and inspected driver errors) and gathers
// what the text says about it. Interpretation of the wording happens in violation.ts.

import type { InputFormat } from '../../../model/violation.js';
import { parseCsvRecords } from './csv.js';
import { reportFromObject } from './from-object.js';
import { readJsLiteral } from './js-literal.js';
import { readPrisma } from './prisma.js';
import { type ErrorReport, emptyReport } from './report.js';
import type { TemplateSet } from './template-set.js';

export interface TextScan {
  report: ErrorReport;
  /** FK errors found in the whole input (the report describes the first). */
  occurrences: number;
}

const fkStates = new Set(['23503', '23001']);
const csvlogStart = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? [^,]*,/;
// Driver and ORM signatures: their text is one error spread over a stack trace and fields.
const driverSignatures: [RegExp, InputFormat][] = [
  [
    /PrismaClientKnownRequestError|\bP2003\b|Invalid `[\w.]*prisma\.|Foreign key constraint (?:violated|failed) on the/,
    'prisma',
  ],
  [/QueryFailedError/, 'typeorm'],
  [/Sequelize\w*Error/, 'sequelize'],
  [/DrizzleQueryError|Failed query: /, 'drizzle'],
  [/PostgresError|severity_local/, 'postgres.js'],
  [/psycopg2?\.errors\.|psycopg2?\.\w*Error/, 'psycopg'],
  [/org\.postgresql\.util\.PSQLException/, 'jdbc'],
  [
    /routine: ['"]ri_ReportViolation|\blength: \d+,\s+severity: |node_modules[\\/](?:pg|pg-protocol)[\\/]/,
    'node-postgres',
  ],
];

function fromJson(input: string): TextScan | null {
  const trimmed = input.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      const items = Array.isArray(parsed) ? parsed : [parsed];
      const reports = items.map(reportFromObject).filter((r) => r !== null);
      if (reports.length > 0) return { report: reports[0]!, occurrences: reports.length };
    } catch {
      // Not one JSON document: may be jsonlog, one record per line.
    }
  }
  let first: ErrorReport | null = null;
  let occurrences = 0;
  for (const match of input.matchAll(/^\{.*"state_code"\s*:\s*"(2300[13])".*$/gm)) {
    occurrences++;
    if (first) continue;
    try {
      first = reportFromObject(JSON.parse(match[0]));
      if (first) first.format = 'jsonlog';
    } catch {
      occurrences--;
    }
  }
  return first ? { report: first, occurrences } : null;
}

// csvlog columns (PostgreSQL docs, "Using CSV-Format Log Output").
const csv = { severity: 11, sqlstate: 12, message: 13, detail: 14, query: 19 };

function fromCsvlog(input: string): TextScan | null {
  if (!csvlogStart.test(input.trimStart())) return null;
  let first: ErrorReport | null = null;
  let occurrences = 0;
  for (const record of parseCsvRecords(input.trimStart())) {
    if (!fkStates.has(record[csv.sqlstate] ?? '')) continue;
    occurrences++;
    if (first) continue;
    first = {
      ...emptyReport('csvlog'),
      sqlstate: record[csv.sqlstate] ?? null,
      message: record[csv.message] ?? null,
      detail: record[csv.detail] || null,
      statement: record[csv.query] || null,
    };
  }
  return first ? { report: first, occurrences } : null;
}

const fieldPattern =
  /["']?\b(code|sqlState|detail|constraint|constraint_name|table|table_name|schema|schema_name|query|sql)["']?\s*:\s*(?=['"`])/g;

/** `key: 'value'` pairs as util.inspect, console.log or JSON print them. */
function inspectedFields(region: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const match of region.matchAll(fieldPattern)) {
    const literal = readJsLiteral(region, (match.index ?? 0) + match[0].length);
    if (literal && !fields.has(match[1]!)) fields.set(match[1]!, literal.value);
  }
  return fields;
}

// What psql prints before a message: its severity (in any language), and in verbose mode the
// SQLSTATE; a server log line has its log_line_prefix there instead.
const psqlPrefix = /^\s*[^\s:]+\s*:\s+(?:[0-9A-Z]{5}:\s+)?$/u;

function lineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

function lineEnd(text: string, index: number): number {
  const end = text.indexOf('\n', index);
  return end === -1 ? text.length : end;
}

function fromPlainText(input: string, templates: TemplateSet): TextScan | null {
  const sample = input.slice(0, 65_536);
  const driver = driverSignatures.find(([signature]) => signature.test(sample))?.[1] ?? null;
  const primary = templates.firstPrimary(input, 0);
  const anchor = primary ?? templates.firstDetail(input, 0);
  const fields = driver ? inspectedFields(sample) : new Map<string, string>();
  if (!anchor && driver === 'prisma') return fromPrisma(sample);
  if (!anchor && !fields.has('code')) return null;

  const start = anchor ? lineStart(input, anchor.index) : 0;
  // A driver's text is one error however often it repeats the message (TypeORM copies the
  // driver error's fields); log and psql output are a sequence of errors.
  const next =
    primary && !driver ? templates.firstPrimary(input, primary.index + primary.length) : null;
  const end = driver
    ? Math.min(input.length, 65_536)
    : next
      ? lineStart(input, next.index)
      : Math.min(input.length, start + 8192);
  const region = input.slice(start, Math.max(end, anchor ? anchor.index + anchor.length : 0));
  const prefix = anchor ? input.slice(start, anchor.index) : '';

  const report = emptyReport(driver ?? 'text');
  report.message = primary ? input.slice(primary.index, primary.index + primary.length) : null;
  const detail = primary ? templates.firstDetail(region, primary.index - start) : anchor;
  report.detail = detail ? region.slice(detail.index, detail.index + detail.length) : null;
  if (detail && !primary) report.detail = input.slice(detail.index, detail.index + detail.length);
  // An inspected driver error prints the DETAIL as a string literal: its decoded value keeps
  // characters (newlines, quotes) that the literal escapes.
  const decodedDetail = fields.get('detail');
  if (decodedDetail && templates.firstDetail(decodedDetail, 0)) report.detail = decodedDetail;

  const location = /psql:(.+?):(\d+): /.exec(prefix);
  if (location) report.scriptLocation = `${location[1]}:${location[2]}`;
  if (!driver && prefix.trim() !== '') {
    report.format = location || psqlPrefix.test(prefix) ? 'psql' : 'server-log';
  }
  if (report.format === 'server-log') {
    // The server's stderr log indents continuation lines of a message with a tab.
    report.message &&= report.message.replace(/\n\t/g, '\n');
    report.detail &&= report.detail.replace(/\n\t/g, '\n');
  }

  const labelled = templates.labelledFields(region);
  report.sqlstate =
    fields.get('code') ??
    fields.get('sqlState') ??
    labelled.sqlstate ??
    /\b(2300[13])\b/.exec(prefix)?.[1] ??
    null;
  report.schema = fields.get('schema') ?? fields.get('schema_name') ?? labelled.schema ?? null;
  report.table = fields.get('table') ?? fields.get('table_name') ?? labelled.table ?? null;
  report.constraint =
    fields.get('constraint') ?? fields.get('constraint_name') ?? labelled.constraint ?? null;
  report.statement =
    fields.get('query') ?? fields.get('sql') ?? labelled.statement ?? drizzleQuery(sample);

  let occurrences = 1;
  if (!driver && primary) {
    for (let at = next; at; at = templates.firstPrimary(input, at.index + at.length)) occurrences++;
  }
  return { report, occurrences };
}

function fromPrisma(text: string): TextScan | null {
  const prisma = readPrisma(text);
  if (!prisma) return null;
  const report = emptyReport('prisma');
  report.sqlstate = '23503';
  report.constraint = prisma.constraint;
  report.kindHint = { kind: prisma.kind, model: prisma.model, note: prisma.note };
  return { report, occurrences: 1 };
}

function drizzleQuery(text: string): string | null {
  const match = /Failed query: ([\s\S]*?)\nparams: /.exec(text);
  return match?.[1] ?? null;
}

/** Reads the first FK error out of `input`; null when there is none. */
export function scanText(input: string, templates: TemplateSet): TextScan | null {
  return fromJson(input) ?? fromCsvlog(input) ?? fromPlainText(input, templates);
}

export { lineEnd };
