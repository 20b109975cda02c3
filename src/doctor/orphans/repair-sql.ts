// The repair script for one foreign key's orphans, in one transaction: lock the tables it reads
// and writes against other writers (so the rows backed up are exactly the rows repaired), copy
// the affected rows into backup tables (nothing is lost), repair (delete the rows, set their
// key to NULL, or insert placeholder parents), then validate (VALIDATE CONSTRAINT for a NOT
// VALID constraint, else an assertion that no violation is left), and COMMIT. Any failure rolls
// the whole script back. What cannot be repaired that way is refused up front with the reason.

import type { Catalog, ForeignKey, QualifiedName, Table } from '../../model/catalog.js';
import { findTable, qualifiedKey, sameName } from '../../model/catalog.js';
import { buildFkGraph, cascadeReach } from '../../model/fk-graph.js';
import { lineComment, quoteIdent, quoteLiteral, quoteQualified } from '../../sql/quote.js';
import { backupTableName } from './backup-name.js';
import {
  childAlias,
  orphanCondition,
  partialNullCondition,
  relationRef,
  violationCondition,
} from './orphan-sql.js';

export const repairModes = ['delete', 'set-null', 'placeholder-parents'] as const;
export type RepairMode = (typeof repairModes)[number];

export interface OrphanRepairOptions {
  /** Schema of the backup tables (default: the child table's schema). */
  backupSchema?: string;
  /** lock_timeout for the script's LOCK TABLE (default `5s`). */
  lockTimeout?: string;
}

/** A repair this mode cannot do on this constraint; `message` says why and what to do instead. */
export class OrphanRepairRefusedError extends Error {
  override readonly name = 'OrphanRepairRefusedError';
  constructor(
    readonly constraint: string,
    readonly table: string,
    readonly mode: RepairMode,
    reason: string,
  ) {
    super(`--repair ${mode} of ${constraint} on ${table}: ${reason}`);
  }
}

export interface BackupTable {
  /** The backup table. */
  backup: QualifiedName;
  /** The table whose rows it holds. */
  of: QualifiedName;
  /** What the repair does to those rows. */
  effect: 'deleted' | 'set-null' | 'set-default' | 'kept';
  /** The constraint through which they are reached (the repaired one for the first backup). */
  constraint: string;
}

export interface OrphanRepairPlan {
  sql: string;
  backups: BackupTable[];
}

export function orphanRepairSql(
  catalog: Catalog,
  fk: ForeignKey,
  mode: RepairMode,
  options: OrphanRepairOptions = {},
): string {
  return orphanRepairPlan(catalog, fk, mode, options).sql;
}

export function orphanRepairPlan(
  catalog: Catalog,
  fk: ForeignKey,
  mode: RepairMode,
  options: OrphanRepairOptions = {},
): OrphanRepairPlan {
  const child = findTable(catalog, fk.table);
  const parent = findTable(catalog, fk.referencedTable);
  const tableText = quoteQualified(fk.table);
  const refuse = (reason: string) => new OrphanRepairRefusedError(fk.name, tableText, mode, reason);
  if (!child || !parent) throw refuse('its tables are not in the catalog read');
  if (!(repairModes as readonly string[]).includes(mode)) {
    throw refuse(`the mode must be ${repairModes.join(', ')}`);
  }

  const schema = options.backupSchema ?? fk.table.schema;
  const backupOf = (suffix: string): QualifiedName => ({
    schema,
    name: backupTableName(fk.name, suffix),
  });
  const violation = violationCondition(catalog, fk);
  const childRef = relationRef(catalog, fk.table);
  const head: string[] = [
    lineComment(`fkdoctor orphans: repair of ${quoteIdent(fk.name)} on ${tableText} (${mode})`),
    lineComment(`${tableText}: ${fk.definition}`),
    '-- One transaction: if any statement fails, everything is rolled back and nothing is lost.',
  ];
  const backupSteps: string[] = [];
  const repairSteps: string[] = [];
  const notes: string[] = [];
  const locked: QualifiedName[] = [fk.table, fk.referencedTable];
  const backups: BackupTable[] = [];

  const main = backupOf('');
  backups.push({
    backup: main,
    of: fk.table,
    effect: mode === 'delete' ? 'deleted' : mode === 'set-null' ? 'set-null' : 'kept',
    constraint: fk.name,
  });
  backupSteps.push(
    lineComment(`Backup: the rows of ${tableText} that break ${quoteIdent(fk.name)}.`),
    `CREATE TABLE ${quoteQualified(main)} AS\n  SELECT ${childAlias}.* FROM ${childRef} ${childAlias}\n  WHERE ${violation};`,
  );

  if (mode === 'delete') {
    planCascades(catalog, child, main, backupOf, refuse, {
      backupSteps,
      notes,
      locked,
      backups,
    });
    repairSteps.push(
      lineComment(`Repair: delete those rows from ${tableText}.`),
      `DELETE FROM ${childRef} AS ${childAlias}\n  WHERE ${violation};`,
    );
  } else if (mode === 'set-null') {
    const columns = columnsToNull(catalog, fk, child, refuse);
    const set = columns.map((c) => `${quoteIdent(c)} = NULL`).join(', ');
    repairSteps.push(
      lineComment(`Repair: set ${columns.map(quoteIdent).join(', ')} to NULL in those rows.`),
      `UPDATE ${childRef} AS ${childAlias} SET ${set}\n  WHERE ${violation};`,
    );
  } else {
    const insert = placeholderInsert(catalog, fk, parent, refuse);
    const partial = partialNullCondition(fk);
    if (partial !== null) {
      repairSteps.push(
        lineComment('No parent can match a partly NULL key (MATCH FULL): stop if there are any.'),
        assertNone(
          `${childRef} ${childAlias}`,
          partial,
          `rows of ${tableText} have a partly NULL key for ${fk.name} (MATCH FULL): no placeholder parent can match them; repair them with --repair delete or set-null`,
        ),
      );
    }
    repairSteps.push(
      lineComment(
        `Repair: insert one placeholder row into ${quoteQualified(fk.referencedTable)} per missing key.`,
      ),
      insert,
    );
  }

  const validate: string[] = [];
  if (fk.enforced && !fk.validated) {
    validate.push(
      lineComment('Validate: the constraint was NOT VALID; the server now checks every row.'),
      `ALTER TABLE ${quoteQualified(fk.table)} VALIDATE CONSTRAINT ${quoteIdent(fk.name)};`,
    );
  } else {
    validate.push(
      lineComment('Validate: no row may break the constraint any more.'),
      assertNone(
        `${childRef} ${childAlias}`,
        violation,
        `rows of ${tableText} still break ${fk.name} after the repair`,
      ),
    );
  }
  if (!fk.enforced) notes.push('The constraint is NOT ENFORCED: nothing keeps new orphans out.');
  else if (!fk.triggersEnabled) {
    notes.push(
      `The constraint's triggers are disabled on ${tableText} (DISABLE TRIGGER ALL): new orphans can still come in until they are enabled again.`,
    );
  }

  const lockList = unique(locked)
    .map((t) => quoteQualified(t))
    .join(', ');
  const restore =
    mode === 'placeholder-parents'
      ? `The rows that now point to placeholder parents are listed in ${quoteQualified(main)}.`
      : `To undo, put the rows back from the backup tables (e.g. INSERT INTO ${tableText} SELECT * FROM ${quoteQualified(main)} after a delete).`;
  const lines = [
    ...head,
    ...notes.map((n) => lineComment(n)),
    'BEGIN;',
    `SET LOCAL lock_timeout = ${quoteLiteral(options.lockTimeout ?? '5s')};`,
    '-- Other writers wait until COMMIT, so the rows backed up are exactly the rows repaired.',
    `LOCK TABLE ${lockList} IN SHARE ROW EXCLUSIVE MODE;`,
    ...backupSteps,
    ...repairSteps,
    ...validate,
    'COMMIT;',
    lineComment(restore),
    '',
  ];
  return { sql: lines.join('\n'), backups };
}

interface Steps {
  backupSteps: string[];
  notes: string[];
  locked: QualifiedName[];
  backups: BackupTable[];
}

/**
 * Deleting the orphans fires the ON DELETE actions of the FKs that reference them: CASCADE
 * deletes more rows, SET NULL / SET DEFAULT change them. Those rows are backed up too, hop by
 * hop (each hop's rows are the ones referencing the previous hop's backup). A cascade that
 * comes back to a table already on its path (a self-reference or cycle) is refused: one hop per
 * edge cannot back up the whole subtree.
 */
function planCascades(
  catalog: Catalog,
  child: Table,
  main: QualifiedName,
  backupOf: (suffix: string) => QualifiedName,
  refuse: (reason: string) => Error,
  steps: Steps,
): void {
  const graph = buildFkGraph(catalog);
  if (!graph.nodes.has(qualifiedKey(child))) return;
  const hops = cascadeReach(graph, child, { on: 'delete', follow: 'cascade' });
  const backupOfHop = new Map<(typeof hops)[number], QualifiedName>();
  let n = 0;
  for (const hop of hops) {
    const edgeFk = hop.edge.fk;
    const table = quoteQualified(edgeFk.table);
    const prev = hop.via ? backupOfHop.get(hop.via) : main;
    if (!prev) continue;
    if (!edgeFk.triggersEnabled) {
      steps.notes.push(
        `${table} references these rows through ${edgeFk.name}, whose triggers are disabled: its ON DELETE does not fire.`,
      );
      continue;
    }
    if (hop.action === 'restrict' || hop.action === 'no-action') {
      steps.notes.push(
        `Rows of ${table} that reference the deleted rows through ${edgeFk.name} (ON DELETE ${hop.action === 'restrict' ? 'RESTRICT' : 'NO ACTION'}) make the DELETE fail, and the script roll back; delete or repoint them first.`,
      );
      continue;
    }
    if (hop.action === 'cascade') {
      const path: string[] = [qualifiedKey(child)];
      for (let up = hop.via; up; up = up.via) path.push(up.table);
      if (path.includes(hop.table)) {
        throw refuse(
          `deleting the orphans cascades through ${edgeFk.name} back into ${table}, which is already on the cascade path; rows reached that way cannot all be backed up first. Use --repair set-null or placeholder-parents, or delete that subtree by hand.`,
        );
      }
    }
    n += 1;
    const backup = backupOf(`_${n}`);
    backupOfHop.set(hop, backup);
    const effect =
      hop.action === 'cascade' ? 'deleted' : hop.action === 'set-null' ? 'set-null' : 'set-default';
    steps.backups.push({ backup, of: edgeFk.table, effect, constraint: edgeFk.name });
    steps.locked.push(edgeFk.table);
    const g = 'g';
    const columns = edgeFk.columns.map((c) => `${g}.${quoteIdent(c)}`).join(', ');
    const referenced = edgeFk.referencedColumns.map((c) => `b.${quoteIdent(c)}`).join(', ');
    steps.backupSteps.push(
      lineComment(
        `Backup: rows of ${table} the delete ${effect === 'deleted' ? 'deletes too' : `sets ${effect === 'set-null' ? 'NULL' : 'to DEFAULT'}`} through ${quoteIdent(edgeFk.name)} (ON DELETE ${hop.action.toUpperCase().replace('-', ' ')}).`,
      ),
      `CREATE TABLE ${quoteQualified(backup)} AS\n  SELECT ${g}.* FROM ${relationRef(catalog, edgeFk.table)} ${g}\n  WHERE (${columns}) IN (SELECT ${referenced} FROM ${quoteQualified(prev)} b);`,
    );
  }
}

/**
 * The columns set-null sets: all of them for MATCH FULL; for MATCH SIMPLE one NULL is enough,
 * so the constraint's own ON DELETE SET NULL (cols) list, else its nullable columns.
 */
function columnsToNull(
  catalog: Catalog,
  fk: ForeignKey,
  child: Table,
  refuse: (reason: string) => Error,
): string[] {
  const columnOf = (name: string) => child.columns.find((c) => c.name === name);
  const notNull = fk.columns.filter((c) => columnOf(c)?.notNull);
  let columns: string[];
  if (fk.match === 'full') {
    if (notNull.length > 0) {
      throw refuse(
        `MATCH FULL needs every key column NULL, and ${notNull.map(quoteIdent).join(', ')} ${notNull.length > 1 ? 'are' : 'is'} NOT NULL. Use --repair delete or placeholder-parents.`,
      );
    }
    columns = [...fk.columns];
  } else {
    const declared = fk.onDeleteSetColumns?.filter((c) => !columnOf(c)?.notNull) ?? [];
    columns = declared.length > 0 ? declared : fk.columns.filter((c) => !columnOf(c)?.notNull);
    if (columns.length === 0) {
      throw refuse(
        `${notNull.map(quoteIdent).join(', ')} ${notNull.length > 1 ? 'are' : 'is'} NOT NULL. Use --repair delete or placeholder-parents.`,
      );
    }
  }
  const generated = columns.filter((c) => columnOf(c)?.generated);
  if (generated.length > 0) {
    throw refuse(
      `${generated.map(quoteIdent).join(', ')} is a generated column and cannot be set.`,
    );
  }
  // Changing these columns must not fire another constraint's ON UPDATE.
  const referencing = catalog.foreignKeys.filter(
    (other) =>
      sameName(other.referencedTable, fk.table) &&
      other.parentConstraint === null &&
      other.referencedColumns.some((c) => columns.includes(c)),
  );
  if (referencing.length > 0) {
    const first = referencing[0] as ForeignKey;
    throw refuse(
      `${quoteQualified(first.table)} references those columns through ${first.name}, so changing them fires its ON UPDATE. Use --repair delete or placeholder-parents.`,
    );
  }
  return columns;
}

/** INSERT INTO parent (keys) SELECT DISTINCT the orphans' keys; refused when it cannot work. */
function placeholderInsert(
  catalog: Catalog,
  fk: ForeignKey,
  parent: Table,
  refuse: (reason: string) => Error,
): string {
  const parentText = quoteQualified(parent);
  const keyColumns = fk.referencedColumns.map((name) =>
    parent.columns.find((c) => c.name === name),
  );
  const generated = keyColumns.filter((c) => c?.generated).map((c) => c!.name);
  if (generated.length > 0) {
    throw refuse(
      `${parentText}.${generated.map(quoteIdent).join(', ')} is a generated column; no placeholder row can set it. Use --repair delete or set-null.`,
    );
  }
  const required = parent.columns.filter(
    (c) =>
      !fk.referencedColumns.includes(c.name) &&
      c.notNull &&
      c.default === null &&
      c.identity === null &&
      c.generated === null,
  );
  if (required.length > 0) {
    const names = required.map((c) => quoteIdent(c.name)).join(', ');
    throw refuse(
      `${parentText} has NOT NULL column${required.length > 1 ? 's' : ''} without a default (${names}) that a placeholder row cannot fill. Give ${required.length > 1 ? 'them defaults' : 'it a default'}, or use --repair delete or set-null.`,
    );
  }
  const overriding = keyColumns.some((c) => c?.identity === 'always')
    ? ' OVERRIDING SYSTEM VALUE'
    : '';
  const into = fk.referencedColumns.map(quoteIdent).join(', ');
  const values = fk.columns.map((c) => `${childAlias}.${quoteIdent(c)}`).join(', ');
  return `INSERT INTO ${parentText} (${into})${overriding}\n  SELECT DISTINCT ${values} FROM ${relationRef(catalog, fk.table)} ${childAlias}\n  WHERE ${orphanCondition(catalog, fk)};`;
}

/** A DO block that raises `message` when any row of `from` matches `condition`. */
function assertNone(from: string, condition: string, message: string): string {
  const body = `BEGIN\n  IF EXISTS (SELECT 1 FROM ${from} WHERE ${condition}) THEN\n    RAISE EXCEPTION '%', ${quoteLiteral(`fkdoctor: ${message}`)};\n  END IF;\nEND`;
  let tag = '$fkdoctor$';
  for (let i = 1; body.includes(tag); i++) tag = `$fkdoctor${i}$`;
  return `DO ${tag}\n${body}\n${tag};`;
}

function unique(names: QualifiedName[]): QualifiedName[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = JSON.stringify([n.schema, n.name]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
