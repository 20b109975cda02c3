// A child row points at a parent key that does not exist: the recipes people follow by hand
// (insert the parent first, look up the right id, one transaction parents-first, defer the
// constraint, nullable FK, NOT VALID + VALIDATE for bulk loads), written for this constraint.

import type { Violation } from '../../../model/violation.js';
import { quoteIdent } from '../../../sql/quote.js';
import type { Advice, Cause, Fix } from '../explanation.js';
import type { FkShape } from '../fk-shape.js';
import { appSideFix, constraintDefinitionStep, orphansQuery, orphansStep } from './common.js';
import { keyText, tableName } from './prose.js';
import {
  columnList,
  constraintClauses,
  foreignKeyClause,
  keyLiterals,
  keyPredicate,
  tableRef,
  valuesTuple,
} from './sql-text.js';

/** Parent columns the INSERT must fill besides the key: NOT NULL, no default, not generated. */
export interface ParentColumnNeeds {
  required: { name: string; type: string }[];
  /** A unique key other than the referenced one, to look the row up by (e.g. email). */
  naturalKey: string[] | null;
}

function insertParent(shape: FkShape, needs: ParentColumnNeeds | null): string {
  const extra = needs?.required.filter((c) => !shape.referencedColumns.includes(c.name)) ?? [];
  const columns = [...shape.referencedColumns, ...extra.map((c) => c.name)];
  const values = [
    valuesTuple(keyLiterals(shape), shape.referencedColumns.length),
    ...extra.map((c) => `NULL /* fill in: ${c.name} ${c.type} NOT NULL */`),
  ];
  return [
    `INSERT INTO ${tableRef(shape.referencedTable)} (${columnList(columns)})`,
    `VALUES (${values.join(', ')})`,
    'ON CONFLICT DO NOTHING;',
  ].join('\n');
}

function failingStatement(violation: Violation, shape: FkShape): string {
  if (violation.statement) return `${violation.statement.trim().replace(/;?$/, ';')}`;
  return `INSERT INTO ${tableRef(shape.table)} (${columnList(shape.columns)}, ...) VALUES (${valuesTuple(keyLiterals(shape), shape.columns.length)}, ...);`;
}

function causes(violation: Violation): Cause[] {
  const script = violation.scriptLocation !== null || violation.occurrences > 1;
  return [
    {
      id: 'wrong-order',
      title: 'Rows were written children first',
      why: script
        ? 'The error comes from a script or a batch: a seed, migration or data-only dump that inserts this child before its parent.'
        : 'Batch inserts, seeds and bulk loads often insert a child before its parent.',
      likelihood: script ? 'high' : 'medium',
    },
    {
      id: 'parent-never-created',
      title: 'The parent row was never created',
      why: 'The step that creates the parent was skipped or failed earlier (a seed or migration that left a table out).',
      likelihood: script ? 'medium' : 'high',
    },
    {
      id: 'wrong-id',
      title: 'The wrong id was passed',
      why: 'An off-by-one, a stale cached value, or an id copied from another environment (ids differ between staging and production).',
      likelihood: 'medium',
    },
    {
      id: 'parent-deleted',
      title: 'The parent was deleted earlier',
      why: 'A hard delete removed it; rows that still carry its id can no longer be written back.',
      likelihood: 'low',
    },
    {
      id: 'concurrent-transaction',
      title: 'Another transaction had not committed the parent yet',
      why: 'Two services or queue workers: the child write ran before the parent was committed (or after it was rolled back).',
      likelihood: 'low',
    },
  ];
}

export function missingParentAdvice(
  violation: Violation,
  shape: FkShape,
  needs: ParentColumnNeeds | null,
): Advice {
  const child = tableName(shape.table);
  const parent = tableName(shape.referencedTable);
  const key = keyText(shape.referencedColumns, shape.values);
  const childKey = keyText(shape.columns, shape.values);
  const summary = violation.keyHidden
    ? `A row written to ${child} points at a ${parent} row that does not exist (constraint "${shape.constraint}"). The server did not show the key: it prints key values only to a session that may SELECT them from ${child} (the rows being written), and row-level security on ${child} hides them too.`
    : `A row written to ${child} has ${childKey}, but ${parent} has no row with ${key}, so constraint "${shape.constraint}" rejected the INSERT or UPDATE on ${child}.`;

  const parentRef = tableRef(shape.referencedTable);
  const table = tableRef(shape.table);
  const name = quoteIdent(shape.constraint);
  const insert = insertParent(shape, needs);
  const statement = failingStatement(violation, shape);
  const naturalKey = needs?.naturalKey ?? null;

  const fixes: Fix[] = [
    {
      id: 'insert-parent-first',
      title: `Insert the missing ${parent} row first`,
      when: `The ${parent} row should exist and you know its data.`,
      sql: `${insert}\n-- then run the failing statement again\n${statement}`,
      risks: [
        `ON CONFLICT DO NOTHING keeps an existing row as it is; it will not update its other columns.`,
        'Only do this when the parent is real data, not to silence the error.',
      ],
    },
    {
      id: 'use-existing-id',
      title: `Use the id of the ${parent} row that really exists`,
      when: 'The id is wrong (stale, from another environment); look the parent up by a natural key.',
      sql: [
        `SELECT ${columnList(shape.referencedColumns)} FROM ${parentRef}`,
        `WHERE ${naturalKey ? keyPredicate(naturalKey, []) : '/* a natural key, e.g. email = $1 */ true'};`,
        `-- and write the child with that id instead of ${shape.values.join(', ') || 'the old one'}`,
      ].join('\n'),
      risks: ['Never hard-code ids across environments; return them with INSERT ... RETURNING.'],
    },
    {
      id: 'one-transaction-parents-first',
      title: 'Write parent and child in one transaction, parent first',
      when: 'A script, batch or service writes both.',
      sql: ['BEGIN;', insert, statement, 'COMMIT;'].join('\n'),
      risks: ['If either statement fails, both roll back: nothing half-written.'],
    },
    {
      id: 'defer-constraint',
      title: 'Defer the check to COMMIT',
      when: 'Rows reference each other inside one transaction and you cannot order them.',
      sql: [
        ...(shape.deferrable === true
          ? [`-- "${shape.constraint}" is already DEFERRABLE`]
          : [
              shape.deferrable === false
                ? `-- "${shape.constraint}" is NOT DEFERRABLE; make it deferrable once:`
                : '-- if the constraint is not DEFERRABLE yet, make it so once:',
              `ALTER TABLE ${table} ALTER CONSTRAINT ${name} DEFERRABLE INITIALLY IMMEDIATE;`,
            ]),
        'BEGIN;',
        `SET CONSTRAINTS ${name} DEFERRED;`,
        statement,
        insert,
        'COMMIT;  -- checked here',
      ].join('\n'),
      risks: [
        'The error moves to COMMIT, where the whole transaction rolls back.',
        'ALTER CONSTRAINT takes a lock on the table; run it in a migration.',
      ],
    },
    {
      id: 'nullable-foreign-key',
      title: 'Leave the reference empty until the parent exists',
      when: 'The relationship is optional, or the parent arrives later (a cycle, an import).',
      sql: [
        `ALTER TABLE ${table} ${shape.columns.map((c) => `ALTER COLUMN ${quoteIdent(c)} DROP NOT NULL`).join(', ')};`,
        `-- write the child with ${shape.columns.join(', ')} = NULL, then once the parent exists:`,
        `UPDATE ${table} SET ${shape.columns.map((c, i) => `${quoteIdent(c)} = ${keyLiterals(shape)[i] ?? `$${i + 1}`}`).join(', ')}`,
        'WHERE /* the child row */ false;',
      ].join('\n'),
      risks: ['Queries must handle NULL references; a required relationship should stay NOT NULL.'],
    },
    {
      id: 'not-valid-validate',
      title: 'For a bulk load: drop the check, load, repair, re-add NOT VALID, then VALIDATE',
      when: 'Loading many rows whose parents arrive later in the same load.',
      sql: [
        `ALTER TABLE ${table} DROP CONSTRAINT ${name};`,
        '-- load the data, then find the rows that still have no parent:',
        orphansQuery(shape),
        '-- repair or remove them, then put the constraint back without a long lock:',
        `ALTER TABLE ${table} ADD CONSTRAINT ${name}`,
        `  ${foreignKeyClause(shape, ...constraintClauses(shape, {}))} NOT VALID;`,
        `ALTER TABLE ${table} VALIDATE CONSTRAINT ${name};`,
      ].join('\n'),
      risks: [
        'Between DROP and ADD nothing is checked: other writers can add orphans too.',
        'NOT VALID alone does not skip checks of new rows; it only skips the existing ones.',
      ],
    },
    appSideFix(violation, shape),
  ];

  return {
    summary,
    causes: causes(violation),
    diagnostics: [
      {
        title: `Does the ${parent} row exist?`,
        sql: `SELECT * FROM ${parentRef}\nWHERE ${keyPredicate(shape.referencedColumns, keyLiterals(shape))};`,
      },
      constraintDefinitionStep(shape),
      orphansStep(shape),
    ],
    fixes,
  };
}
