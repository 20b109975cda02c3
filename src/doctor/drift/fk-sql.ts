// The SQL that gives database B a foreign key as database A has it, built from the catalog's
// fields with the quoting helpers (pg_get_constraintdef text depends on the session's
// search_path, so it is kept for display only).

import type { FkAction, ForeignKey, QualifiedName } from '../../model/catalog.js';
import { quoteIdent, quoteQualified } from '../../sql/quote.js';

/** PG 18: NOT VALID foreign keys on partitioned tables, and NOT ENFORCED / ALTER ... ENFORCED. */
export const PG18 = 180000;
/** PG 15: `ON DELETE SET NULL (columns)`. */
const PG15 = 150000;

/** Why B's server cannot take `fk` as A has it, or null when it can. */
export function unsupportedBy(fk: ForeignKey, serverVersionNum: number): string | null {
  if (setColumns(fk) !== null && serverVersionNum < PG15) {
    return `ON DELETE ${actionText(fk.onDelete)} with a column list needs PostgreSQL 15 or later`;
  }
  return null;
}

const actions: Record<FkAction, string> = {
  'no-action': 'NO ACTION',
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  'set-null': 'SET NULL',
  'set-default': 'SET DEFAULT',
};

export function actionText(action: FkAction): string {
  return actions[action];
}

export function deferrabilityText(fk: Pick<ForeignKey, 'deferrable' | 'initiallyDeferred'>) {
  if (!fk.deferrable) return 'NOT DEFERRABLE';
  return fk.initiallyDeferred ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE INITIALLY IMMEDIATE';
}

/** The ON DELETE SET NULL / SET DEFAULT column list, or null when it is all the columns. */
export function setColumns(fk: ForeignKey): string[] | null {
  const set = fk.onDeleteSetColumns;
  return set === null || fk.columns.every((c) => set.includes(c)) ? null : set;
}

function columnList(columns: readonly string[]): string {
  return `(${columns.map(quoteIdent).join(', ')})`;
}

/**
 * `FOREIGN KEY (...) REFERENCES schema.table (...) [MATCH FULL] [ON UPDATE ...] [ON DELETE ...
 * [(cols)]] [DEFERRABLE [INITIALLY DEFERRED]] [NOT ENFORCED]`, without NOT VALID.
 */
export function foreignKeyClause(fk: ForeignKey, options: { enforced: boolean }): string {
  const parts = [
    `FOREIGN KEY ${columnList(fk.columns)}`,
    `REFERENCES ${quoteQualified(fk.referencedTable)} ${columnList(fk.referencedColumns)}`,
  ];
  if (fk.match === 'full') parts.push('MATCH FULL');
  if (fk.onUpdate !== 'no-action') parts.push(`ON UPDATE ${actionText(fk.onUpdate)}`);
  if (fk.onDelete !== 'no-action') {
    const list = setColumns(fk);
    const set = list ? ` ${columnList(list)}` : '';
    parts.push(`ON DELETE ${actionText(fk.onDelete)}${set}`);
  }
  if (fk.deferrable)
    parts.push(fk.initiallyDeferred ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE');
  if (!options.enforced) parts.push('NOT ENFORCED');
  return parts.join(' ');
}

export interface AddOptions {
  /** The name to give it in B (A's name for a missing FK; B's own when recreating one). */
  name: string;
  /** Drop B's constraint of this name in the same statement (an atomic drop + add). */
  drop: string | null;
  /** B's server_version_num. */
  serverVersionNum: number;
  /** Whether B's table is partitioned (NOT VALID is refused there before PG 18). */
  partitioned: boolean;
  /** Add it validated (in two steps, NOT VALID then VALIDATE, where the server allows). */
  validate: boolean;
  enforced: boolean;
}

/**
 * Adds `fk` to B's table: `ALTER TABLE ... ADD CONSTRAINT ... NOT VALID` (a brief lock; new
 * rows are checked from then on) and `ALTER TABLE ... VALIDATE CONSTRAINT` (checks the existing
 * rows without blocking writes). Before PG 18 a partitioned table takes it in one step.
 */
export function addForeignKeySql(table: QualifiedName, fk: ForeignKey, options: AddOptions) {
  const enforced = options.enforced || options.serverVersionNum < PG18;
  const canNotValid = !options.partitioned || options.serverVersionNum >= PG18;
  const notValid = enforced && canNotValid ? ' NOT VALID' : '';
  const name = quoteIdent(options.name);
  const drop = options.drop === null ? '' : `DROP CONSTRAINT ${quoteIdent(options.drop)}, `;
  const clause = foreignKeyClause(fk, { enforced });
  const add = `${alterTable(table)} ${drop}ADD CONSTRAINT ${name} ${clause}${notValid};`;
  if (notValid === '' || !options.validate) return add;
  return `${add}\n${alterTable(table)} VALIDATE CONSTRAINT ${name};`;
}

export function alterTable(table: QualifiedName): string {
  return `ALTER TABLE ${quoteQualified(table)}`;
}
