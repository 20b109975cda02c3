// drift-table-missing: a table that exists in one database only. Its foreign keys (and those
// that reference it) go with it into one finding rather than one finding each.

import type { Catalog, ForeignKey, Table } from '../../model/catalog.js';
import type { Finding } from '../../model/finding.js';
import { quoteIdent, quoteQualified } from '../../sql/quote.js';
import type { DriftLabels } from './drift-labels.js';

export interface OneSidedTable {
  table: Table;
  /** Where the table is: `a` (so B lacks it) or `b` (so A lacks it). */
  side: 'a' | 'b';
  /** The top-level FKs of that side that it holds or that reference it. */
  foreignKeys: ForeignKey[];
}

/** Whether any FK of the catalog (partition copies included) involves the table. */
function involved(catalog: Catalog, table: Table): boolean {
  return catalog.foreignKeys.some(
    (fk) =>
      (fk.table.schema === table.schema && fk.table.name === table.name) ||
      (fk.referencedTable.schema === table.schema && fk.referencedTable.name === table.name),
  );
}

export function tableFinding(entry: OneSidedTable, home: Catalog, labels: DriftLabels): Finding {
  const { table, side, foreignKeys } = entry;
  const [here, there] = side === 'a' ? [labels.a, labels.b] : [labels.b, labels.a];
  const fkInvolved = involved(home, table);
  const severity = !fkInvolved ? 'info' : side === 'a' ? 'error' : 'warning';
  const kind = table.partitionOf
    ? `partition of ${quoteQualified(table.partitionOf)}`
    : table.kind === 'partitioned-table'
      ? 'partitioned table'
      : 'table';
  const names = foreignKeys.map((fk) => quoteIdent(fk.name));
  const keys =
    foreignKeys.length === 0
      ? ''
      : `, and with it ${foreignKeys.length === 1 ? 'the foreign key' : `${foreignKeys.length} foreign keys`} ${names.join(', ')}`;
  const advice =
    side === 'a'
      ? `Create it in ${labels.b} (e.g. from pg_dump --schema-only --table of ${labels.a}), then compare again.`
      : `Drop it from ${labels.b} or create it in ${labels.a}; fkdoctor writes no DROP TABLE.`;
  return {
    check: 'drift-table-missing',
    severity,
    table: quoteQualified(table),
    constraint: null,
    ...(foreignKeys.length > 0 ? { constraints: foreignKeys.map((fk) => fk.name) } : {}),
    message: `${quoteQualified(table)} (${kind}) is in ${here} but not in ${there}${keys}. ${advice}`,
    fix: null,
    details: {
      presentIn: side,
      kind: table.kind,
      partitionOf: table.partitionOf ? quoteQualified(table.partitionOf) : null,
      foreignKeys: foreignKeys.map((fk) => ({
        constraint: fk.name,
        table: quoteQualified(fk.table),
        definition: fk.definition,
      })),
    },
  };
}
