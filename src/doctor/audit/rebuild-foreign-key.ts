// Changing what ALTER CONSTRAINT cannot change (MATCH, ON DELETE/UPDATE actions): the foreign key
// is dropped and added again under the same name, in one transaction, so no row is ever left
// unchecked. Its text is pg_get_constraintdef's own head (columns, referenced table and columns,
// PG 18's PERIOD included) with the clauses after it rebuilt from the catalog's fields.

import type { Catalog, FkAction, FkMatch, ForeignKey } from '../../model/catalog.js';
import { findTable } from '../../model/catalog.js';
import { lineComment, quoteIdent, quoteQualified } from '../../sql/quote.js';

/** The parts of a foreign key the rebuilt constraint may change. */
export interface ForeignKeyChanges {
  match?: FkMatch;
  onDelete?: FkAction;
  /** ON DELETE SET NULL/SET DEFAULT (columns); null for all columns. */
  onDeleteSetColumns?: string[] | null;
  onUpdate?: FkAction;
  deferrable?: boolean;
  initiallyDeferred?: boolean;
}

/** PG 18 lets a partitioned table take a NOT VALID foreign key; earlier servers refuse it. */
export const NOT_VALID_ON_PARTITIONED = 180000;

const ACTION_SQL: Record<FkAction, string> = {
  'no-action': 'NO ACTION',
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  'set-null': 'SET NULL',
  'set-default': 'SET DEFAULT',
};

/** `FOREIGN KEY (...) REFERENCES t(...)`: the definition up to its second parenthesised list. */
export function definitionHead(definition: string): string {
  let depth = 0;
  let groups = 0;
  let quoted = false;
  for (let i = 0; i < definition.length; i++) {
    const ch = definition[i];
    if (ch === '"') quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth++;
    if (ch === ')' && --depth === 0 && ++groups === 2) return definition.slice(0, i + 1);
  }
  throw new RangeError(`not a foreign key definition: ${definition}`);
}

/** The constraint's definition with `changes` applied, as pg_get_constraintdef would print it. */
export function foreignKeyDefinition(fk: ForeignKey, changes: ForeignKeyChanges = {}): string {
  const next = { ...fk, ...changes };
  const parts = [definitionHead(fk.definition)];
  if (next.match === 'full') parts.push('MATCH FULL');
  if (next.match === 'partial') parts.push('MATCH PARTIAL');
  if (next.onUpdate !== 'no-action') parts.push(`ON UPDATE ${ACTION_SQL[next.onUpdate]}`);
  if (next.onDelete !== 'no-action') {
    const setsSome =
      (next.onDelete === 'set-null' || next.onDelete === 'set-default') &&
      next.onDeleteSetColumns !== null &&
      next.onDeleteSetColumns.length > 0;
    parts.push(
      `ON DELETE ${ACTION_SQL[next.onDelete]}${setsSome ? ` (${next.onDeleteSetColumns!.map(quoteIdent).join(', ')})` : ''}`,
    );
  }
  if (next.deferrable) parts.push('DEFERRABLE');
  if (next.initiallyDeferred) parts.push('INITIALLY DEFERRED');
  return parts.join(' ');
}

/**
 * `BEGIN; DROP; ADD ... NOT VALID; VALIDATE; COMMIT;`: the same name, the changed definition.
 * A constraint that was never validated stays NOT VALID (validating could fail on rows the
 * change has nothing to do with). PostgreSQL before 18 refuses NOT VALID on a partitioned table,
 * so there the ADD validates at once. The transaction holds the table's ACCESS EXCLUSIVE lock
 * (taken by the DROP) until the validation is done.
 */
export function rebuildForeignKeySql(
  catalog: Catalog,
  fk: ForeignKey,
  changes: ForeignKeyChanges,
  /** Statements to run first, in the same transaction (e.g. repairing rows). */
  before: readonly string[] = [],
): string {
  const table = quoteQualified(fk.table);
  const name = quoteIdent(fk.name);
  if (onlyDeferral(fk, changes)) {
    // ALTER CONSTRAINT changes deferral in place (PG 15 and 18 alike, partitions included):
    // nothing to validate. Actions and MATCH it cannot change.
    const deferrable = changes.deferrable ?? fk.deferrable;
    const deferred = deferrable && (changes.initiallyDeferred ?? fk.initiallyDeferred);
    const alter = `ALTER TABLE ${table} ALTER CONSTRAINT ${name} ${deferrable ? `DEFERRABLE INITIALLY ${deferred ? 'DEFERRED' : 'IMMEDIATE'}` : 'NOT DEFERRABLE'};`;
    return before.length === 0 ? alter : ['BEGIN;', ...before, alter, 'COMMIT;'].join('\n');
  }
  const partitioned = findTable(catalog, fk.table)?.kind === 'partitioned-table';
  const canAddNotValid = !partitioned || catalog.serverVersionNum >= NOT_VALID_ON_PARTITIONED;
  const definition = foreignKeyDefinition(fk, changes);
  const lines = [
    lineComment(
      `${fk.name}: dropped and added again under the same name in one transaction, so no row goes unchecked; ${fk.table.name} stays locked (ACCESS EXCLUSIVE) until COMMIT, the validation included.`,
    ),
    'BEGIN;',
    ...before,
    `ALTER TABLE ${table} DROP CONSTRAINT ${name};`,
    `ALTER TABLE ${table} ADD CONSTRAINT ${name} ${definition}${canAddNotValid ? ' NOT VALID' : ''};`,
  ];
  if (fk.validated && canAddNotValid) {
    lines.push(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${name};`);
  }
  lines.push('COMMIT;');
  return lines.join('\n');
}

function onlyDeferral(fk: ForeignKey, changes: ForeignKeyChanges): boolean {
  const keys = Object.keys(changes) as (keyof ForeignKeyChanges)[];
  const changed = keys.filter(
    (key) => JSON.stringify(changes[key]) !== JSON.stringify(fk[key as keyof ForeignKey]),
  );
  return (
    changed.length > 0 && changed.every((k) => k === 'deferrable' || k === 'initiallyDeferred')
  );
}
