// Families of column types that change how fkdoctor prints and compares key values.

import type { Column } from './catalog.js';

const numericTypes = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'oid']);
const textTypes = new Set(['text', 'varchar', 'bpchar', 'citext', 'name']);

export function isNumericColumn(column: Column | undefined): boolean {
  return column !== undefined && numericTypes.has(column.typeName);
}

export function isTextColumn(column: Column | undefined): boolean {
  return column !== undefined && textTypes.has(column.typeName);
}
