// --missing-parents map: a row whose parent key is inserted nowhere (or whose parent row in the
// script did not land: ON CONFLICT DO NOTHING met an existing row, its statement failed) is given
// the key of the parent that already exists in the database, found by a natural key. The natural
// key's values come from the child row itself (--map-by parent.cols=child.cols) or from the
// script's own parent row that carried the missing key. One query per parent table and natural
// key, against the database as it is before the script runs. No match, several matches, or no
// natural key to search by: the row is refused (left as it is) with the reason.

import { type Catalog, type ForeignKey, findTable, type Table } from '../../../model/catalog.js';
import type { FkGraph } from '../../../model/fk-graph.js';
import type { ScriptStatement } from '../../../model/script.js';
import { quoteIdent, quoteLiteral, quoteLiteralTyped, quoteQualified } from '../../../sql/quote.js';
import { isUnknownKeyPart, type KeyPart, keyReader } from '../../../sql/rows/key-of-row.js';
import { columnOrder } from '../plan/null-then-update.js';
import type { StatementRows } from '../statement-rows.js';
import type { MissingParentRow } from './missing-parent-rows.js';
import { type MapBy, type NaturalKey, naturalKey } from './natural-key.js';

export interface MappedRow {
  statementIndex: number;
  rowNumber: number;
  line: number;
  constraint: string;
  table: MissingParentRow['table'];
  columns: string[];
  /** The key the row had, and the existing parent's key it now has. */
  key: string[];
  newKey: string[];
  parentTable: MissingParentRow['parentTable'];
  parentColumns: string[];
  /** The natural key the parent was found by, and its values. */
  naturalColumns: string[];
  naturalValues: string[];
  /** Where those values were read: the row itself, or the script's parent row (its line). */
  from: { kind: 'child'; line: number } | { kind: 'parent-row'; line: number };
}

export interface MapRefusal {
  row: MissingParentRow;
  reason: string;
}

export interface MapContext {
  catalog: Catalog;
  graph: FkGraph;
  statements: readonly ScriptStatement[];
  rowsOf: (index: number) => StatementRows | null;
  mapBy: readonly MapBy[];
  /** Statements fix split (their rows are not where the user wrote them): not rewritten. */
  split: ReadonlySet<number>;
  /** Runs read-only queries on the database as it is before the script. */
  query: (sql: readonly string[]) => Promise<Record<string, unknown>[][]>;
}

const batch = 500;

const describe = (part: KeyPart): string =>
  part === null
    ? 'NULL'
    : isUnknownKeyPart(part)
      ? `computed by the server (${part.unknown})`
      : quoteLiteral(part);

/** The values of `columns` in one literal row of the user's script; a reason when not there. */
function valuesIn(
  table: Table,
  columns: readonly string[],
  rows: StatementRows | null,
  rowNumber: number,
): string[] | { refused: string } {
  const row = rows?.rows[rowNumber - 1];
  if (!rows || !row) return { refused: 'its row is not a literal row fkdoctor can read' };
  const parts = keyReader(table, columns, rows)(row.values, row.defaults);
  const bad = parts.findIndex((p) => p === null || isUnknownKeyPart(p));
  if (bad >= 0) {
    return { refused: `its ${quoteIdent(columns[bad]!)} is ${describe(parts[bad]!)}` };
  }
  return parts as string[];
}

/** Why the FK's columns may not be given another value: other rows reference them. */
function referencedElsewhere(catalog: Catalog, fk: ForeignKey): string | null {
  for (const other of catalog.foreignKeys) {
    if (other.referencedTable.schema !== fk.table.schema) continue;
    if (other.referencedTable.name !== fk.table.name) continue;
    const shared = other.referencedColumns.filter((c) => fk.columns.includes(c));
    if (shared.length > 0) {
      return `${shared.map(quoteIdent).join(', ')} of ${quoteQualified(fk.table, { omitSchema: 'public' })} is referenced by ${other.name}: a new value would break those rows`;
    }
  }
  return null;
}

interface Wanted {
  row: MissingParentRow;
  fk: ForeignKey;
  key: NaturalKey;
  values: string[];
  from: MappedRow['from'];
}

export async function mapParents(
  rows: readonly MissingParentRow[],
  context: MapContext,
): Promise<{ mapped: MappedRow[]; refused: MapRefusal[] }> {
  const { catalog } = context;
  const refused: MapRefusal[] = [];
  const wanted: Wanted[] = [];
  for (const row of rows) {
    const refuse = (reason: string) => refused.push({ row, reason });
    const fk = catalog.foreignKeys.find(
      (f) =>
        f.name === row.constraint &&
        f.table.schema === row.table.schema &&
        f.table.name === row.table.name,
    );
    const child = findTable(catalog, row.table);
    const parent = findTable(catalog, row.parentTable);
    if (!fk || !child || !parent) {
      refuse('the constraint is not in the schema');
      continue;
    }
    if (row.parentRowFailedOnForeignKey && row.parentRow) {
      // Its parent is in the script; it loads once that statement's own failure is dealt with.
      refuse(
        `its ${quoteQualified(parent, { omitSchema: 'public' })} row at line ${row.parentRow.line} does not load either: that statement fails on a foreign key of its own`,
      );
      continue;
    }
    if (row.rowNumber === null) {
      refuse(
        'the statement has no literal rows fkdoctor can rewrite (ALTER TABLE, UPDATE, INSERT ... SELECT)',
      );
      continue;
    }
    const statement = context.statements[row.statementIndex]!;
    if (context.split.has(row.statementIndex)) {
      refuse(
        'fkdoctor split the statement to order a self-reference, and does not also rewrite it',
      );
      continue;
    }
    if (statement.excluded?.length) {
      refuse('a psql meta-command sits inside the statement, so fkdoctor does not rewrite it');
      continue;
    }
    if (statement.kind === 'copy' && statement.copyData?.format !== 'text') {
      refuse('rows of a CSV COPY block are not rewritten (only text-format COPY and INSERT)');
      continue;
    }
    const own = context.rowsOf(row.statementIndex);
    const order = own ? columnOrder(child, own) : [];
    const absent = fk.columns.filter((c) => !order.includes(c));
    if (absent.length > 0) {
      refuse(
        `the row takes its ${absent.map(quoteIdent).join(', ')} from the column's default: fkdoctor rewrites only values written in the row`,
      );
      continue;
    }
    const blocked = referencedElsewhere(catalog, fk);
    if (blocked) {
      refuse(blocked);
      continue;
    }
    const key = naturalKey(catalog, fk, context.mapBy);
    if ('refused' in key) {
      refuse(key.refused);
      continue;
    }
    const natural = `${quoteQualified(parent, { omitSchema: 'public' })} (${key.columns.map(quoteIdent).join(', ')})`;
    // The child's own columns when --map-by names them; else (or when they hold no value) the
    // script's parent row that carried the missing key.
    let values: string[] | { refused: string } | null = null;
    let from: MappedRow['from'] = { kind: 'child', line: row.line };
    if (key.childColumns) {
      values = valuesIn(child, key.childColumns, context.rowsOf(row.statementIndex), row.rowNumber);
    }
    if ((values === null || 'refused' in values) && row.parentRow?.rowNumber != null) {
      values = valuesIn(
        parent,
        key.columns,
        context.rowsOf(row.parentRow.statementIndex),
        row.parentRow.rowNumber,
      );
      from = { kind: 'parent-row', line: row.parentRow.line };
    }
    if (values === null) {
      const name = quoteQualified(parent, { omitSchema: 'public' });
      refuse(
        `the script carries no ${natural} for this row: no row of ${name} in the script has ${row.parentColumns.map(quoteIdent).join(', ')} = ${row.key.join(', ')}; if a column of ${quoteQualified(child, { omitSchema: 'public' })} holds it, name it: --map-by ${name}.${key.columns.map(quoteIdent).join(',')}=${quoteQualified(child, { omitSchema: 'public' })}.COLUMN`,
      );
      continue;
    }
    if ('refused' in values) {
      refuse(
        `${values.refused}, so there is no ${natural} to find its parent by (${from.kind === 'child' ? 'in the row itself' : `in the script's parent row at line ${from.line}`})`,
      );
      continue;
    }
    wanted.push({ row, fk, key, values, from });
  }

  // One query per parent table and natural key, a batch of values at a time.
  const groups = new Map<string, Wanted[]>();
  for (const w of wanted) {
    const id = JSON.stringify([
      w.row.parentTable.schema,
      w.row.parentTable.name,
      w.key.columns,
      w.fk.referencedColumns,
    ]);
    groups.set(id, [...(groups.get(id) ?? []), w]);
  }
  const queries: { sql: string; group: Wanted[]; distinct: string[][] }[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const parent = findTable(catalog, first.row.parentTable)!;
    const distinct = [...new Map(group.map((w) => [JSON.stringify(w.values), w.values])).values()];
    for (let i = 0; i < distinct.length; i += batch) {
      const slice = distinct.slice(i, i + batch);
      queries.push({
        sql: lookupSql(parent, first.key.columns, first.fk.referencedColumns, slice, i),
        group,
        distinct,
      });
    }
  }
  const found = new Map<string, string[][]>();
  if (queries.length > 0) {
    let results: Record<string, unknown>[][];
    try {
      results = await context.query(queries.map((q) => q.sql));
    } catch (error) {
      for (const w of wanted) {
        refused.push({
          row: w.row,
          reason: `the database could not be searched: ${(error as Error).message.split('\n', 1)[0]}`,
        });
      }
      return { mapped: [], refused };
    }
    results.forEach((result, q) => {
      const { group, distinct } = queries[q]!;
      const first = group[0]!;
      for (const record of result) {
        const values = distinct[Number(record.n)]!;
        const id = JSON.stringify([
          first.row.parentTable,
          first.key.columns,
          first.fk.referencedColumns,
          values,
        ]);
        const keys = found.get(id) ?? [];
        keys.push(first.fk.referencedColumns.map((_, k) => record[`k${k}`] as string));
        found.set(id, keys);
      }
    });
  }
  const mapped: MappedRow[] = [];
  for (const w of wanted) {
    const id = JSON.stringify([w.row.parentTable, w.key.columns, w.fk.referencedColumns, w.values]);
    const keys = found.get(id) ?? [];
    const parent = quoteQualified(w.row.parentTable, { omitSchema: 'public' });
    const by = w.key.columns.map((c, i) => `${quoteIdent(c)} = ${quoteLiteral(w.values[i])}`);
    if (keys.length !== 1) {
      refused.push({
        row: w.row,
        reason:
          keys.length === 0
            ? `no ${parent} row in the database has ${by.join(' and ')}`
            : `${keys.length} ${parent} rows in the database have ${by.join(' and ')}: fkdoctor does not guess which`,
      });
      continue;
    }
    mapped.push({
      statementIndex: w.row.statementIndex,
      rowNumber: w.row.rowNumber!,
      line: w.row.line,
      constraint: w.row.constraint,
      table: w.row.table,
      columns: w.row.columns,
      key: w.row.key,
      newKey: keys[0]!,
      parentTable: w.row.parentTable,
      parentColumns: w.row.parentColumns,
      naturalColumns: w.key.columns,
      naturalValues: w.values,
      from: w.from,
    });
  }
  return { mapped, refused };
}

/**
 * `SELECT n, k0, ... FROM (VALUES (0, 'a@x'::text), ...) v JOIN parent p ON p.email = v.c0`:
 * the existing parents' referenced keys (as text) for each natural key value; `n` numbers the
 * values from `offset`.
 */
function lookupSql(
  parent: Table,
  natural: readonly string[],
  referenced: readonly string[],
  values: readonly string[][],
  offset: number,
): string {
  const type = (name: string) => parent.columns.find((c) => c.name === name)!.type;
  const rows = values.map(
    (tuple, i) =>
      `(${[String(offset + i), ...tuple.map((v, k) => quoteLiteralTyped(v, type(natural[k]!)))].join(', ')})`,
  );
  const names = ['n', ...natural.map((_, k) => `c${k}`)];
  return [
    `SELECT v.n, ${referenced.map((c, k) => `p.${quoteIdent(c)}::text AS k${k}`).join(', ')}`,
    `FROM (VALUES ${rows.join(', ')}) AS v (${names.join(', ')})`,
    `JOIN ${quoteQualified(parent)} AS p ON ${natural.map((c, k) => `p.${quoteIdent(c)} = v.c${k}`).join(' AND ')}`,
    `ORDER BY v.n`,
  ].join('\n');
}
