// The pg_catalog queries behind readCatalog, one per kind of object (set-based: never one query
// per table). A column that only newer servers have is referenced only when the server has it.

/** Catalog columns by the server_version_num that introduced them. */
const SINCE = {
  /** pg_constraint.confdelsetcols: `ON DELETE SET NULL (col, ...)`. */
  confdelsetcols: 150000,
  /** pg_index.indnullsnotdistinct: `UNIQUE NULLS NOT DISTINCT`. */
  indnullsnotdistinct: 150000,
  /** pg_constraint.conenforced: `NOT ENFORCED`. */
  conenforced: 180000,
} as const;

/** System schemas: pg_catalog, information_schema, pg_toast*, pg_temp*, pg_toast_temp*. */
function userSchema(nspname: string): string {
  return `(${nspname} not in ('pg_catalog', 'information_schema') and ${nspname} !~ '^pg_(toast|temp)')`;
}

/** Names of the attributes `keys` (an int2[]) of relation `rel`, in array order. */
export function attributeNames(rel: string, keys: string): string {
  return `array(select a.attname::text
      from unnest(${keys}) with ordinality as u(attnum, ord)
      join pg_catalog.pg_attribute a on a.attrelid = ${rel} and a.attnum = u.attnum
      order by u.ord)`;
}

export const versionSql = `select current_setting('server_version_num')::int as num, version() as version`;

export const schemasSql = `select n.nspname::text as name from pg_namespace n where ${userSchema('n.nspname')}`;

export const tablesSql = `
select n.nspname::text as schema, c.relname::text as name, c.relkind::text as kind,
       c.reltuples::float8 as reltuples, c.relrowsecurity as row_security,
       pn.nspname::text as parent_schema, p.relname::text as parent_name
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_inherits i on c.relispartition and i.inhrelid = c.oid
left join pg_class p on p.oid = i.inhparent
left join pg_namespace pn on pn.oid = p.relnamespace
where c.relkind in ('r', 'p') and ${userSchema('n.nspname')}`;

// Names of types and collations are schema-qualified unless they live in pg_catalog. The
// default of a generated column is its generation expression, so it is not reported as one.
export const columnsSql = `
select n.nspname::text as schema, c.relname::text as table_name, a.attname::text as name,
       a.attnum::int as position, format_type(a.atttypid, a.atttypmod) as type,
       case when tn.nspname = 'pg_catalog' then t.typname::text
            else tn.nspname || '.' || t.typname end as type_name,
       a.atttypmod as typmod, a.attnotnull as not_null,
       case when a.attcollation <> t.typcollation then
         case when cn.nspname = 'pg_catalog' then co.collname::text
              else cn.nspname || '.' || co.collname end
       end as collation,
       case when a.attgenerated = '' then pg_get_expr(d.adbin, d.adrelid) end as default_expr,
       a.attidentity::text as identity, a.attgenerated::text as generated
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_type t on t.oid = a.atttypid
join pg_namespace tn on tn.oid = t.typnamespace
left join pg_collation co on co.oid = a.attcollation
left join pg_namespace cn on cn.oid = co.collnamespace
left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
where c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped and ${userSchema('n.nspname')}`;

export function keysSql(versionNum: number): string {
  const nullsNotDistinct =
    versionNum >= SINCE.indnullsnotdistinct ? 'coalesce(i.indnullsnotdistinct, false)' : 'false';
  return `
select n.nspname::text as schema, c.relname::text as table_name, k.conname::text as name,
       k.contype::text as kind, ${attributeNames('k.conrelid', 'k.conkey')} as columns,
       k.condeferrable as deferrable, k.condeferred as initially_deferred,
       ${nullsNotDistinct} as nulls_not_distinct, ic.relname::text as index_name
from pg_constraint k
join pg_class c on c.oid = k.conrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_class ic on ic.oid = k.conindid
left join pg_index i on i.indexrelid = k.conindid
where k.contype in ('p', 'u') and c.relkind in ('r', 'p') and ${userSchema('n.nspname')}`;
}

// Partitioned tables and foreign keys (verified on PG 15 and 18; the same since PG 12):
//  - an FK declared on a partitioned table is cloned onto every partition, with conparentid set
//    and the same name. Those clones are kept: a leaf partition's name and that constraint name
//    are what a real 23503 error reports.
//  - an FK that references a partitioned table also gets one internal constraint per partition
//    of the referenced table (conparentid set, confrelid = that partition), which only carries
//    the ON DELETE/UPDATE triggers. Their names are invented by the server (PG 15:
//    `c_a_b_fkey1`, PG 18: `c_fk_1`) and they would count the FK once per partition, so they are
//    dropped: a clone is kept only when it references the same table as its parent constraint.
// triggersEnabled looks at the triggers of the constraint and of all its clones (kept or not):
// a partition with DISABLE TRIGGER ALL leaves the whole FK unenforced there.
export function foreignKeysSql(versionNum: number): string {
  const setColumns =
    versionNum >= SINCE.confdelsetcols
      ? `case when cardinality(k.confdelsetcols) > 0 then ${attributeNames('k.conrelid', 'k.confdelsetcols')} end`
      : 'null::text[]';
  const enforced = versionNum >= SINCE.conenforced ? 'k.conenforced' : 'true';
  return `
with recursive family(root, member) as (
  select oid, oid from pg_constraint where contype = 'f'
  union all
  select f.root, k.oid from family f join pg_constraint k on k.conparentid = f.member
), triggers as (
  select f.root, bool_and(t.tgenabled <> 'D') as enabled
  from family f join pg_trigger t on t.tgconstraint = f.member
  group by f.root
)
select n.nspname::text as schema, c.relname::text as table_name, k.conname::text as name,
       ${attributeNames('k.conrelid', 'k.conkey')} as columns,
       rn.nspname::text as ref_schema, r.relname::text as ref_table,
       ${attributeNames('k.confrelid', 'k.confkey')} as ref_columns,
       k.confmatchtype::text as match_type, k.confupdtype::text as on_update,
       k.confdeltype::text as on_delete, ${setColumns} as set_columns,
       k.condeferrable as deferrable, k.condeferred as initially_deferred,
       k.convalidated as validated, ${enforced} as enforced,
       pn.nspname::text as parent_schema, pc.relname::text as parent_table,
       p.conname::text as parent_name,
       coalesce(tr.enabled, true) as triggers_enabled,
       pg_get_constraintdef(k.oid) as definition
from pg_constraint k
join pg_class c on c.oid = k.conrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_class r on r.oid = k.confrelid
join pg_namespace rn on rn.oid = r.relnamespace
left join pg_constraint p on p.oid = k.conparentid
left join pg_class pc on pc.oid = p.conrelid
left join pg_namespace pn on pn.oid = pc.relnamespace
left join triggers tr on tr.root = k.oid
where k.contype = 'f' and c.relkind in ('r', 'p') and ${userSchema('n.nspname')}
  and (p.oid is null or p.confrelid = k.confrelid)`;
}

/** Key columns are the first indnkeyatts entries of indkey (0 = an expression), the rest INCLUDE. */
function indexColumns(which: 'key' | 'include'): string {
  const filter = which === 'key' ? 'u.ord <= i.indnkeyatts' : 'u.ord > i.indnkeyatts';
  return `array(select a.attname::text
      from unnest(i.indkey::int2[]) with ordinality as u(attnum, ord)
      left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = u.attnum
      where ${filter}
      order by u.ord)`;
}

export const indexesSql = `
select n.nspname::text as schema, c.relname::text as table_name, ic.relname::text as name,
       ${indexColumns('key')} as columns, ${indexColumns('include')} as include_columns,
       i.indisunique as is_unique, i.indisprimary as is_primary, am.amname::text as method,
       pg_get_expr(i.indpred, i.indrelid) as predicate,
       i.indisvalid as valid, i.indisready as ready, pg_get_indexdef(i.indexrelid) as definition
from pg_index i
join pg_class ic on ic.oid = i.indexrelid
join pg_am am on am.oid = ic.relam
join pg_class c on c.oid = i.indrelid
join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and ${userSchema('n.nspname')}`;
