// A name for a new index in database B: the one it has in A when B has it free, else the server's
// own pattern (`orders_customer_id_idx`, then `...1`, `...2`), cut to 63 bytes as the server would.

import type { Table } from '../../model/catalog.js';

const MAX_IDENTIFIER_BYTES = 63;

/** Every relation name of `schema` in B: tables and indexes share one namespace. */
export function relationNames(tables: readonly Table[], schema: string): Set<string> {
  const names = new Set<string>();
  for (const table of tables) {
    if (table.schema !== schema) continue;
    names.add(table.name);
    for (const index of table.indexes) names.add(index.name);
  }
  return names;
}

/** `table_col1_col2_idx` cut to fit, as CREATE INDEX without a name would choose. */
export function defaultIndexName(table: string, columns: readonly string[]): string {
  return truncateIdentifier(`${table}_${columns.join('_')}_idx`);
}

/** `wanted`, or `wanted` with the first number that makes it unused. */
export function freeName(wanted: string, taken: ReadonlySet<string>): string {
  const base = truncateIdentifier(wanted);
  if (!taken.has(base)) return base;
  for (let n = 1; ; n++) {
    const suffix = String(n);
    const name = truncateIdentifier(base, MAX_IDENTIFIER_BYTES - suffix.length) + suffix;
    if (!taken.has(name)) return name;
  }
}

/** Cuts to at most `bytes` UTF-8 bytes without splitting a character. */
export function truncateIdentifier(name: string, bytes = MAX_IDENTIFIER_BYTES): string {
  const encoder = new TextEncoder();
  if (encoder.encode(name).length <= bytes) return name;
  let out = '';
  let used = 0;
  for (const char of name) {
    const size = encoder.encode(char).length;
    if (used + size > bytes) break;
    out += char;
    used += size;
  }
  return out;
}
