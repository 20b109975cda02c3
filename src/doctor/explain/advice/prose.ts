// How explain names things in sentences (SQL gets sql-text.ts instead).

import type { FkAction } from '../../../model/catalog.js';
import type { FkShape } from '../fk-shape.js';

export function tableName(table: { schema: string | null; name: string }): string {
  return table.schema && table.schema !== 'public' ? `${table.schema}.${table.name}` : table.name;
}

/** `customer_id = 999` or `(a, b) = (1, x)`; "a key the server did not show" when hidden. */
export function keyText(columns: string[], values: string[]): string {
  if (values.length === 0) return `(${columns.join(', ')}) = (a key the server did not show)`;
  if (columns.length === 1) return `${columns[0]} = ${values[0]}`;
  return `(${columns.join(', ')}) = (${values.join(', ')})`;
}

export function actionText(action: FkAction | null): string {
  switch (action) {
    case null:
      return 'unknown';
    case 'no-action':
      return 'NO ACTION';
    case 'set-null':
      return 'SET NULL';
    case 'set-default':
      return 'SET DEFAULT';
    default:
      return action.toUpperCase();
  }
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function describeConstraint(shape: FkShape): string {
  return `"${shape.constraint}" (${tableName(shape.table)}.(${shape.columns.join(', ')}) → ${tableName(shape.referencedTable)}.(${shape.referencedColumns.join(', ')}))`;
}
