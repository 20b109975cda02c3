// explain --db: look at the live database to turn guesses into facts. Everything here reads;
// the session is read-only with statement and lock timeouts (engine/node-postgres.ts).

import type { Engine } from '../../../engine/engine.js';
import type { Catalog, Column, ForeignKey, Table } from '../../../model/catalog.js';
import { findTable, qualifiedKey } from '../../../model/catalog.js';
import { isNumericColumn, isTextColumn } from '../../../model/column-kinds.js';
import type { Violation } from '../../../model/violation.js';
import { keyExists, nearestKeys, textVariants, validForTypes } from './key-checks.js';
import type { LiveDiagnosis, NearMiss, ResolvedConstraint } from './live-diagnosis.js';
import { countReferencingRows } from './referencing-rows.js';
import { resolveConstraint } from './resolve-constraint.js';

function columnsOf(table: Table | undefined, names: string[]): Column[] | null {
  if (!table) return null;
  const columns = names.map((name) => table.columns.find((c) => c.name === name));
  return columns.every((c) => c !== undefined) ? (columns as Column[]) : null;
}

function resolved(fk: ForeignKey): ResolvedConstraint {
  return {
    schema: fk.table.schema,
    table: fk.table.name,
    name: fk.name,
    referencedSchema: fk.referencedTable.schema,
    referencedTable: fk.referencedTable.name,
    definition: fk.definition,
    deferrable: fk.deferrable,
    initiallyDeferred: fk.initiallyDeferred,
    validated: fk.validated,
    enforced: fk.enforced,
    triggersEnabled: fk.triggersEnabled,
    onDelete: fk.onDelete,
    onUpdate: fk.onUpdate,
  };
}

function mismatches(child: Column[], parent: Column[]): string[] {
  const out: string[] = [];
  child.forEach((c, i) => {
    const p = parent[i]!;
    if (c.type !== p.type)
      out.push(`${c.name} is ${c.type} but the referenced ${p.name} is ${p.type}`);
    if ((c.collation ?? '') !== (p.collation ?? '')) {
      out.push(
        `${c.name} uses collation ${c.collation ?? 'default'} but ${p.name} uses ${p.collation ?? 'default'}`,
      );
    }
  });
  return out;
}

export async function diagnoseLive(
  engine: Engine,
  catalog: Catalog,
  violation: Violation,
): Promise<{ live: LiveDiagnosis; foreignKey: ForeignKey | null }> {
  const { foreignKey: fk, candidates } = resolveConstraint(catalog, violation);
  const live: LiveDiagnosis = {
    server: engine.label,
    serverVersion: catalog.serverVersion,
    constraint: fk ? resolved(fk) : null,
    candidates:
      candidates.length > 1 ? candidates.map((c) => `${qualifiedKey(c.table)}.${c.name}`) : [],
    keyValues: null,
    parentExists: null,
    nearMisses: [],
    mismatches: [],
    referencingRows: [],
    findings: [],
    causeUpdates: [],
  };
  if (!fk) {
    live.findings.push(
      violation.constraint
        ? `No foreign key named "${violation.constraint}" exists in this database: the error may come from another database or an older schema.`
        : 'The input does not name the constraint, so it cannot be looked up.',
    );
    return { live, foreignKey: null };
  }
  if (candidates.length > 1) {
    live.findings.push(
      `${candidates.length} constraints are named "${fk.name}" (${live.candidates.join(', ')}); using ${qualifiedKey(fk.table)}. Pass the schema-qualified error (verbose psql shows SCHEMA NAME) to be sure.`,
    );
  }

  const childTable = findTable(catalog, fk.table);
  const parentTable = findTable(catalog, fk.referencedTable);
  const childColumns = columnsOf(childTable, fk.columns);
  const parentColumns = columnsOf(parentTable, fk.referencedColumns);
  if (childColumns && parentColumns) live.mismatches = mismatches(childColumns, parentColumns);

  const childSide = violation.kind === 'missing-parent';
  const printedColumns = childSide ? childColumns : parentColumns;
  let values = violation.keyValues;
  if (violation.keyAlternatives.length > 1 && printedColumns && parentColumns) {
    values = await pickReading(
      engine,
      violation,
      printedColumns,
      childSide,
      childTable,
      childColumns,
    );
    live.keyValues = values;
  }

  if (!fk.deferrable)
    live.findings.push(
      `"${fk.name}" is NOT DEFERRABLE: SET CONSTRAINTS cannot postpone it until it is altered.`,
    );
  else
    live.findings.push(
      `"${fk.name}" is DEFERRABLE INITIALLY ${fk.initiallyDeferred ? 'DEFERRED' : 'IMMEDIATE'}.`,
    );
  if (!fk.triggersEnabled)
    live.findings.push(
      `The triggers that enforce "${fk.name}" are DISABLED: rows written meanwhile were not checked.`,
    );
  if (!fk.validated)
    live.findings.push(
      `"${fk.name}" is NOT VALID: rows written before it was added were never checked.`,
    );
  if (!fk.enforced) live.findings.push(`"${fk.name}" is NOT ENFORCED.`);
  for (const mismatch of live.mismatches) live.findings.push(`Type mismatch: ${mismatch}.`);

  if (childSide && values.length > 0 && parentTable && parentColumns) {
    live.parentExists = await keyExists(engine, parentTable, parentColumns, values);
    if (live.parentExists) {
      live.findings.push(
        `The ${qualifiedKey(parentTable)} row with that key exists NOW: it was written after the failing statement ran (wrong order) or by a transaction that had not committed yet.`,
      );
      live.causeUpdates.push(
        {
          id: 'wrong-order',
          title: 'Rows were written children first',
          why: 'The parent exists now, so it arrived after the child was written.',
          likelihood: 'high',
        },
        {
          id: 'concurrent-transaction',
          title: 'Another transaction had not committed the parent yet',
          why: 'The parent exists now; if your code did write it first, it was in another, uncommitted transaction.',
          likelihood: 'high',
        },
        {
          id: 'parent-never-created',
          title: 'The parent row was never created',
          why: 'Ruled out: the parent exists now.',
          likelihood: 'low',
        },
      );
    } else if (live.parentExists === false) {
      live.findings.push(`No ${qualifiedKey(parentTable)} row has that key now.`);
      live.nearMisses = await findNearMisses(engine, catalog, parentTable, parentColumns, values);
      for (const miss of live.nearMisses) live.findings.push(miss.note);
      if (live.nearMisses.length > 0) {
        live.causeUpdates.push({
          id: 'parent-never-created',
          title: 'The parent row was never created',
          why: 'Possible, but keys close to this one exist: check the id first.',
          likelihood: 'medium',
        });
        live.causeUpdates.push({
          id: 'wrong-id',
          title: 'The wrong id was passed',
          why: `Near misses exist: ${live.nearMisses.map((m) => m.note).join(' ')}`,
          likelihood: 'high',
        });
      }
    }
  }
  if (live.mismatches.length > 0) {
    live.causeUpdates.push({
      id: 'type-mismatch',
      title: 'The two sides of the key have different types or collations',
      why: live.mismatches.join('; '),
      likelihood: 'medium',
    });
  }
  if (!childSide && violation.kind !== 'match-full' && values.length > 0) {
    live.referencingRows = await countReferencingRows(
      engine,
      catalog,
      fk.referencedTable,
      fk.referencedColumns,
      values,
    );
    for (const hop of live.referencingRows) {
      live.findings.push(
        `${'  '.repeat(hop.depth - 1)}${hop.table} (${hop.constraint}, ON DELETE ${hop.onDelete.toUpperCase().replace('-', ' ')}): ${hop.rows < 0 ? 'could not count' : `${hop.rows} row${hop.rows === 1 ? '' : 's'}`}`,
      );
    }
  }
  return { live, foreignKey: fk };
}

/**
 * Picks the split of an ambiguous composite key: it must convert to the column types, and on
 * the parent side the rejected delete proves that child rows carry the key, so the reading
 * that children reference is the one.
 */
async function pickReading(
  engine: Engine,
  violation: Violation,
  printedColumns: Column[],
  childSide: boolean,
  childTable: Table | undefined,
  childColumns: Column[] | null,
): Promise<string[]> {
  const valid: string[][] = [];
  for (const reading of violation.keyAlternatives) {
    if (await validForTypes(engine, printedColumns, reading)) valid.push(reading);
  }
  if (!childSide && childTable && childColumns) {
    for (const reading of valid) {
      if (await keyExists(engine, childTable, childColumns, reading)) return reading;
    }
  }
  return valid[0] ?? violation.keyValues;
}

async function findNearMisses(
  engine: Engine,
  catalog: Catalog,
  parentTable: Table,
  parentColumns: Column[],
  values: string[],
): Promise<NearMiss[]> {
  const misses: NearMiss[] = [];
  const table = qualifiedKey(parentTable);
  if (parentColumns.length === 1) {
    const column = parentColumns[0]!;
    const value = values[0]!;
    if (isNumericColumn(column)) {
      const keys = await nearestKeys(engine, parentTable, column, value);
      if (keys.length > 0) {
        misses.push({
          kind: 'nearest-key',
          table,
          key: keys,
          note: `Nearest existing ${column.name} values in ${table}: ${keys.join(', ')}.`,
        });
      }
    }
    if (isTextColumn(column)) {
      for (const key of await textVariants(engine, parentTable, column, value)) {
        misses.push({
          kind: 'text-variant',
          table,
          key: [key],
          note: `${table} has ${JSON.stringify(key)}, which differs from ${JSON.stringify(value)} only in case or white space.`,
        });
      }
    }
  }
  for (const other of catalog.tables) {
    if (other.name !== parentTable.name || other.schema === parentTable.schema) continue;
    const columns = columnsOf(
      other,
      parentColumns.map((c) => c.name),
    );
    if (columns && (await keyExists(engine, other, columns, values))) {
      misses.push({
        kind: 'other-schema',
        table: qualifiedKey(other),
        key: values,
        note: `The same key exists in ${qualifiedKey(other)}: a search_path or schema mix-up?`,
      });
    }
  }
  return misses;
}
