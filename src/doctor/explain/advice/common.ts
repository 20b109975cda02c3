// Diagnostic SQL and fixes that every kind of violation shares.

import type { Violation } from '../../../model/violation.js';
import { quoteLiteral } from '../../../sql/quote.js';
import type { Fix, SqlStep } from '../explanation.js';
import type { FkShape } from '../fk-shape.js';
import { joinCondition, notNullPredicate, tableRef } from './sql-text.js';

export function constraintDefinitionStep(shape: FkShape): SqlStep {
  return {
    title: 'Show the constraint as the server has it',
    sql: [
      'SELECT conrelid::regclass AS referencing_table,',
      '       confrelid::regclass AS referenced_table,',
      '       pg_get_constraintdef(oid) AS definition,',
      '       condeferrable, convalidated',
      'FROM pg_constraint',
      `WHERE contype = 'f' AND conname = ${quoteLiteral(shape.constraint)}`,
      `  AND conrelid = ${quoteLiteral(tableRef(shape.table))}::regclass;`,
    ].join('\n'),
  };
}

export function whoReferencesStep(shape: FkShape): SqlStep {
  return {
    title: `List every foreign key that points at ${shape.referencedTable.name}`,
    sql: [
      'SELECT conrelid::regclass AS referencing_table, conname, pg_get_constraintdef(oid)',
      'FROM pg_constraint',
      `WHERE contype = 'f' AND confrelid = ${quoteLiteral(tableRef(shape.referencedTable))}::regclass`,
      'ORDER BY 1, 2;',
    ].join('\n'),
  };
}

/** Rows of the child that have no parent: one anti-join, the set-based way. */
export function orphansQuery(shape: FkShape): string {
  return [
    `SELECT c.*`,
    `FROM ${tableRef(shape.table)} AS c`,
    `WHERE ${notNullPredicate(shape.columns, 'c')}`,
    `  AND NOT EXISTS (SELECT 1 FROM ${tableRef(shape.referencedTable)} AS p`,
    `                  WHERE ${joinCondition(shape)});`,
  ].join('\n');
}

export function orphansStep(shape: FkShape): SqlStep {
  return {
    title: `Find every row of ${shape.table.name} without its parent`,
    sql: orphansQuery(shape),
  };
}

/** Catch the violation in application code and answer with a typed error instead of a 500. */
export function appSideFix(violation: Violation, shape: FkShape): Fix {
  const childSide = violation.kind === 'missing-parent' || violation.kind === 'match-full';
  const status = childSide ? 422 : 409;
  const guard = childSide
    ? `the referenced ${shape.referencedTable.name} does not exist`
    : `${shape.referencedTable.name} is still referenced by ${shape.table.name}`;
  return {
    id: 'app-side',
    title: `Handle it in the application: answer ${status} instead of a 500`,
    when: 'Users or clients can send keys that do not exist (or delete rows still in use).',
    language: 'typescript',
    sql: [
      "import { parseForeignKeyViolation } from 'fkdoctor';",
      '',
      'try {',
      '  await db.query(sql, params);',
      '} catch (err) {',
      '  const violation = parseForeignKeyViolation(err);',
      `  if (violation?.constraint === ${JSON.stringify(shape.constraint)}) {`,
      `    // ${guard}`,
      `    throw new HttpError(${status}, violation.kind, { key: violation.keyValues });`,
      '  }',
      '  throw err;',
      '}',
    ].join('\n'),
    risks: [
      'A check before the write (SELECT 1 ... then INSERT) races with concurrent deletes; keep the constraint as the guard and translate its error.',
    ],
  };
}
