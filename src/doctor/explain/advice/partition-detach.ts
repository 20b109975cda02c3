// DETACH (or DROP) of a partition of a referenced partitioned table, while other rows still
// reference keys stored in that partition.

import type { Violation } from '../../../model/violation.js';
import type { Advice } from '../explanation.js';
import type { FkShape } from '../fk-shape.js';
import { constraintDefinitionStep, whoReferencesStep } from './common.js';
import { keyText, tableName } from './prose.js';
import { columnList, joinCondition, keyLiterals, keyPredicate, tableRef } from './sql-text.js';

export function partitionDetachAdvice(
  violation: Violation,
  shape: FkShape,
  partition: string,
): Advice {
  const child = tableName(shape.table);
  const partitionRef = tableRef({ schema: shape.referencedTable.schema, name: partition });
  const childRef = tableRef(shape.table);
  const referencing = `EXISTS (SELECT 1 FROM ${partitionRef} AS p WHERE ${joinCondition(shape)})`;
  return {
    summary: `Removing partition ${partition} was rejected: ${child} still references ${shape.values.length > 0 ? `the key ${keyText(shape.referencedColumns, shape.values)}` : 'keys'} stored in it (constraint "${shape.constraint}"). A detached partition would leave those rows orphaned.`,
    causes: [
      {
        id: 'referenced-rows-in-partition',
        title: `${child} rows still point at rows of ${partition}`,
        why: 'Archiving or dropping old partitions of a referenced table needs the referencing rows gone (or moved) first.',
        likelihood: 'high',
      },
    ],
    diagnostics: [
      {
        title: `${child} rows that reference ${partition}`,
        sql: `SELECT count(*) FROM ${childRef} AS c\nWHERE ${referencing};`,
      },
      whoReferencesStep(shape),
      constraintDefinitionStep(shape),
    ],
    fixes: [
      {
        id: 'remove-referencing-rows-first',
        title: `Archive or delete the ${child} rows first, then detach`,
        when: `The ${child} rows go with the partition (archiving by time range).`,
        sql: [
          'BEGIN;',
          `CREATE TABLE ${tableRef({ schema: shape.table.schema, name: `${shape.table.name}_archive` })} AS`,
          `  SELECT c.* FROM ${childRef} AS c WHERE ${referencing};`,
          `DELETE FROM ${childRef} AS c WHERE ${referencing};`,
          `ALTER TABLE ${tableRef(shape.referencedTable)} DETACH PARTITION ${partitionRef};`,
          'COMMIT;',
        ].join('\n'),
        risks: ['The archive table has no constraints; keep it only as long as needed.'],
      },
      {
        id: 'move-parent-rows',
        title: 'Keep the referenced rows: move them out of the partition first',
        when: `Only some keys (${violation.keyValues.length > 0 ? keyPredicate(shape.referencedColumns, keyLiterals(shape)) : 'the referenced ones'}) must stay.`,
        sql: [
          `-- copy the still-referenced rows to the partition that should hold them, then detach;`,
          `SELECT ${columnList(shape.referencedColumns, 'p')} FROM ${partitionRef} AS p`,
          `WHERE EXISTS (SELECT 1 FROM ${childRef} AS c WHERE ${joinCondition(shape)});`,
        ].join('\n'),
        risks: ['Moving rows between partitions means changing their partition key.'],
      },
    ],
  };
}
