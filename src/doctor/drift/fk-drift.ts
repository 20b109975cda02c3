// The findings about one foreign key: drift-missing (in A only), drift-extra (in B only),
// drift-different (both, not alike) and drift-renamed (both, another name in B). Each fix is
// the SQL that gives B what A has, built for B's server version.

import type { Catalog, ForeignKey, QualifiedName, Table } from '../../model/catalog.js';
import { type Finding, type Severity, severityRank } from '../../model/finding.js';
import { quoteIdent, quoteQualified } from '../../sql/quote.js';
import type { DriftLabels } from './drift-labels.js';
import { foreignKeyDifferences, referenceText } from './fk-differences.js';
import { addForeignKeySql, alterTable, deferrabilityText, unsupportedBy } from './fk-sql.js';
import type { FkPair } from './match-foreign-keys.js';

function findTable(catalog: Catalog, fk: ForeignKey['table']): Table | undefined {
  return catalog.tables.find((t) => t.schema === fk.schema && t.name === fk.name);
}

/** `name (public.orders (customer_id) REFERENCES public.customer (id))`. */
export function describeForeignKey(fk: ForeignKey): string {
  return `${quoteIdent(fk.name)} (${quoteQualified(fk.table)} ${referenceText(fk)})`;
}

function sideOf(fk: ForeignKey) {
  return { name: fk.name, definition: fk.definition };
}

/** Columns B's tables lack for this FK (then it cannot be added there as it is). */
function absentColumns(b: Catalog, fk: ForeignKey): string[] {
  const child = findTable(b, fk.table);
  const parent = findTable(b, fk.referencedTable);
  const lacking = (table: Table | undefined, columns: readonly string[]) =>
    table ? columns.filter((c) => !table.columns.some((col) => col.name === c)) : [...columns];
  return [
    ...lacking(child, fk.columns).map((c) => `${quoteQualified(fk.table)}.${quoteIdent(c)}`),
    ...lacking(parent, fk.referencedColumns).map(
      (c) => `${quoteQualified(fk.referencedTable)}.${quoteIdent(c)}`,
    ),
  ];
}

/**
 * Whether the columns are a key the server lets an FK reference: the primary key, a unique
 * constraint, or a valid unique index without predicate or expressions, on exactly those columns.
 */
function hasUniqueKey(table: Table, columns: readonly string[]): boolean {
  const same = (key: readonly (string | null)[]) =>
    key.length === columns.length && columns.every((c) => key.includes(c));
  return (
    (table.primaryKey !== null && same(table.primaryKey.columns)) ||
    table.uniqueKeys.some((key) => same(key.columns)) ||
    table.indexes.some(
      (index) => index.unique && index.valid && index.predicate === null && same(index.columns),
    )
  );
}

export function missingFinding(b: Catalog, fk: ForeignKey, labels: DriftLabels): Finding {
  const child = findTable(b, fk.table);
  const absent = absentColumns(b, fk);
  const parentAbsent = !findTable(b, fk.referencedTable);
  let fix: string | null = null;
  let blocker = '';
  if (parentAbsent) {
    blocker = ` ${quoteQualified(fk.referencedTable)} does not exist in ${labels.b}: create it first.`;
  } else if (absent.length > 0) {
    blocker = ` ${labels.b} lacks ${absent.join(', ')}: add ${absent.length > 1 ? 'them' : 'it'} first.`;
  } else if (!hasUniqueKey(findTable(b, fk.referencedTable)!, fk.referencedColumns)) {
    const columns = fk.referencedColumns.map(quoteIdent).join(', ');
    blocker = ` In ${labels.b}, ${quoteQualified(fk.referencedTable)} has no primary key or unique constraint on (${columns}) for it to reference: add that first.`;
  } else if (unsupportedBy(fk, b.serverVersionNum)) {
    blocker = ` ${labels.b} cannot take it as it is: ${unsupportedBy(fk, b.serverVersionNum)}.`;
  } else if (child) {
    fix = addForeignKeySql(fk.table, fk, {
      name: fk.name,
      drop: null,
      serverVersionNum: b.serverVersionNum,
      partitioned: child.kind === 'partitioned-table',
      validate: fk.validated,
      enforced: fk.enforced,
    });
  }
  return {
    check: 'drift-missing',
    severity: 'error',
    table: quoteQualified(fk.table),
    constraint: fk.name,
    tables: [quoteQualified(fk.table), quoteQualified(fk.referencedTable)],
    message:
      `${describeForeignKey(fk)} is in ${labels.a} but not in ${labels.b}: ${labels.b} lets ` +
      `${quoteQualified(fk.table)} hold keys that ${quoteQualified(fk.referencedTable)} does not have.${blocker}`,
    fix,
    details: { a: sideOf(fk), b: null },
  };
}

export function extraFinding(fk: ForeignKey, labels: DriftLabels): Finding {
  return {
    check: 'drift-extra',
    severity: 'warning',
    table: quoteQualified(fk.table),
    constraint: fk.name,
    tables: [quoteQualified(fk.table), quoteQualified(fk.referencedTable)],
    message:
      `${describeForeignKey(fk)} is in ${labels.b} but not in ${labels.a}: ${labels.b} refuses ` +
      `rows (or deletes) that ${labels.a} accepts. Drop it in ${labels.b}, or add it to ${labels.a}.`,
    fix: `${alterTable(fk.table)} DROP CONSTRAINT IF EXISTS ${quoteIdent(fk.name)};`,
    details: { a: null, b: sideOf(fk) },
  };
}

/** drift-different for a pair, or null when they are alike. */
export function differentFinding(pair: FkPair, b: Catalog, labels: DriftLabels): Finding | null {
  const { a: fkA, b: fkB } = pair;
  const differences = foreignKeyDifferences(fkA, fkB);
  if (differences.length === 0) return null;
  const severity = differences
    .map((d) => d.severity)
    .reduce((x, y): Severity => (severityRank(y) < severityRank(x) ? y : x));
  const changes = new Set(differences.map((d) => d.change));
  const table = fkB.table;
  const name = quoteIdent(fkB.name);
  const statements: string[] = [];
  const unsupported = changes.has('recreate') ? unsupportedBy(fkA, b.serverVersionNum) : null;
  if (unsupported) {
    // Nothing: the note below says why.
  } else if (changes.has('recreate')) {
    // One ALTER TABLE drops and adds it: no moment without the constraint.
    statements.push(
      addForeignKeySql(table, fkA, {
        name: fkB.name,
        drop: fkB.name,
        serverVersionNum: b.serverVersionNum,
        partitioned: findTable(b, table)?.kind === 'partitioned-table',
        validate: fkA.validated || fkB.validated,
        enforced: fkA.enforced || fkB.enforced,
      }),
    );
  } else {
    if (changes.has('deferrability')) {
      statements.push(`${alterTable(table)} ALTER CONSTRAINT ${name} ${deferrabilityText(fkA)};`);
    }
    if (changes.has('enforce')) {
      statements.push(`${alterTable(table)} ALTER CONSTRAINT ${name} ENFORCED;`);
    }
    if (changes.has('validate')) {
      statements.push(`${alterTable(table)} VALIDATE CONSTRAINT ${name};`);
    }
  }
  const list = differences.map((d) => `${d.a} in ${labels.a}, ${d.b} in ${labels.b}`).join('; ');
  const notes: string[] = [];
  if (changes.has('recreate') && differences.some((d) => d.property === 'triggersEnabled')) {
    notes.push(
      `nothing checks it in ${labels.b} while its triggers are disabled; adding it again creates them enabled and checks every row (fkdoctor orphans finds the rows that would fail)`,
    );
  }
  if (unsupported) {
    notes.push(`${labels.b} cannot take it as ${labels.a} has it: ${unsupported}`);
  } else if (statements.length === 0) {
    notes.push(`${labels.b} checks more than ${labels.a} here: fix ${labels.a} instead`);
  }
  return {
    check: 'drift-different',
    severity,
    table: quoteQualified(fkA.table),
    constraint: fkA.name,
    ...(fkA.name !== fkB.name ? { constraints: [fkA.name, fkB.name] } : {}),
    tables: [quoteQualified(fkA.table), quoteQualified(fkA.referencedTable)],
    message:
      `${quoteIdent(fkA.name)} on ${quoteQualified(fkA.table)}${fkA.name !== fkB.name ? ` (${quoteIdent(fkB.name)} in ${labels.b})` : ''} ` +
      `differs: ${list}.${notes.map((n) => ` ${n[0]!.toUpperCase()}${n.slice(1)}.`).join('')}`,
    fix: statements.length > 0 ? statements.join('\n') : null,
    details: { a: sideOf(fkA), b: sideOf(fkB), differences },
  };
}

/**
 * drift-renamed for a pair that checks the same thing under another name, or null. The fix
 * renames B's constraint and the copies the server made of it on partitions (a rename does not
 * reach them), so errors name the same constraint in both databases.
 */
export function renamedFinding(pair: FkPair, b: Catalog, labels: DriftLabels): Finding | null {
  const { a: fkA, b: fkB } = pair;
  if (!pair.sameReference || fkA.name === fkB.name) return null;
  const renames: ConstraintRename[] = [fkB, ...clonesOf(b, fkB)]
    .filter((fk) => fk.name === fkB.name)
    .map((fk) => ({ table: fk.table, from: fkB.name, to: fkA.name }));
  return {
    check: 'drift-renamed',
    severity: 'info',
    table: quoteQualified(fkA.table),
    constraint: fkA.name,
    constraints: [fkA.name, fkB.name],
    tables: [quoteQualified(fkA.table), quoteQualified(fkA.referencedTable)],
    message:
      `${quoteIdent(fkA.name)} in ${labels.a} is ${quoteIdent(fkB.name)} in ${labels.b} ` +
      `(${quoteQualified(fkA.table)} ${referenceText(fkA)}): errors and migrations that name it ` +
      `differ between the two.`,
    fix: renames.map(renameSql).join('\n'),
    details: { a: sideOf(fkA), b: sideOf(fkB), renames },
  };
}

/** One RENAME CONSTRAINT; driftFixScript orders them (and goes through a temporary name for swaps). */
export interface ConstraintRename {
  table: QualifiedName;
  from: string;
  to: string;
}

export function renameSql(rename: ConstraintRename): string {
  return `${alterTable(rename.table)} RENAME CONSTRAINT ${quoteIdent(rename.from)} TO ${quoteIdent(rename.to)};`;
}

/** The copies of `fk` on partitions, and their copies on sub-partitions, in catalog order. */
function clonesOf(catalog: Catalog, fk: ForeignKey): ForeignKey[] {
  const family: ForeignKey[] = [fk];
  const isChildOf = (clone: ForeignKey) =>
    family.some(
      (member) =>
        clone.parentConstraint !== null &&
        clone.parentConstraint.name === member.name &&
        clone.parentConstraint.table.schema === member.table.schema &&
        clone.parentConstraint.table.name === member.table.name,
    );
  let grew = true;
  while (grew) {
    grew = false;
    for (const candidate of catalog.foreignKeys) {
      if (!family.includes(candidate) && isChildOf(candidate)) {
        family.push(candidate);
        grew = true;
      }
    }
  }
  return family.slice(1);
}
