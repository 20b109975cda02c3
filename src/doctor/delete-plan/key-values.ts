// KEY=VALUE pairs typed by the user → the table's columns with their types. A column is found as
// the catalog spells it (`Order Id`) or as SQL (`"Order Id"`, `ID` folding to `id`); each value
// is cast to its column's type by the server, whose message is kept when the cast fails.

import type { Engine } from '../../engine/engine.js';
import { isDatabaseError } from '../../engine/errors.js';
import type { Column, Table } from '../../model/catalog.js';
import { quoteIdent, quoteLiteralTyped, quoteQualified } from '../../sql/quote.js';
import { readIdentifier } from '../../sql/rows/identifier.js';
import { DeletePlanError, type KeyValue } from './delete-plan.js';

export function resolveKey(table: Table, key: Readonly<Record<string, string>>): KeyValue[] {
  const entries = Object.entries(key);
  if (entries.length === 0) {
    throw new DeletePlanError(
      `give the row to delete as KEY=VALUE (e.g. ${quoteIdent(table.primaryKey?.columns[0] ?? table.columns[0]?.name ?? 'id')}=1)`,
      'column',
    );
  }
  const seen = new Set<string>();
  return entries.map(([name, value]) => {
    const found = findColumn(table, name);
    if (seen.has(found.name)) {
      throw new DeletePlanError(`column ${quoteIdent(found.name)} is given twice`, 'column');
    }
    seen.add(found.name);
    return { column: found.name, type: found.type, value };
  });
}

function findColumn(table: Table, text: string): Column {
  const exact = table.columns.find((c) => c.name === text);
  if (exact) return exact;
  const sql = readIdentifier(text.trim(), 0);
  if (sql && sql.end === text.trim().length) {
    const found = table.columns.find((c) => c.name === sql.name);
    if (found) return found;
  }
  const near = table.columns.filter((c) => c.name.toLowerCase() === text.toLowerCase());
  const hint =
    near.length > 0
      ? ` (did you mean ${near.map((c) => quoteIdent(c.name)).join(' or ')}?)`
      : `; its columns: ${table.columns.map((c) => quoteIdent(c.name)).join(', ')}`;
  throw new DeletePlanError(
    `${quoteQualified(table)} has no column ${JSON.stringify(text)}${hint}`,
    'column',
  );
}

/** Casts each value to its column's type on the server; the server's message when one fails. */
export async function checkKeyValues(
  engine: Engine,
  table: Table,
  key: readonly KeyValue[],
): Promise<void> {
  for (const part of key) {
    try {
      await engine.query(`SELECT ${quoteLiteralTyped(part.value, part.type)} AS value`);
    } catch (error) {
      if (!isDatabaseError(error)) throw error;
      throw new DeletePlanError(
        `${quoteQualified(table)}.${quoteIdent(part.column)} (${part.type}): ${error.message}`,
        'value',
      );
    }
  }
}

/** Whether the key's columns are exactly the primary key or a unique key. */
export function keyKindOf(table: Table, key: readonly KeyValue[]): KeyKind {
  const columns = new Set(key.map((part) => part.column));
  const same = (list: readonly string[]) =>
    list.length === columns.size && list.every((c) => columns.has(c));
  if (table.primaryKey && same(table.primaryKey.columns)) return 'primary-key';
  if (table.uniqueKeys.some((k) => same(k.columns))) return 'unique-key';
  return 'columns';
}

export type KeyKind = 'primary-key' | 'unique-key' | 'columns';
