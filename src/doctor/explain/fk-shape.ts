// What is known about the violated constraint: exactly, from the catalog, or inferred from the
// error text (and then said so). Fix SQL is written against this shape.

import type { FkAction, ForeignKey, QualifiedName } from '../../model/catalog.js';
import type { Violation } from '../../model/violation.js';

export interface FkShape {
  constraint: string;
  /** Referencing table; schema null when the text does not say (print it unqualified). */
  table: { schema: string | null; name: string };
  columns: string[];
  referencedTable: { schema: string | null; name: string };
  referencedColumns: string[];
  /** Key values lined up with `columns`/`referencedColumns`; empty when hidden. */
  values: string[];
  /** Per key column: the catalog says it is numeric (print its values bare, not quoted). */
  numeric: boolean[];
  onDelete: FkAction | null;
  onUpdate: FkAction | null;
  deferrable: boolean | null;
  /** The catalog's definition (pg_get_constraintdef) when known. */
  definition: string | null;
  /** Parts guessed from naming conventions, in words, to show the user. */
  guesses: string[];
  /** The catalog entry when the constraint was resolved in a live database. */
  foreignKey: ForeignKey | null;
}

const placeholderTable = (what: string) => ({ schema: null, name: what });

/** `customers` → `customer`, for guessing `customer_id`. */
function singular(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (/(ses|xes|ches|shes)$/.test(name)) return name.slice(0, -2);
  if (name.endsWith('s') && !name.endsWith('ss')) return name.slice(0, -1);
  return name;
}

export function shapeFromCatalog(
  violation: Violation,
  fk: ForeignKey,
  numeric: boolean[] = [],
): FkShape {
  const parentSide = violation.kind !== 'missing-parent' && violation.kind !== 'match-full';
  // The DETAIL lists the referencing columns on the child side and the referenced ones on
  // the parent side; put the values in constraint order either way.
  const printed = parentSide ? fk.referencedColumns : fk.columns;
  const values =
    violation.keyColumns.length === printed.length
      ? printed.map((column) => violation.keyValues[violation.keyColumns.indexOf(column)] ?? '')
      : violation.keyValues;
  return {
    constraint: fk.name,
    table: fk.table,
    columns: fk.columns,
    referencedTable: fk.referencedTable,
    referencedColumns: fk.referencedColumns,
    values,
    numeric,
    onDelete: fk.onDelete,
    onUpdate: fk.onUpdate,
    deferrable: fk.deferrable,
    definition: fk.definition,
    guesses: [],
    foreignKey: fk,
  };
}

/** The best reading of the constraint from the error text alone. */
export function shapeFromText(violation: Violation): FkShape {
  const guesses: string[] = [];
  const table = violation.table
    ? { schema: violation.schema, name: violation.table }
    : placeholderTable('child_table');
  const referencedTable = violation.referencedTable
    ? { schema: null, name: violation.referencedTable }
    : placeholderTable('parent_table');
  if (!violation.table) guesses.push('the referencing table is not named in the input');
  if (!violation.referencedTable) guesses.push('the referenced table is not named in the input');
  const constraint = violation.constraint ?? 'the_constraint';

  let columns: string[];
  let referencedColumns: string[];
  const hidden = violation.keyColumns.length === 0;
  if (violation.kind === 'missing-parent' || violation.kind === 'match-full') {
    columns = hidden
      ? inferChildColumns(constraint, table.name, referencedTable.name)
      : violation.keyColumns;
    referencedColumns = columns.map((column) =>
      /_?id$/i.test(column) && columns.length === 1 ? 'id' : column,
    );
    guesses.push(
      `the referenced column${referencedColumns.length > 1 ? 's are' : ' is'} assumed to be ${referencedColumns.join(', ')}`,
    );
    if (hidden) guesses.push(`the referencing columns are assumed to be ${columns.join(', ')}`);
  } else {
    referencedColumns = hidden ? ['id'] : violation.keyColumns;
    columns = inferChildColumns(constraint, table.name, referencedTable.name, referencedColumns);
    guesses.push(
      `the referencing column${columns.length > 1 ? 's are' : ' is'} assumed to be ${columns.join(', ')}`,
    );
    if (hidden) guesses.push('the referenced column is assumed to be id');
  }
  return {
    constraint,
    table,
    columns,
    referencedTable,
    referencedColumns,
    values: violation.keyValues,
    numeric: [],
    onDelete: null,
    onUpdate: null,
    deferrable: null,
    definition: null,
    guesses,
    foreignKey: null,
  };
}

/**
 * PostgreSQL names an unnamed FK `<table>_<col>[_<col>...]_fkey`; read the columns back from
 * that when it fits, else fall back to `<singular parent>_<referenced column>`.
 */
function inferChildColumns(
  constraint: string,
  table: string,
  parent: string,
  referencedColumns: string[] = ['id'],
): string[] {
  const prefix = `${table}_`;
  if (
    constraint.startsWith(prefix) &&
    constraint.endsWith('_fkey') &&
    referencedColumns.length === 1
  ) {
    const middle = constraint.slice(prefix.length, -'_fkey'.length);
    if (middle) return [middle];
  }
  return referencedColumns.map((column) => `${singular(parent)}_${column}`);
}

export function qualified(name: { schema: string | null; name: string }): QualifiedName | string {
  return name.schema ? { schema: name.schema, name: name.name } : name.name;
}
