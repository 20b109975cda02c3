// drift-index: a foreign key's referencing columns have a supporting index (model/fk-index.ts)
// in one database and not in the other. Without one, every DELETE or key UPDATE on the
// referenced table reads the whole referencing table.

import type { Catalog, ForeignKey, Index, QualifiedName, Table } from '../../model/catalog.js';
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
 * One finding per referencing table (or partition) and column set whose support differs (FKs
 * with the same columns share an index, so they share the finding).
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
    const tableA = findTable(a, fk.table);
    const tableB = findTable(b, fk.table);
    if (tableA && tableB) findings.push(...compareSupport(a, b, tableA, tableB, group, labels));
  }
  return findings;
}

function findTable(catalog: Catalog, name: QualifiedName): Table | undefined {
  return catalog.tables.find((t) => t.schema === name.schema && t.name === name.name);
}

/**
 * The finding for one table, when its support differs. When neither side has a partitioned
 * index, each partition's own indexes are what serve (pg_dump of a partitioned schema often has
 * them there only): the partitions present on both sides are compared one by one.
 */
function compareSupport(
  a: Catalog,
  b: Catalog,
  tableA: Table,
  tableB: Table,
  group: readonly ComparedForeignKey[],
  labels: DriftLabels,
): Finding[] {
  const { fk } = group[0]!;
  const servingA = indexesServingForeignKey(tableA, fk);
  const servingB = indexesServingForeignKey(tableB, fk);
  if (servingA.length > 0 || servingB.length > 0) {
    if (servingA.length > 0 && servingB.length > 0) return [];
    return [supportFinding(b, tableA, tableB, servingA, servingB, group, labels)];
  }
  if (tableA.kind !== 'partitioned-table' || tableB.kind !== 'partitioned-table') return [];
  return tableA.partitions.flatMap((name) => {
    const partitionA = findTable(a, name);
    const partitionB = findTable(b, name);
    return partitionA && partitionB
      ? compareSupport(a, b, partitionA, partitionB, group, labels)
      : [];
  });
}

function supportFinding(
  b: Catalog,
  tableA: Table,
  tableB: Table,
  servingA: readonly Index[],
  servingB: readonly Index[],
  group: readonly ComparedForeignKey[],
  labels: DriftLabels,
): Finding {
  const { fk } = group[0]!;
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
    return {
      ...base,
      severity: 'warning',
      message:
        `${what} have a supporting index in ${labels.a} (${servingA.map((i) => quoteIdent(i.name)).join(', ')}) ` +
        `but none in ${labels.b}: there each DELETE or key UPDATE on ${referenced.join(', ')} ` +
        `reads all of ${quoteQualified(tableB)}.` +
        (tableB.kind === 'partitioned-table'
          ? ' CREATE INDEX CONCURRENTLY cannot build a partitioned index: the fix makes it ON ONLY the partitioned table, then builds one per partition CONCURRENTLY and attaches it.'
          : ''),
      fix: create.sql,
      details: {
        columns: fk.columns,
        indexA: servingA.map((i) => i.name),
        indexB: [],
        definitionA: servingA.map((i) => i.definition),
        createdIndex: create.name,
      },
    };
  }
  return {
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
  };
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
 * that name on the same table, left by a failed CONCURRENTLY build, is dropped first). A
 * partitioned table cannot build its index CONCURRENTLY: it gets one ON ONLY the partitioned
 * table, then one per partition built CONCURRENTLY and attached (the parent index is valid once
 * every partition has one), so writes are never blocked for a whole build.
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
  const taken = new Map<string, Set<string>>();
  const takenIn = (schema: string) => {
    const names = taken.get(schema) ?? relationNames(b.tables, schema);
    taken.set(schema, names);
    return names;
  };
  const stale = tableB.indexes.find((index) => index.name === wanted && !index.valid);
  const partitioned = tableB.kind === 'partitioned-table';
  const statements: string[] = [];
  let name = wanted;
  if (stale) {
    // DROP INDEX CONCURRENTLY cannot drop a partitioned index either.
    const concurrently = partitioned ? '' : 'CONCURRENTLY ';
    statements.push(
      `DROP INDEX ${concurrently}IF EXISTS ${quoteQualified({ schema: tableB.schema, name: stale.name })};`,
    );
  } else {
    name = freeName(wanted, takenIn(tableB.schema));
  }
  const spec: IndexSpec = {
    unique: plain?.unique ? 'UNIQUE ' : '',
    using:
      (plain && usingClause(tableA, plain)) ??
      ` USING btree (${fk.columns.map(quoteIdent).join(', ')})`,
    columns: fk.columns,
  };
  if (partitioned) {
    statements.push(...partitionedIndexSql(tableB, name, spec, b, takenIn));
  } else {
    statements.push(
      `CREATE ${spec.unique}INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(name)} ON ${quoteQualified(tableB)}${spec.using};`,
    );
  }
  return { sql: statements.join('\n'), name };
}

interface IndexSpec {
  /** `UNIQUE ` or empty. */
  unique: string;
  /** ` USING method (columns) [INCLUDE (...)] [WHERE ...]`, the same for every partition. */
  using: string;
  columns: readonly string[];
}

function partitionedIndexSql(
  table: Table,
  name: string,
  spec: IndexSpec,
  b: Catalog,
  takenIn: (schema: string) => Set<string>,
): string[] {
  const statements = [
    `CREATE ${spec.unique}INDEX IF NOT EXISTS ${quoteIdent(name)} ON ONLY ${quoteQualified(table)}${spec.using};`,
  ];
  for (const partitionName of table.partitions) {
    const partition = b.tables.find(
      (t) => t.schema === partitionName.schema && t.name === partitionName.name,
    );
    if (!partition) continue;
    const taken = takenIn(partition.schema);
    const own = freeName(defaultIndexName(partition.name, spec.columns), taken);
    taken.add(own);
    if (partition.kind === 'partitioned-table') {
      statements.push(...partitionedIndexSql(partition, own, spec, b, takenIn));
    } else {
      statements.push(
        `CREATE ${spec.unique}INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(own)} ON ${quoteQualified(partition)}${spec.using};`,
      );
    }
    statements.push(
      `ALTER INDEX ${quoteQualified({ schema: table.schema, name })} ATTACH PARTITION ${quoteQualified({ schema: partition.schema, name: own })};`,
    );
  }
  return statements;
}

/**
 * What follows the table in pg_get_indexdef's `CREATE [UNIQUE] INDEX name ON [ONLY]
 * schema.table USING ...` (the server's own quoting; it always qualifies the table): the same
 * for B's table and its partitions. Null if the text is not of that shape.
 */
function usingClause(table: Table, index: Index): string | null {
  const prefix = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(index.name)} ON `;
  if (!index.definition.startsWith(prefix)) return null;
  let rest = index.definition.slice(prefix.length);
  if (rest.startsWith('ONLY ')) rest = rest.slice('ONLY '.length);
  const qualified = quoteQualified(table);
  if (!rest.startsWith(`${qualified} USING `)) return null;
  return rest.slice(qualified.length);
}
