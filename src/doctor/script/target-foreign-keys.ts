// The foreign keys the server checks on a row written to a table: the table's own (clones of a
// partitioned parent's FK included), and, when the table is partitioned, those declared on its
// partitions, which apply only to the rows routed there (their partition constraint says which).

import type { Engine } from '../../engine/engine.js';
import { attributeNames } from '../../engine/introspect-sql.js';
import type { FkMatch, QualifiedName } from '../../model/catalog.js';

export interface TargetTable extends QualifiedName {
  oid: string;
  partitioned: boolean;
  columns: TargetColumn[];
}

export interface TargetColumn {
  name: string;
  notNull: boolean;
  hasDefault: boolean;
  generated: boolean;
  inPrimaryKey: boolean;
}

export interface TargetForeignKey {
  name: string;
  columns: string[];
  referencedTable: QualifiedName;
  referencedColumns: string[];
  /** The referenced table is partitioned: look in all its partitions (else ONLY, as RI does). */
  referencedPartitioned: boolean;
  match: FkMatch;
  deferrable: boolean;
  /** For an FK declared on a partition: the condition that routes a row there (unqualified columns). */
  rowCondition: string | null;
  /**
   * Whether rows written by the same statement count as parents: 'all' when the referenced table
   * is the target or contains it, a partition constraint when it is one of the target's
   * partitions, null when the statement's rows never land there.
   */
  ownRows: 'all' | { condition: string } | null;
}

/** The table a statement names, as the server resolves it now (search_path included). */
export async function resolveTarget(tx: Engine, written: string): Promise<TargetTable | null> {
  const { rows } = await tx.query<{ oid: string; schema: string; name: string; kind: string }>(
    `select c.oid::text as oid, n.nspname::text as schema, c.relname::text as name,
            c.relkind::text as kind
       from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.oid = pg_catalog.to_regclass($1::text)`,
    [written],
  );
  const table = rows[0];
  if (!table || (table.kind !== 'r' && table.kind !== 'p')) return null;
  const columns = await tx.query<TargetColumn>(
    `select a.attname::text as name, a.attnotnull as "notNull", a.atthasdef as "hasDefault",
            a.attgenerated <> '' as generated,
            exists (select 1 from pg_catalog.pg_index i
                     where i.indrelid = a.attrelid and i.indisprimary
                       and a.attnum = any (i.indkey::int2[])) as "inPrimaryKey"
       from pg_catalog.pg_attribute a
      where a.attrelid = $1::oid and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [table.oid],
  );
  return {
    oid: table.oid,
    schema: table.schema,
    name: table.name,
    partitioned: table.kind === 'p',
    columns: columns.rows,
  };
}

interface ForeignKeyRow {
  name: string;
  columns: string[];
  ref_schema: string;
  ref_name: string;
  ref_partitioned: boolean;
  match: string;
  deferrable: boolean;
  ref_columns: string[];
  row_condition: string | null;
  ref_is_target: boolean;
  ref_condition: string | null;
}

const MATCH: Record<string, FkMatch> = { s: 'simple', f: 'full', p: 'partial' };

/** Enforced FKs with their RI triggers enabled: the ones the server will check. */
export async function targetForeignKeys(
  tx: Engine,
  target: TargetTable,
): Promise<TargetForeignKey[]> {
  const version = await tx.query<{ num: string }>(
    "select current_setting('server_version_num') as num",
  );
  const enforced = Number(version.rows[0]?.num) >= 180000 ? 'and k.conenforced' : '';
  const { rows } = await tx.query<ForeignKeyRow>(
    `with tree as (
       select relid::oid as relid from pg_catalog.pg_partition_tree($1::oid::regclass)
       union select $1::oid
     ), ancestors as (
       select relid::oid as relid from pg_catalog.pg_partition_ancestors($1::oid::regclass)
       union select $1::oid
     )
     select k.conname::text as name, ${attributeNames('k.conrelid', 'k.conkey')} as columns,
            rn.nspname::text as ref_schema, r.relname::text as ref_name,
            r.relkind = 'p' as ref_partitioned, ${attributeNames('k.confrelid', 'k.confkey')} as ref_columns,
            k.confmatchtype::text as match, k.condeferrable as deferrable,
            case when k.conrelid <> $1::oid
                 then pg_catalog.pg_get_partition_constraintdef(k.conrelid) end as row_condition,
            k.confrelid in (select relid from ancestors) as ref_is_target,
            case when k.confrelid in (select relid from tree)
                  and k.confrelid not in (select relid from ancestors)
                 then pg_catalog.pg_get_partition_constraintdef(k.confrelid) end as ref_condition
       from pg_catalog.pg_constraint k
       join pg_catalog.pg_class r on r.oid = k.confrelid
       join pg_catalog.pg_namespace rn on rn.oid = r.relnamespace
       left join pg_catalog.pg_constraint p on p.oid = k.conparentid
      where k.contype = 'f' and k.conrelid in (select relid from tree)
        -- on partitions, only FKs declared there: clones of the target's own are checked once
        and (k.conrelid = $1::oid or k.conparentid = 0)
        -- not the per-partition copies made when the referenced table is partitioned
        and (p.oid is null or p.confrelid = k.confrelid)
        and not exists (select 1 from pg_catalog.pg_trigger t
                         where t.tgconstraint = k.oid and t.tgrelid = k.conrelid
                           and t.tgenabled = 'D')
        ${enforced}
      order by k.conname`,
    [target.oid],
  );
  return rows.map((row) => ({
    name: row.name,
    columns: row.columns,
    referencedTable: { schema: row.ref_schema, name: row.ref_name },
    referencedColumns: row.ref_columns,
    referencedPartitioned: row.ref_partitioned,
    match: MATCH[row.match] ?? 'simple',
    deferrable: row.deferrable,
    rowCondition: row.row_condition,
    ownRows: row.ref_is_target
      ? 'all'
      : row.ref_condition !== null
        ? { condition: row.ref_condition }
        : null,
  }));
}
