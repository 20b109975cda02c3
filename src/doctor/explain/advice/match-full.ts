// MATCH FULL rejects a composite key that is partly NULL: all its columns or none.

import type { Violation } from '../../../model/violation.js';
import { quoteIdent } from '../../../sql/quote.js';
import type { Advice } from '../explanation.js';
import type { FkShape } from '../fk-shape.js';
import { appSideFix, constraintDefinitionStep } from './common.js';
import { tableName } from './prose.js';
import { constraintClauses, replaceConstraint, tableRef } from './sql-text.js';

export function matchFullAdvice(violation: Violation, shape: FkShape): Advice {
  const child = tableName(shape.table);
  const columns = shape.columns.map(quoteIdent);
  const mixed = `num_nulls(${columns.join(', ')}) NOT IN (0, ${columns.length})`;
  const table = tableRef(shape.table);
  const simple = constraintClauses(shape, {}).filter((c) => !c.startsWith('MATCH'));
  return {
    summary: `A row written to ${child} sets some but not all of (${shape.columns.join(', ')}); constraint "${shape.constraint}" is MATCH FULL, so the key must be entirely NULL or entirely set.`,
    causes: [
      {
        id: 'partial-key',
        title: 'The application or import filled only part of the key',
        why: 'A form or CSV with an empty field, or a column added to the key later.',
        likelihood: 'high',
      },
    ],
    diagnostics: [
      {
        title: `Rows of ${child} with a partly NULL key`,
        sql: `SELECT * FROM ${table}\nWHERE ${mixed};`,
      },
      constraintDefinitionStep(shape),
    ],
    fixes: [
      {
        id: 'complete-or-clear-key',
        title: 'Write the whole key, or none of it',
        when: 'The reference is either known or absent.',
        sql: `UPDATE ${table} SET ${columns.map((c) => `${c} = NULL`).join(', ')}\nWHERE ${mixed};  -- or fill in the missing parts`,
        risks: ['Clearing the key drops the relationship for those rows.'],
      },
      {
        id: 'match-simple',
        title: 'Switch to MATCH SIMPLE',
        when: 'A partly NULL key is meant to mean "no reference".',
        sql: replaceConstraint(shape, simple),
        risks: [
          'With MATCH SIMPLE a row with any NULL in the key is not checked at all: the other columns can hold anything.',
        ],
      },
      appSideFix(violation, shape),
    ],
  };
}
