// fk-type-mismatch: a referencing column whose type, type modifier or collation differs from the
// column it references (int -> bigint, varchar(20) -> text, numeric(10,1) -> numeric(10,2)).

import type { Engine } from '../../../engine/engine.js';
import {
  type Column,
  type ForeignKey,
  findTable,
  type QualifiedName,
  type Table,
} from '../../../model/catalog.js';
import { type Finding, type Severity, severityRank } from '../../../model/finding.js';
import { lineComment, quoteIdent, quoteQualified } from '../../../sql/quote.js';
import { type Check, declaredForeignKeys } from '../check.js';

export const fkTypeMismatch: Check = {
  id: 'fk-type-mismatch',
  severity: 'warning',
  title:
    'Foreign key whose columns differ in type, length or collation from the ones it references',
  rationale:
    'PostgreSQL accepts an FK between different types when an equality operator joins them, but ' +
    'the difference shows later. A narrower referencing column cannot hold every parent key: an ' +
    'int column stops working once bigint ids pass 2^31, a varchar(10) cannot reference a longer ' +
    'text key, and a numeric(10,1) rounds 1.05 to 1.1 and silently points at another parent row ' +
    '(an error). timestamp against timestamptz matches through the TimeZone setting (an error). ' +
    'When no cross-type operator exists, every DELETE on the parent casts the referencing column ' +
    'to look rows up, so no index on it helps (int against numeric: a scan per parent row; ' +
    'int against bigint and varchar against text have cross-type or binary-compatible ' +
    "operators and keep the index). The check of a new child row always uses the parent key's " +
    'own operator, so the parent index always serves it. Wider columns and other differences waste space ' +
    'and confuse joins (a warning). A collation difference changes nothing for the FK when both ' +
    'collations are deterministic (info); with a nondeterministic one, the FK and a join by the ' +
    'child column disagree on what matches, and PostgreSQL 18 refuses to create it (an error). A ' +
    'domain over the same type as the referenced column is a deliberate name for the same values ' +
    'and is not reported.',
  detection:
    'Catalog: for each FK column pair, the base types (domains resolved), type modifiers and ' +
    'collations (pg_attribute, pg_type, pg_collation), and the operator the FK compares with ' +
    '(pg_constraint.conpfeqop): when its right side is not the referencing type or a ' +
    'binary-compatible one, the lookup on the referencing table casts the column.',
  readsRows: false,
  async detect(context) {
    const pairs = await readColumnPairs(context.engine);
    const findings: Finding[] = [];
    for (const fk of declaredForeignKeys(context.catalog)) {
      const mine = pairs.get(fkKey(fk.table, fk.name));
      if (!mine) continue;
      const child = findTable(context.catalog, fk.table);
      const parent = findTable(context.catalog, fk.referencedTable);
      if (!child || !parent) continue;
      const mismatches = mine.flatMap((pair) => {
        const reasons = mismatchReasons(pair);
        return reasons.length > 0 ? [{ pair, reasons }] : [];
      });
      if (mismatches.length > 0)
        findings.push(mismatchFinding(context.catalog.tables, fk, child, parent, mismatches));
    }
    return findings;
  },
  examples: {
    valid: [
      {
        name: 'the same types, typmods and collations',
        sql: `create table customers (id bigint primary key, code varchar(10) unique);
              create table orders (id int primary key, customer_id bigint references customers,
                customer_code varchar(10) references customers (code));`,
      },
      {
        name: 'a domain over the referenced type, and a domain on both sides',
        sql: `create domain customer_id as bigint check (value > 0);
              create domain sku as varchar(12);
              create table customers (id bigint primary key);
              create table products (sku sku primary key);
              create table orders (id int primary key, customer customer_id references customers,
                product sku references products);`,
      },
      {
        name: 'a composite key with odd names, partitioned',
        sql: `create table "Mixed Case" ("Région" text collate "C", "n°" int, primary key ("Région", "n°"));
              create table "with ""quotes""" ("Région" text collate "C", "n°" int, day date,
                foreign key ("Région", "n°") references "Mixed Case") partition by range (day);
              create table "with ""quotes"" 2026" partition of "with ""quotes"""
                for values from ('2026-01-01') to ('2027-01-01');`,
      },
    ],
    invalid: [
      {
        name: 'int referencing bigint: the child cannot hold every parent id',
        sql: `create table customers (id bigint primary key);
              create table orders (id int primary key, customer_id int references customers);
              insert into customers values (1); insert into orders values (1, 1);`,
        findings: [{ table: 'orders', constraint: 'orders_customer_id_fkey', severity: 'error' }],
      },
      {
        name: 'varchar(n) referencing text, and varchar(n) referencing a longer varchar',
        sql: `create table users (login text primary key, email varchar(200) unique);
              create table posts (id int primary key, author varchar(20) references users,
                contact varchar(100) references users (email));`,
        findings: [
          { table: 'posts', constraint: 'posts_author_fkey', severity: 'error' },
          { table: 'posts', constraint: 'posts_contact_fkey', severity: 'error' },
        ],
      },
      {
        name: 'numeric(10,1) referencing numeric(10,2): values are rounded to another parent',
        sql: `create table prices (amount numeric(10,2) primary key);
              create table offers (id int primary key, amount numeric(10,1) references prices);
              insert into prices values (1.1); insert into offers values (1, 1.1);`,
        findings: [{ table: 'offers', constraint: 'offers_amount_fkey', severity: 'error' }],
      },
      {
        name: 'bigint referencing int, and text referencing varchar (wider: a warning)',
        sql: `create table regions (id int primary key, code varchar(8) unique);
              create table stores (id int primary key, region_id bigint references regions,
                region_code text references regions (code));`,
        findings: [
          { table: 'stores', constraint: 'stores_region_code_fkey', severity: 'warning' },
          { table: 'stores', constraint: 'stores_region_id_fkey', severity: 'warning' },
        ],
      },
      {
        name: 'int referencing numeric: the lookup casts the column, no index serves it',
        sql: `create table accounts (no numeric primary key);
              create table entries (id int primary key, account_no int references accounts);
              create index on entries (account_no);`,
        findings: [{ table: 'entries', constraint: 'entries_account_no_fkey', severity: 'error' }],
      },
      {
        name: 'a different deterministic collation (info), in a composite key with odd names',
        sql: `create table "Mixed Case" ("Région" text collate "C", "n°" int, primary key ("Région", "n°"));
              create table "with ""quotes""" ("Région" text collate "POSIX", "n°" int, day date,
                foreign key ("Région", "n°") references "Mixed Case") partition by range (day);
              create table "with ""quotes"" 2026" partition of "with ""quotes"""
                for values from ('2026-01-01') to ('2027-01-01');`,
        findings: [
          {
            table: '"with ""quotes"""',
            constraint: 'with "quotes"_Région_n°_fkey',
            severity: 'info',
          },
        ],
      },
      {
        name: 'an FK declared on one partition: the partitioned table is altered',
        sql: `create table "Läden" (id bigint primary key);
              create table sales (shop int, day date) partition by range (day);
              create table "sales 2026" partition of sales for values from ('2026-01-01') to ('2027-01-01');
              alter table "sales 2026" add constraint "sales 2026 → Läden" foreign key (shop) references "Läden";`,
        findings: [{ table: '"sales 2026"', constraint: 'sales 2026 → Läden', severity: 'error' }],
      },
      {
        name: 'a domain over int referencing bigint',
        sql: `create domain small_id as int check (value > 0);
              create table customers (id bigint primary key);
              create table orders (id int primary key, customer small_id references customers);`,
        findings: [{ table: 'orders', constraint: 'orders_customer_fkey', severity: 'error' }],
      },
      {
        name: 'timestamp referencing timestamptz: the match depends on TimeZone',
        sql: `create table slots (starts timestamptz primary key);
              create table bookings (id int primary key, slot timestamp references slots);`,
        findings: [{ table: 'bookings', constraint: 'bookings_slot_fkey', severity: 'error' }],
      },
    ],
  },
};

/** One referencing column and the column it references, as the server compares them. */
export interface ColumnPair {
  column: string;
  referencedColumn: string;
  child: ColumnType;
  parent: ColumnType;
  /** The lookup on the referencing table (parent DELETE / key UPDATE) can use an index on it. */
  indexUsable: boolean;
  /** The right-hand type of the FK's equality operator, e.g. `numeric`. */
  operatorRightType: string;
  /** The referencing column is a partition key column of its table or of a sub-partition. */
  inPartitionKey: boolean /** Views (and rules) that use the referencing column: ALTER COLUMN ... TYPE refuses while they exist. */;
  views: QualifiedName[];
}

export interface ColumnType {
  /** The base type as format_type prints it with its typmod, e.g. `character varying(20)`. */
  type: string;
  /** The base type's name, schema-qualified outside pg_catalog (`int4`, `varchar`, `public.mood`). */
  name: string;
  typmod: number;
  /** The domain, when the column is declared with one, e.g. `public.customer_id`. */
  domain: string | null;
  /** Collation name (schema-qualified outside pg_catalog), null when the type has none. */
  collation: { schema: string; name: string } | null;
  deterministic: boolean;
}

export type MismatchReason =
  | 'range' // the referencing type cannot hold every referenced value
  | 'rounding' // it stores some referenced values rounded, so it may point at another row
  | 'length' // its length limit is shorter than the referenced column's
  | 'time-zone' // timestamp against timestamptz: matched through the TimeZone setting
  | 'collation-semantics' // a nondeterministic collation on one side only
  | 'type' // another difference of type or typmod, the referencing side at least as wide
  | 'collation'; // deterministic collations that differ: the same equality

const reasonSeverity: Record<MismatchReason, Severity> = {
  range: 'error',
  rounding: 'error',
  length: 'error',
  'time-zone': 'error',
  'collation-semantics': 'error',
  type: 'warning',
  collation: 'info',
};

/** What differs between a referencing column and the one it references; empty when nothing. */
export function mismatchReasons(pair: Pick<ColumnPair, 'child' | 'parent'>): MismatchReason[] {
  const { child, parent } = pair;
  const reasons: MismatchReason[] = [];
  if (child.name !== parent.name || child.typmod !== parent.typmod) {
    reasons.push(narrowing(child, parent) ?? 'type');
  }
  const collation = (t: ColumnType) => (t.collation ? JSON.stringify(t.collation) : null);
  if (collation(child) !== collation(parent)) {
    reasons.push(child.deterministic && parent.deterministic ? 'collation' : 'collation-semantics');
  }
  return reasons;
}

const integerDigits: Record<string, number> = { int2: 4, int4: 9, int8: 18 };
const integerRank: Record<string, number> = { int2: 1, int4: 2, int8: 3 };
const lengthTypes = new Set(['varchar', 'bpchar']);
const textTypes = new Set(['varchar', 'bpchar', 'text']);

/** Why the referencing type cannot stand for every referenced value, or null when it can. */
function narrowing(child: ColumnType, parent: ColumnType): MismatchReason | null {
  const c = child.name;
  const p = parent.name;
  if (c in integerRank) {
    if (p in integerRank) return (integerRank[c] ?? 0) < (integerRank[p] ?? 0) ? 'range' : null;
    if (p === 'float4' || p === 'float8') return 'rounding';
    if (p === 'numeric') {
      const n = numericModifier(parent.typmod);
      if (n === null || n.scale > 0) return 'rounding';
      return n.precision > (integerDigits[c] ?? 0) ? 'range' : null;
    }
  }
  if (c === 'numeric' && p === 'numeric') {
    const cn = numericModifier(child.typmod);
    if (cn === null) return null;
    const pn = numericModifier(parent.typmod);
    if (pn === null || cn.scale < pn.scale) return 'rounding';
    return cn.precision - cn.scale < pn.precision - pn.scale ? 'range' : null;
  }
  if (c === 'numeric' && p in integerRank) {
    const cn = numericModifier(child.typmod);
    return cn !== null && cn.precision - cn.scale < (integerDigits[p] ?? 0) + 1 ? 'range' : null;
  }
  if (c === 'float4' && p !== 'float4') return 'rounding';
  if (lengthTypes.has(c) && textTypes.has(p)) {
    const cl = lengthLimit(child);
    if (cl === null) return null;
    const pl = lengthLimit(parent);
    return pl === null || pl > cl ? 'length' : null;
  }
  if ((c === 'timestamp' && p === 'timestamptz') || (c === 'timestamptz' && p === 'timestamp')) {
    return 'time-zone';
  }
  return null;
}

/** numeric(p,s) from its typmod (negative scales since PG 15), null when unconstrained. */
export function numericModifier(typmod: number): { precision: number; scale: number } | null {
  if (typmod < 4) return null;
  const bits = typmod - 4;
  return { precision: (bits >> 16) & 0xffff, scale: ((bits & 0x7ff) ^ 1024) - 1024 };
}

/** varchar(n) / char(n) length, null when unlimited (text, varchar). */
function lengthLimit(type: ColumnType): number | null {
  return lengthTypes.has(type.name) && type.typmod >= 4 ? type.typmod - 4 : null;
}

/**
 * Whether ALTER COLUMN ... TYPE from `from` to `to` rewrites the table (checked on PG 15 and 18
 * by relfilenode): not for varchar(n) to a longer varchar or to text or varchar, text to
 * varchar, numeric(p,s) to a wider precision with the same scale or to numeric, or a change of
 * collation alone; any other change does, conservatively.
 */
export function alterRewrites(from: ColumnType, to: ColumnType): boolean {
  if (from.name === to.name && from.typmod === to.typmod) return false;
  if (to.domain !== null) return true;
  const fromLimit = lengthLimit(from);
  if (from.name === 'varchar' && (to.name === 'text' || to.name === 'varchar')) {
    const toLimit = lengthLimit(to);
    return toLimit !== null && (fromLimit === null || toLimit < fromLimit);
  }
  if (from.name === 'text' && to.name === 'varchar') return lengthLimit(to) !== null;
  if (from.name === 'numeric' && to.name === 'numeric') {
    const f = numericModifier(from.typmod);
    const t = numericModifier(to.typmod);
    if (t === null) return false;
    return f === null || f.scale !== t.scale || t.precision < f.precision;
  }
  return true;
}

// Every column pair of every declared FK whose two columns differ in type, typmod or collation
// as declared (domains resolved afterwards: a domain over the same type is not a mismatch).
const columnPairsSql = `
with recursive dom(oid, base, typmod) as (
  select t.oid, t.typbasetype, t.typtypmod from pg_type t where t.typtype = 'd'
  union all
  select d.oid, t.typbasetype, case when d.typmod <> -1 then d.typmod else t.typtypmod end
  from dom d join pg_type t on t.oid = d.base and t.typtype = 'd'
), base as (
  select d.oid, d.base, d.typmod from dom d
  join pg_type b on b.oid = d.base and b.typtype <> 'd'
), pairs as (
  select k.oid, k.conname, k.conrelid, k.confrelid, u.fkatt, u.pkatt, u.op, u.ord
  from pg_constraint k,
       unnest(k.conkey, k.confkey, k.conpfeqop) with ordinality as u(fkatt, pkatt, op, ord)
  where k.contype = 'f' and k.conparentid = 0
), sides as (
  select p.*, fa.attname as fk_column, pa.attname as pk_column,
         coalesce(fb.base, fa.atttypid) as fk_type, coalesce(fb.typmod, fa.atttypmod) as fk_typmod,
         case when fb.oid is not null then fa.atttypid end as fk_domain, fa.attcollation as fk_coll,
         coalesce(pb.base, pa.atttypid) as pk_type, coalesce(pb.typmod, pa.atttypmod) as pk_typmod,
         case when pb.oid is not null then pa.atttypid end as pk_domain, pa.attcollation as pk_coll
  from pairs p
  join pg_attribute fa on fa.attrelid = p.conrelid and fa.attnum = p.fkatt
  join pg_attribute pa on pa.attrelid = p.confrelid and pa.attnum = p.pkatt
  left join base fb on fb.oid = fa.atttypid
  left join base pb on pb.oid = pa.atttypid
  where fa.atttypid <> pa.atttypid or fa.atttypmod <> pa.atttypmod
     or fa.attcollation <> pa.attcollation
)
select n.nspname::text as schema, c.relname::text as table_name, s.conname::text as name,
       s.ord::int as position, s.fk_column::text as column_name, s.pk_column::text as referenced_column,
       format_type(s.fk_type, s.fk_typmod) as fk_type, s.fk_typmod::int as fk_typmod,
       case when ftn.nspname = 'pg_catalog' then ft.typname::text
            else ftn.nspname || '.' || ft.typname end as fk_type_name,
       format_type(s.fk_domain, null) as fk_domain,
       fcn.nspname::text as fk_coll_schema, fco.collname::text as fk_coll_name,
       coalesce(fco.collisdeterministic, true) as fk_coll_deterministic,
       format_type(s.pk_type, s.pk_typmod) as pk_type, s.pk_typmod::int as pk_typmod,
       case when ptn.nspname = 'pg_catalog' then pt.typname::text
            else ptn.nspname || '.' || pt.typname end as pk_type_name,
       format_type(s.pk_domain, null) as pk_domain,
       pcn.nspname::text as pk_coll_schema, pco.collname::text as pk_coll_name,
       coalesce(pco.collisdeterministic, true) as pk_coll_deterministic,
       (o.oprright = s.fk_type or rt.typtype = 'p'
        or exists (select 1 from pg_cast ca where ca.castsource = s.fk_type
                   and ca.casttarget = o.oprright and ca.castmethod = 'b')) as index_usable,
       format_type(o.oprright, null) as operator_right,
       exists (select 1 from pg_partition_tree(coalesce(pg_partition_root(s.conrelid), s.conrelid)) tree
               join pg_partitioned_table pt on pt.partrelid = tree.relid
               join pg_attribute ka on ka.attrelid = tree.relid and ka.attname = s.fk_column
               where ka.attnum = any(pt.partattrs::int2[])) as in_partition_key,
       (select coalesce(jsonb_agg(distinct jsonb_build_array(vn.nspname::text, v.relname::text)), '[]')
        -- One index probe of pg_depend per relation of the partition tree (an OR here made
        -- every row scan all of pg_depend).
        from (select s.conrelid as relid
              union select relid from pg_partition_tree(coalesce(pg_partition_root(s.conrelid), s.conrelid))) rel
        join pg_depend d on d.refclassid = 'pg_class'::regclass and d.refobjid = rel.relid
        join pg_rewrite r on r.oid = d.objid
        join pg_class v on v.oid = r.ev_class
        join pg_namespace vn on vn.oid = v.relnamespace
        join pg_attribute da on da.attrelid = d.refobjid and da.attnum = d.refobjsubid
        where d.classid = 'pg_rewrite'::regclass
          and da.attname = s.fk_column and v.oid <> d.refobjid) as views
from sides s
join pg_class c on c.oid = s.conrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_type ft on ft.oid = s.fk_type
join pg_namespace ftn on ftn.oid = ft.typnamespace
join pg_type pt on pt.oid = s.pk_type
join pg_namespace ptn on ptn.oid = pt.typnamespace
join pg_operator o on o.oid = s.op
join pg_type rt on rt.oid = o.oprright
left join pg_collation fco on fco.oid = s.fk_coll
left join pg_namespace fcn on fcn.oid = fco.collnamespace
left join pg_collation pco on pco.oid = s.pk_coll
left join pg_namespace pcn on pcn.oid = pco.collnamespace
order by s.ord`;

interface ColumnPairRow {
  schema: string;
  table_name: string;
  name: string;
  position: number;
  column_name: string;
  referenced_column: string;
  fk_type: string;
  fk_typmod: number;
  fk_type_name: string;
  fk_domain: string | null;
  fk_coll_schema: string | null;
  fk_coll_name: string | null;
  fk_coll_deterministic: boolean;
  pk_type: string;
  pk_typmod: number;
  pk_type_name: string;
  pk_domain: string | null;
  pk_coll_schema: string | null;
  pk_coll_name: string | null;
  pk_coll_deterministic: boolean;
  index_usable: boolean;
  operator_right: string;
  in_partition_key: boolean;
  views: [string, string][] | string;
}

/** Column pairs that differ as declared, by fkKey of the FK, in key order. */
async function readColumnPairs(engine: Engine): Promise<Map<string, ColumnPair[]>> {
  // As in readCatalog: with only pg_catalog on the search path, format_type qualifies user types.
  const rows = await engine.transaction(
    async (tx) => {
      await tx.exec('set local search_path = pg_catalog');
      return (await tx.query<ColumnPairRow>(columnPairsSql)).rows;
    },
    { rollback: true },
  );
  const pairs = new Map<string, ColumnPair[]>();
  for (const row of rows) {
    const key = fkKey({ schema: row.schema, name: row.table_name }, row.name);
    const collation = (schema: string | null, name: string | null) =>
      schema !== null && name !== null ? { schema, name } : null;
    const list = pairs.get(key) ?? [];
    list.push({
      column: row.column_name,
      referencedColumn: row.referenced_column,
      child: {
        type: row.fk_type,
        name: row.fk_type_name,
        typmod: Number(row.fk_typmod),
        domain: row.fk_domain,
        collation: collation(row.fk_coll_schema, row.fk_coll_name),
        deterministic: row.fk_coll_deterministic,
      },
      parent: {
        type: row.pk_type,
        name: row.pk_type_name,
        typmod: Number(row.pk_typmod),
        domain: row.pk_domain,
        collation: collation(row.pk_coll_schema, row.pk_coll_name),
        deterministic: row.pk_coll_deterministic,
      },
      indexUsable: row.index_usable,
      operatorRightType: row.operator_right,
      inPartitionKey: row.in_partition_key,
      views: (typeof row.views === 'string' ? JSON.parse(row.views) : row.views).map(
        ([schema, name]: [string, string]) => ({ schema, name }),
      ),
    });
    pairs.set(key, list);
  }
  return pairs;
}

function fkKey(table: QualifiedName, name: string): string {
  return JSON.stringify([table.schema, table.name, name]);
}

interface Mismatch {
  pair: ColumnPair;
  reasons: MismatchReason[];
}

function mismatchFinding(
  tables: readonly Table[],
  fk: ForeignKey,
  child: Table,
  parent: Table,
  mismatches: Mismatch[],
): Finding {
  const table = quoteQualified(child);
  const parentName = quoteQualified(parent);
  const reasons = mismatches.flatMap((m) => m.reasons);
  const severity = reasons
    .map((r) => reasonSeverity[r])
    .reduce((a, b) => (severityRank(b) < severityRank(a) ? b : a), 'info' as Severity);
  const showCollation = reasons.some((r) => r === 'collation' || r === 'collation-semantics');
  const list = (side: 'child' | 'parent') =>
    mismatches
      .map(({ pair }) => {
        const name = side === 'child' ? pair.column : pair.referencedColumn;
        return `${quoteIdent(name)} ${describe(pair[side], showCollation)}`;
      })
      .join(', ');
  const consequences = [
    ...new Set(
      mismatches.flatMap(({ pair, reasons }) =>
        reasons
          .filter((r) => reasonSeverity[r] === severity)
          .map((r) => consequence(r, parentName, pair)),
      ),
    ),
  ];
  const uncast = mismatches.filter((m) => !m.pair.indexUsable);
  if (uncast.length > 0) {
    const cols = uncast.map((m) => `${quoteIdent(m.pair.column)}::${m.pair.operatorRightType}`);
    consequences.push(
      `each DELETE or key UPDATE on ${parentName} looks rows up by ${cols.join(', ')}, which no index on ${table} serves`,
    );
  }
  // ALTER TABLE refuses to change the type of a partition key column; no ALTER can help.
  const keyed = mismatches
    .filter((m) => m.pair.inPartitionKey)
    .map((m) => quoteIdent(m.pair.column));
  const unfixable =
    keyed.length > 0
      ? ` No fix: ${keyed.join(', ')} ${keyed.length === 1 ? 'is' : 'are'} in the partition key of ${table}, whose type ALTER TABLE cannot change; recreate the table with the referenced types and move the rows.`
      : '';
  return {
    check: fkTypeMismatch.id,
    severity,
    table,
    constraint: fk.name,
    message: `${table} (${list('child')}) references ${parentName} (${list('parent')}): ${consequences.join('; ')}.${unfixable}`,
    fix: keyed.length > 0 ? null : alterSql(tables, child, parent, mismatches),
    details: {
      columns: mismatches.map(({ pair, reasons }) => ({
        column: pair.column,
        type: describe(pair.child, true),
        referencedColumn: pair.referencedColumn,
        referencedType: describe(pair.parent, true),
        reasons,
        indexUsable: pair.indexUsable,
      })),
    },
  };
}

/** `integer`, `public.small_id (integer)`, `text COLLATE "C"`. */
function describe(type: ColumnType, withCollation: boolean): string {
  const base = type.domain ? `${type.domain} (${type.type})` : type.type;
  return withCollation && type.collation ? `${base} COLLATE ${collationSql(type.collation)}` : base;
}

/** pg_catalog."default": what ALTER COLUMN ... TYPE gives a base type when COLLATE is left out. */
function isDefaultCollation(collation: ColumnType['collation']): boolean {
  return collation === null || (collation.schema === 'pg_catalog' && collation.name === 'default');
}

function collationSql(collation: { schema: string; name: string }): string {
  return collation.schema === 'pg_catalog' ? quoteIdent(collation.name) : quoteQualified(collation);
}

const integerMax: Record<string, string> = { int2: '32767', int4: '2147483647' };

function consequence(reason: MismatchReason, parent: string, pair: ColumnPair): string {
  const column = quoteIdent(pair.column);
  switch (reason) {
    case 'range': {
      const max = integerMax[pair.child.name];
      return max
        ? `${column} holds at most ${max}, so rows referencing larger ${parent} keys cannot be stored`
        : `rows referencing ${parent} keys beyond the range of ${column} cannot be stored`;
    }
    case 'rounding':
      return `keys of ${parent} with more digits are rounded on the way in, so a row can silently reference another ${parent} row`;
    case 'length':
      return `longer keys of ${parent} cannot be referenced (value too long)`;
    case 'time-zone':
      return 'timestamp and timestamptz are compared through the TimeZone setting, so what matches depends on the session';
    case 'collation-semantics':
      return 'a nondeterministic collation on one side only: the FK and joins by the referencing column disagree on what matches, and PostgreSQL 18 refuses to create such an FK';
    case 'type':
      return 'the referencing side can hold every referenced value, but every check and join compares across types';
    case 'collation':
      return 'both collations are deterministic, so the FK matches the same rows, but sorting or comparing the two columns together needs an explicit COLLATE';
  }
}

/**
 * One ALTER TABLE with an ALTER COLUMN ... TYPE per mismatching column, to the referenced
 * column's type (and collation), with what it costs and what else it touches as comments.
 */
function alterSql(
  tables: readonly Table[],
  child: Table,
  parent: Table,
  mismatches: Mismatch[],
): string {
  // A partition's columns belong to its partitioned table: ALTER the top of the tree.
  const root = treeRoot(tables, child);
  const table = quoteQualified(root);
  const lines: string[] = [];
  if (root !== child) {
    lines.push(
      lineComment(
        `The columns of ${quoteQualified(child)} are inherited from ${table}: the type changes for all its partitions.`,
      ),
    );
  }
  const rewrites = mismatches.some(({ pair }) => alterRewrites(pair.child, pair.parent));
  const collationChanges = mismatches.some(({ reasons }) =>
    reasons.some((r) => r === 'collation' || r === 'collation-semantics'),
  );
  lines.push(
    lineComment(
      rewrites
        ? `Rewrites ${table}${root.kind === 'partitioned-table' ? ' (every partition)' : ''} and its indexes and checks the FK again, under an ACCESS EXCLUSIVE lock: plan a quiet window.`
        : `Binary-compatible: no table rewrite, only a brief ACCESS EXCLUSIVE lock${collationChanges ? '; indexes on the column are rebuilt' : ''}.`,
    ),
  );
  for (const { pair, reasons } of mismatches) {
    if (reasons.includes('time-zone')) {
      lines.push(
        lineComment(
          `${quoteIdent(pair.column)}: existing values are converted in the session's TimeZone; SET TimeZone to the zone they were written in first.`,
        ),
      );
    }
    if (pair.child.domain) {
      lines.push(
        lineComment(
          `${quoteIdent(pair.column)} leaves domain ${pair.child.domain} and its CHECK constraints; or make it a domain over ${pair.parent.type}.`,
        ),
      );
    }
    if (pair.views.length > 0) {
      lines.push(
        lineComment(
          `${quoteIdent(pair.column)} is used by ${pair.views.map((v) => quoteQualified(v)).join(', ')}: ALTER COLUMN ... TYPE fails until ${pair.views.length === 1 ? 'it is' : 'they are'} dropped; recreate ${pair.views.length === 1 ? 'it' : 'them'} after (pg_get_viewdef, grants).`,
        ),
      );
    }
    for (const other of referencingColumn(tables, root, pair.column)) {
      lines.push(
        lineComment(
          `${quoteIdent(pair.column)} is referenced by ${quoteIdent(other.name)} of ${quoteQualified(other.table)}: give its column the same type.`,
        ),
      );
    }
  }
  const parentColumn = (name: string): Column | undefined =>
    parent.columns.find((c) => c.name === name);
  const actions = mismatches.map(({ pair }) => {
    const target = parentColumn(pair.referencedColumn)?.type ?? pair.parent.type;
    // Left out, the new column gets the type's default collation: enough for "default".
    const collation = pair.parent.collation;
    const collate =
      collation && !(isDefaultCollation(collation) && pair.parent.domain === null)
        ? ` COLLATE ${collationSql(collation)}`
        : '';
    return `ALTER COLUMN ${quoteIdent(pair.column)} TYPE ${target}${collate}`;
  });
  lines.push(`ALTER TABLE ${table} ${actions.join(', ')};`);
  return lines.join('\n');
}

/** FKs of other tables that reference this column of `table`. */
function referencingColumn(tables: readonly Table[], table: Table, column: string): ForeignKey[] {
  return tables.flatMap((t) =>
    t.foreignKeys.filter(
      (fk) =>
        fk.parentConstraint === null &&
        fk.referencedTable.schema === table.schema &&
        fk.referencedTable.name === table.name &&
        fk.referencedColumns.includes(column),
    ),
  );
}

/** The partitioned table at the top of the tree `table` belongs to (itself when none). */
function treeRoot(tables: readonly Table[], table: Table): Table {
  let current = table;
  for (let hops = 0; current.partitionOf && hops < 100; hops++) {
    const up = current.partitionOf;
    const next = tables.find((t) => t.schema === up.schema && t.name === up.name);
    if (!next) break;
    current = next;
  }
  return current;
}
