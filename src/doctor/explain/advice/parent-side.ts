// A parent row is deleted (or its key changed) while children still point at it: delete the
// children first (transaction or CTE form), choose the right ON DELETE / ON UPDATE action,
// make the reference nullable, or keep the row and mark it deleted.

import type { Violation } from '../../../model/violation.js';
import { quoteIdent } from '../../../sql/quote.js';
import type { Advice, Cause, Fix } from '../explanation.js';
import type { FkShape } from '../fk-shape.js';
import { appSideFix, constraintDefinitionStep, whoReferencesStep } from './common.js';
import { actionText, keyText, tableName } from './prose.js';
import {
  constraintClauses,
  keyLiterals,
  keyPredicate,
  replaceConstraint,
  tableRef,
} from './sql-text.js';

function isUpdate(violation: Violation): boolean {
  return /^\s*update\b/i.test(violation.statement ?? '');
}

function isDelete(violation: Violation): boolean {
  return /^\s*delete\b/i.test(violation.statement ?? '');
}

export function parentSideAdvice(violation: Violation, shape: FkShape): Advice {
  const child = tableName(shape.table);
  const parent = tableName(shape.referencedTable);
  const key = keyText(shape.referencedColumns, shape.values);
  const restrict = violation.kind === 'restrict' || shape.onDelete === 'restrict';
  const verb = isUpdate(violation)
    ? 'Updating'
    : isDelete(violation)
      ? 'Deleting'
      : 'Deleting or updating';
  // Before PostgreSQL 18 the text is the same for NO ACTION and RESTRICT; only the catalog knows.
  const action = restrict
    ? 'RESTRICT'
    : shape.onDelete === null
      ? 'NO ACTION or RESTRICT'
      : actionText(shape.onDelete);
  const summary = `${verb} the ${parent} row with ${key} was rejected: ${child} still has rows that point at it through "${shape.constraint}", whose action is ${action}${restrict ? ' (checked at once, never deferred)' : ''}.`;

  const childRef = tableRef(shape.table);
  const parentRef = tableRef(shape.referencedTable);
  const childWhere = keyPredicate(shape.columns, keyLiterals(shape));
  const parentWhere = keyPredicate(shape.referencedColumns, keyLiterals(shape));
  const update = isUpdate(violation);

  const causes: Cause[] = [
    {
      id: 'children-exist',
      title: `${child} rows still reference this ${parent} row`,
      why: `The constraint's action is ${action}, so the server refuses to leave them orphaned.`,
      likelihood: 'high',
    },
    {
      id: 'parent-before-children',
      title: 'The code removes the parent before its children',
      why: 'Cleanup jobs and admin tools often delete in the wrong order.',
      likelihood: 'medium',
    },
    {
      id: 'expected-cascade',
      title: 'The schema was expected to cascade but does not',
      why: `The ${update ? 'ON UPDATE' : 'ON DELETE'} action is ${action}; an ORM-level cascade does not change the database constraint.`,
      likelihood: 'medium',
    },
  ];
  if (update) {
    causes.push({
      id: 'key-update',
      title: 'A referenced key was changed',
      why: 'Changing a primary key leaves the children pointing at the old value unless ON UPDATE CASCADE.',
      likelihood: 'high',
    });
  }

  const fixes: Fix[] = [
    {
      id: 'delete-children-first',
      title: 'Delete the children first, in one transaction',
      when: `The ${child} rows have no meaning without their ${parent}.`,
      sql: [
        'BEGIN;',
        `DELETE FROM ${childRef} WHERE ${childWhere};`,
        `DELETE FROM ${parentRef} WHERE ${parentWhere};`,
        'COMMIT;',
        '',
        '-- or as one statement:',
        `WITH deleted_children AS (`,
        `  DELETE FROM ${childRef} WHERE ${childWhere}`,
        ')',
        `DELETE FROM ${parentRef} WHERE ${parentWhere};`,
      ].join('\n'),
      risks: [
        `Other tables may reference ${parent} (or ${child}) too; list them first (see the diagnostic query), or run fkdoctor explain --db to count them.`,
        'Deleted rows are gone: keep a copy (CREATE TABLE ... AS SELECT) if unsure.',
      ],
    },
    {
      id: 'on-delete-cascade',
      title: `Make deletes cascade: ON DELETE CASCADE`,
      when: `Deleting a ${parent} should always delete its ${child}.`,
      sql: replaceConstraint(shape, constraintClauses(shape, { onDelete: 'ON DELETE CASCADE' })),
      risks: [
        'Deletes then remove children silently, through every cascading table below them.',
        'VALIDATE scans the table; it allows reads and writes meanwhile.',
      ],
    },
    {
      id: 'on-delete-set-null',
      title: 'Keep the children and clear their reference: ON DELETE SET NULL',
      when: `A ${child} row makes sense without its ${parent}.`,
      sql: [
        `ALTER TABLE ${childRef} ${shape.columns.map((c) => `ALTER COLUMN ${quoteIdent(c)} DROP NOT NULL`).join(', ')};`,
        replaceConstraint(shape, constraintClauses(shape, { onDelete: 'ON DELETE SET NULL' })),
      ].join('\n'),
      risks: ['Queries must expect NULL references.'],
    },
    {
      id: 'on-update-cascade',
      title: 'Let key changes follow: ON UPDATE CASCADE',
      when: 'The referenced key itself changes (natural keys, renumbering).',
      sql: replaceConstraint(shape, constraintClauses(shape, { onUpdate: 'ON UPDATE CASCADE' })),
      risks: ['Every key change rewrites the children; prefer immutable surrogate keys.'],
    },
    {
      id: 'reassign-children',
      title: `Move the children to another ${parent} first`,
      when: `The ${child} rows should survive under a different ${parent}.`,
      sql: [
        'BEGIN;',
        `UPDATE ${childRef} SET ${shape.columns.map((c, i) => `${quoteIdent(c)} = $${i + 1}`).join(', ')}  -- the new parent`,
        `WHERE ${childWhere};`,
        `DELETE FROM ${parentRef} WHERE ${parentWhere};`,
        'COMMIT;',
      ].join('\n'),
      risks: ['The new parent must exist.'],
    },
    {
      id: 'soft-delete',
      title: 'Do not delete: mark the row as deleted',
      when: 'History must be kept (orders of a closed customer).',
      sql: [
        `ALTER TABLE ${parentRef} ADD COLUMN IF NOT EXISTS deleted_at timestamptz;`,
        `UPDATE ${parentRef} SET deleted_at = now() WHERE ${parentWhere};`,
      ].join('\n'),
      risks: ['Every query of the table must filter deleted rows (a view helps).'],
    },
  ];
  if (restrict) {
    fixes.push({
      id: 'restrict-to-no-action',
      title: 'Use NO ACTION (deferrable) instead of RESTRICT',
      when: 'Children are removed later in the same transaction: RESTRICT checks at once, NO ACTION at the end of the statement or, deferred, at COMMIT.',
      sql: [
        replaceConstraint(
          shape,
          constraintClauses(shape, { onDelete: 'ON DELETE NO ACTION', deferrable: 'DEFERRABLE' }),
        ),
        '-- then the parent can go first, with its children later in the same transaction:',
        'BEGIN;',
        `SET CONSTRAINTS ${quoteIdent(shape.constraint)} DEFERRED;`,
        `DELETE FROM ${parentRef} WHERE ${parentWhere};`,
        `DELETE FROM ${childRef} WHERE ${childWhere};`,
        'COMMIT;',
      ].join('\n'),
      risks: [
        'Nothing changes for single-statement deletes; it only allows reordering inside a transaction.',
      ],
    });
  }
  fixes.push(appSideFix(violation, shape));

  return {
    summary,
    causes,
    diagnostics: [
      {
        title: `How many ${child} rows point at it?`,
        sql: `SELECT count(*) FROM ${childRef}\nWHERE ${childWhere};`,
      },
      whoReferencesStep(shape),
      constraintDefinitionStep(shape),
    ],
    fixes,
  };
}
