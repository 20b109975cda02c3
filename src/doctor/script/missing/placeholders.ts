// --missing-parents placeholder: for each parent table, one INSERT of the keys no statement of
// the script inserts, placed before the first statement (in the fixed order) that needs them,
// with ON CONFLICT DO NOTHING so a parent that does exist in the target database is kept as it
// is. The other columns get what a plain INSERT gives them (their default, or NULL), except:
// - a NOT NULL column without a default gets a value every value of its type accepts
//   (placeholder-value.ts), or the parent is refused when there is none;
// - a column that references another table is written NULL (a placeholder must not need a
//   parent of its own), or the parent is refused when the column is NOT NULL;
// - a column filled from a sequence refuses the parent: each placeholder would take a value,
//   and the rows loaded after it would get other values than the script gives them.

import { type Catalog, findTable, type QualifiedName, type Table } from '../../../model/catalog.js';
import { lineComment, quoteIdent, quoteLiteral, quoteQualified } from '../../../sql/quote.js';
import { normaliseKeyText } from '../../../sql/rows/key-text.js';
import type { MissingParentRow } from './missing-parent-rows.js';
import { placeholderValue } from './placeholder-value.js';

export interface PlaceholderInsert {
  table: QualifiedName;
  /** The key columns the missing rows reference. */
  keyColumns: string[];
  /** Each missing key, as the server printed it. */
  keys: string[][];
  /** The constraints whose rows need these parents. */
  constraints: string[];
  /** The user's statement the INSERT goes before. */
  before: number;
  /** The INSERT, with its comment line. */
  sql: string;
}

export interface PlaceholderRefusal {
  table: QualifiedName;
  reason: string;
  rows: MissingParentRow[];
}

const usesSequence = (column: Table['columns'][number]) =>
  column.identity !== null || (column.default !== null && /\bnextval\s*\(/i.test(column.default));

/** The columns written besides the key, with their value; or why no placeholder can be made. */
function otherColumns(
  table: Table,
  keyColumns: string[],
): { columns: [string, string][]; overriding: boolean } | { refused: string } {
  const columns: [string, string][] = [];
  let overriding = false;
  for (const column of [...table.columns].sort((a, b) => a.position - b.position)) {
    if (keyColumns.includes(column.name)) {
      if (column.generated !== null)
        return { refused: `its key column ${column.name} is generated` };
      if (column.identity === 'always') overriding = true;
      continue;
    }
    if (column.generated !== null) continue;
    if (usesSequence(column)) {
      return {
        refused: `its column ${column.name} is filled from a sequence: each placeholder would take a value from it, and the rows loaded after it would get other values than the script gives them`,
      };
    }
    const reference = table.foreignKeys.find((fk) => fk.columns.includes(column.name));
    if (reference) {
      if (column.notNull) {
        return {
          refused: `its column ${column.name} is NOT NULL and references ${reference.referencedTable.name} (${reference.name}): the placeholder would need a parent of its own`,
        };
      }
      columns.push([column.name, 'NULL']);
      continue;
    }
    if (!column.notNull || column.default !== null) continue;
    const value = placeholderValue(column);
    if (value === null) {
      return {
        refused: `its column ${column.name} (${column.type}) is NOT NULL without a default, and fkdoctor knows no value that surely fits it`,
      };
    }
    columns.push([column.name, value]);
  }
  return { columns, overriding };
}

export function placeholderInserts(
  rows: readonly MissingParentRow[],
  catalog: Catalog,
  order: readonly number[],
  file: string | null,
): { inserts: PlaceholderInsert[]; refused: PlaceholderRefusal[] } {
  const slot = new Map(order.map((statement, i) => [statement, i]));
  const where = file ?? 'stdin';
  const groups = new Map<string, MissingParentRow[]>();
  for (const row of rows) {
    const id = JSON.stringify([row.parentTable.schema, row.parentTable.name, row.parentColumns]);
    groups.set(id, [...(groups.get(id) ?? []), row]);
  }
  const inserts: PlaceholderInsert[] = [];
  const refused: PlaceholderRefusal[] = [];
  for (const group of groups.values()) {
    const { parentTable, parentColumns } = group[0]!;
    const table = findTable(catalog, parentTable);
    if (!table) {
      refused.push({ table: parentTable, reason: 'the table is not in the schema', rows: group });
      continue;
    }
    const others = otherColumns(table, parentColumns);
    if ('refused' in others) {
      refused.push({ table: parentTable, reason: others.refused, rows: group });
      continue;
    }
    // One row per key, however many rows need it; keys compared the way the server does.
    const keys = new Map<string, { key: string[]; first: MissingParentRow }>();
    for (const row of group) {
      const id = JSON.stringify(
        row.key.map((value, i) => {
          const column = table.columns.find((c) => c.name === parentColumns[i]);
          return (column && normaliseKeyText(value, column)) ?? value;
        }),
      );
      if (!keys.has(id)) keys.set(id, { key: row.key, first: row });
    }
    const before = group.reduce((a, b) =>
      (slot.get(b.statementIndex) ?? 0) < (slot.get(a.statementIndex) ?? 0) ? b : a,
    ).statementIndex;
    const constraints = [...new Set(group.map((r) => r.constraint))];
    const names = [...parentColumns, ...others.columns.map(([name]) => name)].map(quoteIdent);
    const values = [...keys.values()].map(
      ({ key, first }, i, all) =>
        `  (${[...key.map((v) => quoteLiteral(v)), ...others.columns.map(([, v]) => v)].join(', ')})${i < all.length - 1 ? ',' : ''}  ${lineComment(`for ${where}:${first.line}`)}`,
    );
    const sql = [
      lineComment(
        `fkdoctor: placeholder parent${keys.size === 1 ? '' : 's'} for ${constraints.join(', ')}: inserted nowhere in the script (ON CONFLICT DO NOTHING keeps a row that exists)`,
      ),
      `INSERT INTO ${quoteQualified(table)} (${names.join(', ')})${others.overriding ? ' OVERRIDING SYSTEM VALUE' : ''} VALUES`,
      ...values,
      'ON CONFLICT DO NOTHING;',
      '',
    ].join('\n');
    inserts.push({
      table: parentTable,
      keyColumns: parentColumns,
      keys: [...keys.values()].map((k) => k.key),
      constraints,
      before,
      sql,
    });
  }
  return { inserts, refused };
}
