// The rows a DELETE reaches, as SQL conditions over one table: the target rows (the key), the
// rows that reference a set of rows through an FK (a semi-join, so one query per hop however many
// rows), and the whole subtree of a table that references itself with ON DELETE CASCADE (a
// recursive CTE). Every name goes through quoteIdent/quoteQualified, every value is a typed
// literal, so the same text serves the counting queries and the script.

import type { ForeignKey, QualifiedName } from '../../model/catalog.js';
import { quoteIdent, quoteLiteralTyped, quoteQualified } from '../../sql/quote.js';
import type { KeyValue } from './delete-plan.js';

/** A condition on the rows of a table, given the alias the table has in the query. */
export type Where = (alias: string) => string;

export interface RowSet {
  table: QualifiedName;
  where: Where;
}

/** Fresh alias names for subqueries: `s1`, `s2`, ... (one counter per plan). */
export type Aliases = () => string;

export function aliasCounter(prefix = 's'): Aliases {
  let n = 0;
  return () => `${prefix}${++n}`;
}

/** `alias.name`; with an empty alias, the bare name. */
const column = (alias: string, name: string) =>
  alias === '' ? quoteIdent(name) : `${alias}.${quoteIdent(name)}`;

/** `t.a = '1'::integer AND t.b = 'x'::text` */
export function keyWhere(key: readonly KeyValue[]): Where {
  return (alias) =>
    key
      .map((part) => `${column(alias, part.column)} = ${quoteLiteralTyped(part.value, part.type)}`)
      .join(' AND ');
}

/**
 * Rows whose `fk` columns equal the referenced columns of a row of `parent`. A NULL in any of
 * the row's FK columns makes the IN NULL, so MATCH SIMPLE rows with a NULL are not counted, as
 * the server does not touch them.
 */
export function referencingRows(fk: ForeignKey, parent: RowSet, aliases: Aliases): Where {
  const p = aliases();
  const referenced = fk.referencedColumns.map((name) => column(p, name)).join(', ');
  const from = `${quoteQualified(parent.table)} AS ${p}`;
  return (alias) =>
    `(${fk.columns.map((name) => column(alias, name)).join(', ')}) IN (SELECT ${referenced} FROM ${from} WHERE ${parent.where(p)})`;
}

/**
 * The seed rows and every row below them through `selfCascades` (FKs of `table` to itself with
 * ON DELETE CASCADE): a recursive CTE over the referenced columns. UNION (not UNION ALL) drops
 * values already seen, so a cycle of rows ends the recursion.
 */
export function withSubtree(
  table: QualifiedName,
  seed: Where,
  selfCascades: readonly ForeignKey[],
  aliases: Aliases,
): Where {
  if (selfCascades.length === 0) return seed;
  const keyColumns = [...new Set(selfCascades.flatMap((fk) => fk.referencedColumns))];
  const slot = (name: string) => `c${keyColumns.indexOf(name) + 1}`;
  const name = quoteQualified(table);
  const s = aliases();
  const z = aliases();
  const cte = aliases().replace(/^s/, 'tree');
  const join = selfCascades
    .map(
      (fk) =>
        `(${fk.columns.map((c, i) => `${column(z, c)} = ${cte}.${slot(fk.referencedColumns[i]!)}`).join(' AND ')})`,
    )
    .join(' OR ');
  const recursive = `WITH RECURSIVE ${cte}(${keyColumns.map(slot).join(', ')}) AS (SELECT ${keyColumns.map((c) => column(s, c)).join(', ')} FROM ${name} AS ${s} WHERE ${seed(s)} UNION SELECT ${keyColumns.map((c) => column(z, c)).join(', ')} FROM ${name} AS ${z} JOIN ${cte} ON ${join})`;
  return (alias) => {
    const below = selfCascades.map(
      (fk) =>
        `(${fk.columns.map((c) => column(alias, c)).join(', ')}) IN (${recursive} SELECT ${fk.referencedColumns.map((c) => `${cte}.${slot(c)}`).join(', ')} FROM ${cte})`,
    );
    return `(${seed(alias)}) OR ${below.join(' OR ')}`;
  };
}

/** Rows matching any of the conditions (none: no rows). */
export function anyOf(wheres: readonly Where[]): Where {
  if (wheres.length === 0) return () => 'false';
  if (wheres.length === 1) return wheres[0]!;
  return (alias) => wheres.map((where) => `(${where(alias)})`).join(' OR ');
}

/** Rows matching `where` and not `except` (NULL counts as not matching). */
export function butNot(where: Where, except: Where | null): Where {
  if (except === null) return where;
  return (alias) => `(${where(alias)}) AND (${except(alias)}) IS NOT TRUE`;
}
