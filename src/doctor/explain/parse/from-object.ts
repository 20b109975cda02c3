// Reads an error object (or its JSON) from any driver or log: node-postgres and PGlite put the
// server's fields on the error (`code`, `detail`, `constraint`, `table`, `schema`), postgres.js
// names them `*_name`, jsonlog says `state_code`, and ORMs wrap the driver error in `cause`,
// `driverError`, `parent` or `original`. Structured fields win over anything parsed from text.

import type { InputFormat } from '../../../model/violation.js';
import { readPrisma } from './prisma.js';
import { type ErrorReport, emptyReport } from './report.js';

type Bag = Record<string, unknown>;

const wrapperKeys = ['cause', 'driverError', 'parent', 'original', 'error', 'err', 'meta'];

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null;
}

function text(bag: Bag, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = bag[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

/** Every object reachable through the usual wrapper keys, outermost first. */
function layers(root: Bag): Bag[] {
  const seen = new Set<Bag>();
  const out: Bag[] = [];
  const queue: Bag[] = [root];
  while (queue.length > 0 && out.length < 20) {
    const bag = queue.shift()!;
    if (seen.has(bag)) continue;
    seen.add(bag);
    out.push(bag);
    for (const key of wrapperKeys) {
      const inner = bag[key];
      if (isBag(inner)) queue.push(inner);
    }
  }
  return out;
}

function detectFormat(all: Bag[]): InputFormat {
  for (const bag of all) {
    const name = text(bag, 'name') ?? (bag.constructor as { name?: string } | undefined)?.name;
    if (name === 'QueryFailedError') return 'typeorm';
    if (name?.startsWith('Sequelize')) return 'sequelize';
    if (name === 'DrizzleQueryError') return 'drizzle';
    if (name === 'PostgresError' || 'severity_local' in bag) return 'postgres.js';
    if (name === 'PrismaClientKnownRequestError' || text(bag, 'code') === 'P2003') return 'prisma';
    if ('state_code' in bag && 'error_severity' in bag) return 'jsonlog';
  }
  for (const bag of all) {
    if ('routine' in bag && 'length' in bag) return 'node-postgres';
  }
  return 'error-object';
}

/** Builds a report from an error object; null when it carries nothing about an FK error. */
export function reportFromObject(root: unknown): ErrorReport | null {
  if (!isBag(root)) return null;
  const all = layers(root);
  const report = emptyReport(detectFormat(all));
  // Inner layers are the driver's own error; read them first so ORM wrappers cannot override.
  for (const bag of [...all].reverse()) {
    const code = text(bag, 'code', 'state_code', 'sqlState', 'sqlstate');
    if (code && /^[0-9A-Z]{5}$/.test(code) && !report.sqlstate) report.sqlstate = code;
    report.message ??= text(bag, 'message');
    report.detail ??= text(bag, 'detail');
    report.constraint ??= text(bag, 'constraint', 'constraint_name');
    report.table ??= text(bag, 'table', 'table_name');
    report.schema ??= text(bag, 'schema', 'schema_name');
    report.statement ??= text(bag, 'statement', 'query', 'sql');
  }
  const prisma = all.find((bag) => text(bag, 'code') === 'P2003');
  if (prisma) {
    // Prisma keeps only the constraint (or "field") name, in meta or in its message.
    const meta = isBag(prisma.meta) ? prisma.meta : {};
    const reading = readPrisma(text(prisma, 'message') ?? '');
    const named = text(meta, 'constraint', 'field_name') ?? reading?.constraint ?? null;
    report.constraint ??= named?.replace(/ \(index\)$/, '') ?? null;
    report.sqlstate ??= '23503';
    const model = text(meta, 'modelName') ?? reading?.model ?? null;
    report.kindHint = {
      kind: reading?.kind ?? 'missing-parent',
      model,
      note:
        reading?.note ??
        'Prisma reports only the constraint, not the direction; assumed a row without its parent.',
    };
  }
  const anything = report.sqlstate ?? report.message ?? report.detail ?? report.constraint;
  return anything === null ? null : report;
}
