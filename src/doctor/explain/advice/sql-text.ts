// Small builders for the SQL that explain prints; every name goes through sql/quote.ts.

import { quoteIdent, quoteLiteral } from '../../../sql/quote.js';
import type { FkShape } from '../fk-shape.js';

export function tableRef(table: { schema: string | null; name: string }): string {
  return table.schema
    ? `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`
    : quoteIdent(table.name);
}

export function columnList(columns: string[], alias?: string): string {
  return columns
    .map((column) => (alias ? `${alias}.${quoteIdent(column)}` : quoteIdent(column)))
    .join(', ');
}

/** The shape's key values as SQL literals: bare numbers where the column is numeric. */
export function keyLiterals(shape: FkShape): string[] {
  return shape.values.map((value, i) =>
    shape.numeric[i] && /^-?\d+(\.\d+)?$/.test(value) ? value : quoteLiteral(value),
  );
}

/** `a = '1' AND b = '2'`; `$n` parameters stand in for values the server did not show. */
export function keyPredicate(columns: string[], literals: string[], alias?: string): string {
  return columns
    .map((column, i) => {
      const name = alias ? `${alias}.${quoteIdent(column)}` : quoteIdent(column);
      return `${name} = ${literals[i] ?? `$${i + 1}`}`;
    })
    .join(' AND ');
}

/** `c.customer_id = p.id AND ...`, child alias first. */
export function joinCondition(shape: FkShape, child = 'c', parent = 'p'): string {
  return shape.columns
    .map(
      (column, i) =>
        `${parent}.${quoteIdent(shape.referencedColumns[i] ?? column)} = ${child}.${quoteIdent(column)}`,
    )
    .join(' AND ');
}

export function notNullPredicate(columns: string[], alias: string): string {
  return columns.map((column) => `${alias}.${quoteIdent(column)} IS NOT NULL`).join(' AND ');
}

export function valuesTuple(literals: string[], count: number): string {
  return Array.from({ length: count }, (_, i) => literals[i] ?? `$${i + 1}`).join(', ');
}

/** `FOREIGN KEY (...) REFERENCES parent (...)` plus the given clauses. */
export function foreignKeyClause(shape: FkShape, ...clauses: string[]): string {
  const head = `FOREIGN KEY (${columnList(shape.columns)}) REFERENCES ${tableRef(shape.referencedTable)} (${columnList(shape.referencedColumns)})`;
  return [head, ...clauses].filter(Boolean).join(' ');
}

/**
 * Replace a constraint without holding a long lock: drop and re-add it NOT VALID in one short
 * transaction, then VALIDATE (which takes only SHARE UPDATE EXCLUSIVE and lets writes continue).
 */
export function replaceConstraint(shape: FkShape, clauses: string[]): string {
  const table = tableRef(shape.table);
  const name = quoteIdent(shape.constraint);
  return [
    'BEGIN;',
    `ALTER TABLE ${table} DROP CONSTRAINT ${name};`,
    `ALTER TABLE ${table} ADD CONSTRAINT ${name}`,
    `  ${foreignKeyClause(shape, ...clauses)} NOT VALID;`,
    'COMMIT;',
    `ALTER TABLE ${table} VALIDATE CONSTRAINT ${name};`,
  ].join('\n');
}

export interface ClauseOverrides {
  onDelete?: string;
  onUpdate?: string;
  deferrable?: string;
}

/**
 * The constraint's clauses in the order the grammar wants them (MATCH, actions, DEFERRABLE):
 * the ones the catalog definition has, with `overrides` replacing theirs.
 */
export function constraintClauses(shape: FkShape, overrides: ClauseOverrides): string[] {
  const def = shape.definition ?? '';
  const find = (pattern: RegExp) => pattern.exec(def)?.[0];
  return [
    find(/\bMATCH (FULL|PARTIAL)\b/),
    overrides.onUpdate ?? find(/\bON UPDATE (CASCADE|SET NULL|SET DEFAULT|RESTRICT)\b/),
    overrides.onDelete ??
      find(/\bON DELETE (CASCADE|SET NULL(?: \([^)]*\))?|SET DEFAULT(?: \([^)]*\))?|RESTRICT)/),
    overrides.deferrable ?? find(/\bDEFERRABLE(?: INITIALLY DEFERRED)?/),
  ].filter((clause): clause is string => Boolean(clause));
}
