// Breaks a cycle edge whose referencing columns may be NULL (the way Jailer does): the child
// rows are loaded with those columns NULL, and once the parent rows are in, one UPDATE per
// thousand rows writes the references back, matching rows by the child's primary key.

import type { Catalog, Column, Table } from '../../../model/catalog.js';
import { findTable } from '../../../model/catalog.js';
import type { ScriptStatement } from '../../../model/script.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../../../sql/quote.js';
import { isUnknownKeyPart, keyReader } from '../../../sql/rows/key-of-row.js';
import { type StatementRows, statementRows } from '../statement-rows.js';
import type { FixPlan, Nulling } from './fix-plan.js';

export interface Rewrites {
  /** A statement's new text (its span), when its rows changed. */
  statementText: Map<number, string>;
  /** A COPY statement's new data block (its copyData span). */
  copyData: Map<number, string>;
  /** Statements to write after a statement. */
  after: Map<number, string[]>;
  /** Statements to write before a statement (and before its leading comments). */
  before?: Map<number, string[]>;
  /**
   * Statements whose rows were split (split-rewrites.ts): the user's row numbers (1-based) each
   * keeps in its own place; the others are in `afterPieces`.
   */
  pieceRows?: Map<number, number[]>;
  /**
   * Entries of `after` that load rows split off a user's statement: the statement, its rows
   * (1-based, in order), and where in the entry the statement's first token is.
   */
  afterPieces?: Map<string, { statement: number; rows: number[]; offset: number }>;
}

export interface NullingProblem {
  nulling: Nulling;
  statement: number;
  reason: string;
}

const batch = 1000;

/** The columns a statement's rows fill, in order. */
export function columnOrder(table: Table, rows: StatementRows): string[] {
  return (
    rows.columns ??
    [...table.columns]
      .filter((c) => rows.source === 'insert' || c.generated === null)
      .sort((a, b) => a.position - b.position)
      .map((c) => c.name)
  );
}

function rewriteInsert(rows: StatementRows, slots: number[]): string {
  const sql = rows.sql!;
  const spans = rows.rows
    .flatMap((row) =>
      slots.map(
        (slot) => (row.values[slot] as { span?: { start: number; end: number } } | undefined)?.span,
      ),
    )
    .filter((span): span is { start: number; end: number } => span !== undefined)
    .sort((a, b) => b.start - a.start);
  let out = sql;
  for (const span of spans) out = `${out.slice(0, span.start)}NULL${out.slice(span.end)}`;
  return out;
}

function rewriteCopy(
  text: string,
  statement: ScriptStatement,
  rows: StatementRows,
  slots: number[],
): string {
  const copy = statement.copyData!;
  let out = '';
  let at = copy.span.start;
  for (const row of rows.rows) {
    out += text.slice(at, row.span.start);
    const raw = text.slice(row.span.start, row.span.end);
    const ending = /\r?\n$/.exec(raw)?.[0] ?? '';
    const fields = raw.slice(0, raw.length - ending.length).split(copy.delimiter);
    for (const slot of slots) fields[slot] = copy.nullString;
    out += fields.join(copy.delimiter) + ending;
    at = row.span.end;
  }
  return out + text.slice(at, copy.span.end);
}

function restoreStatements(
  table: Table,
  key: Column[],
  columns: Column[],
  tuples: (string | null)[][],
): string[] {
  const out: string[] = [];
  const target = quoteQualified(table);
  const names = [...key, ...columns].map((c) => quoteIdent(c.name));
  for (let i = 0; i < tuples.length; i += batch) {
    const values = tuples
      .slice(i, i + batch)
      .map((tuple) => `(${tuple.map((v) => quoteLiteral(v)).join(', ')})`)
      .join(',\n  ');
    out.push(
      [
        `UPDATE ${target} AS t  -- fkdoctor: references loaded as NULL to break a cycle, written back`,
        `SET ${columns.map((c) => `${quoteIdent(c.name)} = v.${quoteIdent(c.name)}::${c.type}`).join(', ')}`,
        `FROM (VALUES\n  ${values}\n) AS v (${names.join(', ')})`,
        `WHERE ${key.map((c) => `t.${quoteIdent(c.name)} = v.${quoteIdent(c.name)}::${c.type}`).join(' AND ')};\n`,
      ].join('\n'),
    );
  }
  return out;
}

export function nullThenUpdate(
  text: string,
  statements: readonly ScriptStatement[],
  catalog: Catalog,
  plan: FixPlan,
): { rewrites: Rewrites; problems: NullingProblem[] } {
  const rewrites: Rewrites = { statementText: new Map(), copyData: new Map(), after: new Map() };
  const problems: NullingProblem[] = [];
  for (const nulling of plan.nullings) {
    const table = findTable(catalog, nulling.edge.fk.table);
    const key = table?.primaryKey?.columns ?? table?.uniqueKeys[0]?.columns;
    if (!table || !key) {
      problems.push({
        nulling,
        statement: nulling.statements[0]!,
        reason: 'the table has no primary key to find the rows again',
      });
      continue;
    }
    const keyColumns = key.map((name) => table.columns.find((c) => c.name === name)!);
    const nulled = nulling.edge.nullableColumns.map(
      (name) => table.columns.find((c) => c.name === name)!,
    );
    const tuples: (string | null)[][] = [];
    for (const index of nulling.statements) {
      const statement = statements[index]!;
      const rows = statementRows(text, statement);
      if (!rows || (rows.source === 'copy' && statement.copyData?.format !== 'text')) {
        problems.push({
          nulling,
          statement: index,
          reason: 'its rows are not literal text rows fkdoctor can rewrite',
        });
        continue;
      }
      const order = columnOrder(table, rows);
      const slots = nulled.map((c) => order.indexOf(c.name));
      if (slots.some((slot) => slot < 0)) continue; // the columns are not loaded: they stay NULL
      const readKey = keyReader(table, key, rows);
      const readRef = keyReader(table, nulling.edge.nullableColumns, rows);
      let readable = true;
      for (const row of rows.rows) {
        const id = readKey(row.values, row.defaults);
        const ref = readRef(row.values, row.defaults);
        if (id.some((p) => p === null || isUnknownKeyPart(p)) || ref.some(isUnknownKeyPart)) {
          readable = false;
          break;
        }
        if (ref.every((p) => p === null)) continue;
        tuples.push([...(id as string[]), ...(ref as (string | null)[])]);
      }
      if (!readable) {
        problems.push({
          nulling,
          statement: index,
          reason: 'some rows compute their key or reference (DEFAULT, expressions)',
        });
        continue;
      }
      if (rows.source === 'insert') rewrites.statementText.set(index, rewriteInsert(rows, slots));
      else rewrites.copyData.set(index, rewriteCopy(text, statement, rows, slots));
    }
    const last = nulling.parentStatement;
    const after = rewrites.after.get(last) ?? [];
    after.push(...restoreStatements(table, keyColumns, nulled, tuples));
    rewrites.after.set(last, after);
  }
  return { rewrites, problems };
}
