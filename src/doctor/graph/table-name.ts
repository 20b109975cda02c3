// Finds the table a user means by `--table T`: typed the way the catalog spells it (`Order
// Items`, `sales.Order Items`, as a shell passes it without quotes) or as SQL (`sales."Order
// Items"`, `ORDERS` folding to `orders`). Unqualified names prefer `public`, as a default
// search_path would.

import { type QualifiedName, qualifiedKey } from '../../model/catalog.js';
import { quoteQualified } from '../../sql/quote.js';
import { readIdentifier } from '../../sql/rows/identifier.js';
import { GraphSelectionError } from './selection-error.js';

export function findTableNamed<T extends QualifiedName>(tables: readonly T[], text: string): T {
  const wanted = text.trim();
  if (wanted === '') throw new GraphSelectionError('--table needs a table name');

  // As the catalog spells it: `schema.name` or the bare name.
  const exact = tables.filter((t) => qualifiedKey(t) === wanted);
  if (exact.length === 1) return exact[0] as T;
  const found = pick(
    tables.filter((t) => t.name === wanted),
    wanted,
  );
  if (found) return found;

  // As SQL: identifiers fold to lower case unless quoted.
  const sql = parseSqlName(wanted);
  if (sql) {
    const match =
      sql.schema === null
        ? pick(
            tables.filter((t) => t.name === sql.name),
            wanted,
          )
        : tables.find((t) => t.schema === sql.schema && t.name === sql.name);
    if (match) return match;
  }

  const lower = wanted.toLowerCase();
  const near = tables
    .filter((t) => t.name.toLowerCase() === lower || qualifiedKey(t).toLowerCase() === lower)
    .map((t) => quoteQualified(t));
  throw new GraphSelectionError(
    `no table ${JSON.stringify(wanted)} among the tables shown${near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : ''}`,
  );
}

/** One table of several with the same name: the one in `public`, else an error naming them. */
function pick<T extends QualifiedName>(candidates: T[], wanted: string): T | null {
  if (candidates.length <= 1) return candidates[0] ?? null;
  const inPublic = candidates.find((t) => t.schema === 'public');
  if (inPublic) return inPublic;
  throw new GraphSelectionError(
    `${JSON.stringify(wanted)} names several tables: ${candidates.map((t) => quoteQualified(t)).join(', ')}; give the schema too`,
  );
}

/** `name`, `schema.name`, each bare or "quoted"; null when the text is not exactly that. */
function parseSqlName(text: string): { schema: string | null; name: string } | null {
  const first = readIdentifier(text, 0);
  if (!first) return null;
  if (first.end === text.length) return { schema: null, name: first.name };
  if (text[first.end] !== '.') return null;
  const second = readIdentifier(text, first.end + 1);
  if (!second || second.end !== text.length) return null;
  return { schema: first.name, name: second.name };
}
