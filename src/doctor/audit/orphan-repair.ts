// The repair an audit finding proposes for rows that break a foreign key: set the key to NULL
// when every key column may be NULL (the rows stay), else delete them; either way the script
// backs the rows up first. A repair that cannot be done (see orphanRepairPlan) is none.

import type { Catalog, ForeignKey, Table } from '../../model/catalog.js';
import {
  type BackupTable,
  OrphanRepairRefusedError,
  orphanRepairPlan,
  type RepairMode,
} from '../orphans/repair-sql.js';

export interface ProposedRepair {
  mode: RepairMode;
  sql: string;
  backups: BackupTable[];
}

export function repairFor(catalog: Catalog, fk: ForeignKey, child: Table): ProposedRepair | null {
  const nullable = fk.columns.every((name) => !child.columns.find((c) => c.name === name)?.notNull);
  const modes: RepairMode[] = nullable ? ['set-null', 'delete'] : ['delete'];
  for (const mode of modes) {
    try {
      const plan = orphanRepairPlan(catalog, fk, mode);
      return { mode, sql: plan.sql, backups: plan.backups };
    } catch (error) {
      if (!(error instanceof OrphanRepairRefusedError)) throw error;
    }
  }
  return null;
}
