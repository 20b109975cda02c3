// How big each table is and how often its rows are deleted and updated, from the statistics
// views. An unindexed foreign key costs a scan of the child per parent DELETE or key UPDATE,
// so both numbers grade how much it hurts.

import type { Engine } from '../../engine/engine.js';

export interface TableActivity {
  /** Live rows: n_live_tup, or reltuples when the statistics have not seen the table. */
  rows: number;
  /** n_tup_del since the statistics were last reset. */
  deletes: number;
  /** n_tup_upd since the statistics were last reset. */
  updates: number;
}

// One query for every table; pg_stat_user_tables lists partitions too.
const activitySql = `
select s.schemaname::text as schema, s.relname::text as name,
       greatest(s.n_live_tup, c.reltuples::bigint, 0)::float8 as rows,
       s.n_tup_del::float8 as deletes, s.n_tup_upd::float8 as updates
from pg_stat_user_tables s
join pg_class c on c.oid = s.relid`;

interface ActivityRow {
  schema: string;
  name: string;
  rows: number;
  deletes: number;
  updates: number;
}

/** Activity per table by `schema.name` (qualifiedKey). Missing tables have none recorded. */
export async function readTableActivity(engine: Engine): Promise<Map<string, TableActivity>> {
  const { rows } = await engine.query<ActivityRow>(activitySql);
  const activity = new Map<string, TableActivity>();
  for (const row of rows) {
    activity.set(`${row.schema}.${row.name}`, {
      rows: Number(row.rows),
      deletes: Number(row.deletes),
      updates: Number(row.updates),
    });
  }
  return activity;
}

export const noActivity: TableActivity = { rows: 0, deletes: 0, updates: 0 };
