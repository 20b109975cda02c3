// Which index, if any, lets the server find a foreign key's referencing rows without a scan.
// Every DELETE or key UPDATE on the referenced table runs `... WHERE fkcol = $1` on the
// referencing table (the RI trigger); without such an index each one reads the whole table.

import type { ForeignKey, Index, Table } from './catalog.js';

/**
 * An index serves the FK's lookup when it is valid and ready, answers equality (btree; hash
 * for a one-column FK), and its leading key columns are exactly the FK's columns, in any order.
 * A partial index serves only when its predicate is implied by the FK columns being NOT NULL,
 * which the lookup's `col = $1` proves (e.g. `WHERE customer_id IS NOT NULL`).
 */
export function indexServesForeignKey(index: Index, fk: ForeignKey): boolean {
  if (!index.valid || !index.ready) return false;
  const width = fk.columns.length;
  if (index.method === 'hash') {
    if (width !== 1 || index.columns.length !== 1) return false;
  } else if (index.method !== 'btree') {
    return false;
  }
  if (index.columns.length < width) return false;
  const leading = new Set(index.columns.slice(0, width));
  if (leading.size !== width || !fk.columns.every((column) => leading.has(column))) return false;
  return index.predicate === null || impliedByNotNull(index.predicate, fk.columns);
}

/** The indexes of `table` that serve `fk` (declared on that table), in the catalog's order. */
export function indexesServingForeignKey(table: Table, fk: ForeignKey): Index[] {
  return table.indexes.filter((index) => indexServesForeignKey(index, fk));
}

/**
 * Whether a predicate as pg_get_expr prints it is a conjunction of `col IS NOT NULL` terms on
 * the FK's columns, e.g. `(a IS NOT NULL)` or `((a IS NOT NULL) AND ("B" IS NOT NULL))`.
 * Anything else (another column, OR, a comparison) is not implied, so the index is not usable.
 */
export function impliedByNotNull(predicate: string, columns: readonly string[]): boolean {
  const terms = conjuncts(stripParens(predicate.trim()));
  return terms.every((term) => {
    const match = /^(.+) IS NOT NULL$/.exec(stripParens(term.trim()));
    const name = match ? unquote(match[1]!) : null;
    return name !== null && columns.includes(name);
  });
}

/** Splits on top-level ` AND ` (outside parentheses and double quotes). */
function conjuncts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (depth === 0 && text.startsWith(' AND ', i)) {
      parts.push(text.slice(start, i));
      start = i + 5;
      i += 4;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Removes parentheses that wrap the whole text, as often as they do. */
function stripParens(text: string): string {
  let current = text;
  while (current.startsWith('(') && current.endsWith(')') && wrapsWhole(current)) {
    current = current.slice(1, -1).trim();
  }
  return current;
}

function wrapsWhole(text: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0 && i < text.length - 1) return false;
  }
  return true;
}

/** A column name as quote_ident printed it, back to the raw name; null if it is not one. */
function unquote(text: string): string | null {
  if (/^[a-z_][a-z0-9_$]*$/.test(text)) return text;
  const quoted = /^"((?:[^"]|"")*)"$/.exec(text);
  return quoted ? quoted[1]!.replaceAll('""', '"') : null;
}
