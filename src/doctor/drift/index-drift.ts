// drift-index: a foreign key's referencing columns have a supporting index (model/fk-index.ts)
// in one database and not in the other. Without one, every DELETE or key UPDATE on the
// referenced table reads the whole referencing table.

import type { Catalog, ForeignKey, Index, Table } from '../../model/catalog.js';
import type { Finding } from '../../model/finding.js';
import { indexesServingForeignKey } from '../../model/fk-index.js';
import { quoteIdent, quoteQualified } from '../../sql/quote.js';
import type { DriftLabels } from './drift-labels.js';
import { defaultIndexName, freeName, relationNames } from './index-name.js';

/** One FK as compared (A's version when both sides have it) and its names on both sides. */
export interface ComparedForeignKey {
  fk: ForeignKey;
  names: string[];
}

/**
 * One finding per referencing table and column set whose support differs (FKs with the same
 * columns share an index, so they share the finding).
 */
export function indexDriftFindings(
  a: Catalog,
  b: Catalog,
  compared: readonly ComparedForeignKey[],
  labels: DriftLabels,
): Finding[] {
  const groups = new Map<string, ComparedForeignKey[]>();
  for (const entry of compared) {
    const { fk } = entry;
    const key = JSON.stringify([fk.table.schema, fk.table.name, [...fk.columns].sort()]);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const findings: Finding[] = [];
  for (const group of groups.values()) {
    const { fk } = group[0]!;
    const tableA = a.tables.find((t) => t.schema === fk.table.schema && t.name === fk.table.name);
    const tableB = b.tables.find((t) => t.schema === fk.table.schema && t.name === fk.table.name);
    if (!tableA || !tableB) continue;
    const servingA = indexesServingForeignKey(tableA, fk);
    const servingB = indexesServingForeignKey(tableB, fk);
    if (servingA.length > 0 === servingB.length > 0) continue;
    const allNames = [...new Set(group.flatMap((g) => g.names))];
    const referenced = [...new Set(group.map((g) => quoteQualified(g.fk.referencedTable)))];
    const base = {
      check: 'drift-index',
      table: quoteQualified(tableA),
      constraint: allNames[0] ?? null,
      ...(allNames.length > 1 ? { constraints: allNames } : {}),
    };
    const names = [...new Set(group.map((g) => g.fk.name))];
    const what =
      `The referencing columns of ${names.map(quoteIdent).join(', ')}, ` +
      `${quoteQualified(tableA)} (${fk.columns.map(quoteIdent).join(', ')}),`;
    if (servingA.length > 0) {
      const create = createIndexSql(tableA, servingA, tableB, b, fk);
      findings.push({
        ...base,
        severity: 'warning',
        message:
          `${what} have a supporting index in ${labels.a} (${servingA.map((i) => quoteIdent(i.name)).join(', ')}) ` +
          `but none in ${labels.b}: there each DELETE or key UPDATE on ${referenced.join(', ')} ` +
          `reads all of ${quoteQualified(tableB)}.` +
          (tableB.kind === 'partitioned-table'
            ? ' (CREATE INDEX CONCURRENTLY cannot build a partitioned index: this one blocks writes while it builds.)'
            : ''),
        fix: create.sql,
        details: {
          columns: fk.columns,
          indexA: servingA.map((i) => i.name),
          indexB: [],
          definitionA: servingA.map((i) => i.definition),
          createdIndex: create.name,
        },
      });
    } else {
      findings.push({
        ...base,
        severity: 'info',
        message:
          `${what} have a supporting index in ${labels.b} (${servingB.map((i) => quoteIdent(i.name)).join(', ')}) ` +
          `but none in ${labels.a}: ${labels.a} reads all of ${quoteQualified(tableA)} on each DELETE ` +
          `or key UPDATE on ${referenced.join(', ')}. Add the index to ${labels.a}; fkdoctor does not drop it from ${labels.b}.`,
        fix: null,
        details: {
          columns: fk.columns,
          indexA: [],
          indexB: servingB.map((i) => i.name),
          definitionB: servingB.map((i) => i.definition),
        },
      });
    }
  }
  return findings;
}

/** Whether an index enforces the table's primary key or a unique constraint. */
function backsKey(table: Table, index: Index): boolean {
  return (
    index.primary ||
    table.primaryKey?.index === index.name ||
    table.uniqueKeys.some((key) => key.index === index.name)
  );
}

/**
 * A's plain index (the narrowest) copied with CONCURRENTLY, or when A's only support is a key's
 * index, a plain btree on the FK columns. The name is A's unless B uses it (an INVALID index of
 * that name on the same table, left by a failed CONCURRENTLY build, is dropped first).
 */
function createIndexSql(
  tableA: Table,
  servingA: readonly Index[],
  tableB: Table,
  b: Catalog,
  fk: ForeignKey,
): { sql: string; name: string } {
  const plain = servingA
    .filter((index) => !backsKey(tableA, index))
    .sort((x, y) => x.columns.length - y.columns.length)[0];
  const wanted = plain?.name ?? defaultIndexName(tableB.name, fk.columns);
  const taken = relationNames(b.tables, tableB.schema);
  const stale = tableB.indexes.find((index) => index.name === wanted && !index.valid);
  const partitioned = tableB.kind === 'partitioned-table';
  const statements: string[] = [];
  let name = wanted;
  if (stale) {
    const concurrently = partitioned ? '' : 'CONCURRENTLY ';
    statements.push(
      `DROP INDEX ${concurrently}IF EXISTS ${quoteQualified({ schema: tableB.schema, name: stale.name })};`,
    );
  } else {
    name = freeName(wanted, taken);
  }
  const head = `CREATE ${plain?.unique ? 'UNIQUE ' : ''}INDEX ${partitioned ? '' : 'CONCURRENTLY '}IF NOT EXISTS ${quoteIdent(name)} ON `;
  const rest = plain ? definitionAfterOn(plain) : null;
  const body =
    rest ?? `${quoteQualified(tableB)} USING btree (${fk.columns.map(quoteIdent).join(', ')})`;
  statements.push(`${head}${body};`);
  return { sql: statements.join('\n'), name };
}

/**
 * What follows `ON` in pg_get_indexdef's `CREATE [UNIQUE] INDEX name ON [ONLY] schema.table USING
 * ...` (the server's own quoting; it always qualifies the table), without ONLY: B's index must
 * cover the partitions too. Null if the text is not of that shape.
 */
function definitionAfterOn(index: Index): string | null {
  const prefix = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(index.name)} ON `;
  if (!index.definition.startsWith(prefix)) return null;
  const rest = index.definition.slice(prefix.length);
  return rest.startsWith('ONLY ') ? rest.slice('ONLY '.length) : rest;
}
