// fk-cycle-not-deferrable: tables that reference each other in a cycle where no FK can be put
// off (none nullable, none deferrable), so no order of ordinary statements can insert the first
// rows; and self-references that are NOT NULL and not deferrable (info: row order still works).

import {
  type Catalog,
  type ForeignKey,
  findTable,
  type QualifiedName,
  qualifiedKey,
  type Table,
} from '../../../model/catalog.js';
import type { Finding } from '../../../model/finding.js';
import {
  buildFkGraph,
  type Cycle,
  type FkEdge,
  type FkGraph,
  findCycles,
  loadOrder,
} from '../../../model/fk-graph.js';
import { lineComment, quoteIdent, quoteQualified } from '../../../sql/quote.js';
import { adviseCycle } from '../../graph/cycle-advice.js';
import type { AuditContext, Check } from '../check.js';
import { noActivity } from '../table-activity.js';

export const fkCycleNotDeferrable: Check = {
  id: 'fk-cycle-not-deferrable',
  severity: 'warning',
  title: 'Cycle of foreign keys that no insert order can load',
  rationale:
    'An FK that is neither DEFERRABLE nor nullable is checked at the end of every statement. When ' +
    'tables reference each other in a cycle made only of such FKs, no order of single-table ' +
    'statements can insert the first rows: a COPY or INSERT into any of them needs a row of the ' +
    'next that cannot exist yet. Only one statement writing every table (a writable CTE), or a ' +
    'superuser with triggers disabled, gets them in; data-only dumps, seed scripts and ORMs fail, ' +
    'and deletes need CASCADE or the same trick. A warning, not an error: the rows already there ' +
    'are sound, and the application may be using writable CTEs. Making one FK of the cycle ' +
    'DEFERRABLE INITIALLY IMMEDIATE changes nothing for existing transactions and lets a loading ' +
    'transaction defer it. A self-reference that is NOT NULL and not deferrable is info: rows ' +
    'load parents first (a root row references itself), or all in one statement.',
  detection:
    'Catalog: the FK graph (enforced FKs; partition copies folded into the FK they copy), its ' +
    'strongly connected components, and for each the edges no load order avoids ' +
    '(cycle-advice). The FK to make DEFERRABLE is the cheapest set that makes the cycle ' +
    'loadable, tried on a copy of the catalog: the fewest rows in the referencing tables.',
  readsRows: false,
  async detect(context) {
    const { graph } = context;
    const findings: Finding[] = [];
    for (const step of loadOrder(graph)) {
      const cycle = step.cycle;
      if (!cycle) continue;
      const advice = adviseCycle(graph, cycle, step.tables);
      if (!advice.loadable) {
        // The graph command's advice names the FKs its own order cannot avoid: the fallback.
        const change = advice.edges.filter((e) => e.role === 'change').map((e) => e.edge);
        findings.push(cycleFinding(context, cycle, change));
      }
      for (const edge of advice.edges) {
        if (edge.selfReference && edge.edge.breakBy === 'none') {
          findings.push(selfReferenceFinding(graph, edge.edge));
        }
      }
    }
    return findings;
  },
  examples: {
    valid: [
      {
        name: 'a cycle with one FK DEFERRABLE',
        sql: `create table dept (id int primary key, manager_id int not null);
              create table emp (id int primary key, dept_id int not null references dept);
              alter table dept add constraint dept_manager_fkey
                foreign key (manager_id) references emp deferrable;`,
      },
      {
        name: 'a cycle with one FK nullable',
        sql: `create table author (id int primary key, best_book_id int);
              create table book (id int primary key, author_id int not null references author);
              alter table author add constraint author_best_book_fkey
                foreign key (best_book_id) references book;`,
      },
      {
        name: 'a NOT NULL self-reference (info only: parents first, roots reference themselves)',
        sql: `create table node (id int primary key, parent_id int not null references node);
              insert into node values (1, 1), (2, 1);`,
      },
      {
        name: 'a composite MATCH SIMPLE cycle with one nullable column',
        sql: `create table a (id int, k int, b_id int, b_k int not null, primary key (id, k));
              create table b (id int, k int, a_id int not null, a_k int not null, primary key (id, k),
                foreign key (a_id, a_k) references a);
              alter table a add foreign key (b_id, b_k) references b;`,
      },
    ],
    invalid: [
      {
        name: 'two tables, NOT NULL and not deferrable both ways',
        sql: `create table hen (id int primary key, egg_id int not null);
              create table egg (id int primary key, hen_id int not null references hen);
              alter table hen add constraint hen_egg_fkey foreign key (egg_id) references egg;`,
        findings: [{ table: 'egg', constraint: 'egg_hen_id_fkey', severity: 'warning' }],
      },
      {
        name: 'the FK of the smaller table is the one to defer, loaded by a writable CTE',
        sql: `create table hen (id int primary key, egg_id int not null);
              create table egg (id int primary key, hen_id int not null references hen);
              alter table hen add constraint hen_egg_fkey foreign key (egg_id) references egg;
              with h as (insert into hen select g, g from generate_series(1, 50) g)
              insert into egg select g, 1 + g % 50 from generate_series(1, 500) g;`,
        findings: [{ table: 'hen', constraint: 'hen_egg_fkey', severity: 'warning' }],
      },
      {
        name: 'three tables with odd names, a MATCH FULL composite key and a partitioned table',
        sql: `create table "Mixed Case" (id int primary key, "Ünï cödé" text not null, k int not null);
              create table "with space" (code text primary key, "quote""d" int not null references "Mixed Case")
                partition by list (code);
              create table "with space a" partition of "with space" for values in ('a');
              create table third (id int, k int, primary key (id, k), ref text not null references "with space");
              alter table "Mixed Case" add constraint "Mixed → third"
                foreign key (id, k) references third match full;`,
        findings: [{ table: 'third', constraint: 'third_ref_fkey', severity: 'warning' }],
      },
      {
        name: 'two cycles through one table: two FKs must become deferrable',
        sql: `create table hub (id int primary key, left_id int not null, right_id int not null);
              create table lft (id int primary key, hub_id int not null references hub);
              create table rgt (id int primary key, hub_id int not null references hub);
              alter table hub add constraint hub_left foreign key (left_id) references lft,
                add constraint hub_right foreign key (right_id) references rgt;
              with h as (insert into hub select g, g, g from generate_series(1, 10) g),
                   l as (insert into lft select g, g from generate_series(1, 10) g)
              insert into rgt select g, g from generate_series(1, 10) g;`,
        findings: [{ table: 'hub', constraint: 'hub_left', severity: 'warning' }],
      },
    ],
  },
};

/** A cycle no order loads: the FKs to make DEFERRABLE, the cheapest first. */
function cycleFinding(context: AuditContext, cycle: Cycle, fallback: FkEdge[]): Finding {
  const { graph, catalog } = context;
  const cheapest = edgesToDefer(context, cycle);
  const defer = cheapest.length > 0 ? cheapest : fallback;
  const label = (key: string) => quoteQualified(tableOf(graph, key));
  const tables = cycle.tables.map(label);
  const first = defer[0] ?? cycle.edges[0]!;
  const blocking = cycle.edges.filter((e) => !sameTree(catalog, e) && e.breakBy === 'none');
  const names = (edges: FkEdge[]) => edges.map((e) => quoteIdent(e.fk.name)).join(', ');
  const rowsOf = (edge: FkEdge) => rowsOfFamily(context, tableOf(graph, edge.child));
  const which = defer.map(
    (e) => `${quoteIdent(e.fk.name)} on ${label(e.child)} (~${rowsOf(e)} rows)`,
  );
  const message =
    `No order of single-table statements loads ${tables.join(', ')}: ${names(blocking)} ` +
    `${blocking.length === 1 ? 'is' : 'are'} neither nullable nor DEFERRABLE, so only one statement ` +
    `writing every table (a writable CTE) can insert the first rows. Make ${which.join(' and ')} ` +
    `DEFERRABLE: ${defer.length === 1 ? 'of the FKs that alone break the cycle, it has the fewest rows' : 'no single FK breaks every cycle, and none of these is redundant'} ` +
    '(a deferred check queues one event per written row until COMMIT).';
  return {
    check: fkCycleNotDeferrable.id,
    severity: 'warning',
    table: label(first.child),
    constraint: first.fk.name,
    tables,
    constraints: cycle.edges.map((e) => e.fk.name),
    message,
    fix: deferrableSql(context, defer, cycle),
    details: {
      cycle: tables,
      blocking: blocking.map((e) => ({ table: label(e.child), constraint: e.fk.name })),
      makeDeferrable: defer.map((e) => ({
        table: label(e.child),
        constraint: e.fk.name,
        rows: rowsOf(e),
      })),
    },
  };
}

function deferrableSql(context: AuditContext, defer: FkEdge[], cycle: Cycle): string {
  const { graph } = context;
  const qualifiedName = (edge: FkEdge) =>
    quoteQualified({ schema: tableOf(graph, edge.child).schema, name: edge.fk.name });
  const lines = [
    lineComment(
      defer.length === 1
        ? 'Of the FKs that, made DEFERRABLE, alone break the cycle, the one on the fewest rows (a deferred check queues an event per row until COMMIT).'
        : 'FKs that, made DEFERRABLE, break the cycle (no single one does, none is redundant), cheapest first.',
    ),
    lineComment(
      'DEFERRABLE INITIALLY IMMEDIATE: still checked at the end of each statement, as now; a loading transaction',
    ),
    lineComment(
      `runs SET CONSTRAINTS ${defer.map(qualifiedName).join(', ')} DEFERRED and inserts the ${cycle.tables.length} tables in any order, checked at COMMIT.`,
    ),
  ];
  for (const edge of defer) {
    const table = quoteQualified(tableOf(graph, edge.child));
    lines.push(
      `ALTER TABLE ${table} ALTER CONSTRAINT ${quoteIdent(edge.fk.name)} DEFERRABLE INITIALLY IMMEDIATE;`,
    );
  }
  return lines.join('\n');
}

function selfReferenceFinding(graph: FkGraph, edge: FkEdge): Finding {
  const child = tableOf(graph, edge.child);
  const table = quoteQualified(child);
  const name = quoteIdent(edge.fk.name);
  const columns = edge.fk.columns.map(quoteIdent).join(', ');
  return {
    check: fkCycleNotDeferrable.id,
    severity: 'info',
    table,
    constraint: edge.fk.name,
    message:
      `${table} references itself through ${name} (${columns}), NOT NULL and not DEFERRABLE: each ` +
      'statement must leave every row it writes referencing a row that exists when it ends, so load ' +
      'parents before children with root rows referencing themselves, or all rows in one statement ' +
      '(one COPY); rows that reference each other in a loop can only arrive together. DEFERRABLE lifts this inside a transaction.',
    fix: [
      lineComment(
        'DEFERRABLE INITIALLY IMMEDIATE: checked as now, and a transaction may SET CONSTRAINTS ... DEFERRED to insert rows in any order.',
      ),
      `ALTER TABLE ${table} ALTER CONSTRAINT ${name} DEFERRABLE INITIALLY IMMEDIATE;`,
    ].join('\n'),
    details: { columns: edge.fk.columns },
  };
}

/**
 * The FKs to make DEFERRABLE so that the cycle loads: the single cheapest FK that is enough,
 * else FKs added cheapest first until it loads and then those not needed dropped again. Cost:
 * rows of the referencing table, since a deferred FK queues an event per row until COMMIT.
 */
function edgesToDefer(context: AuditContext, cycle: Cycle): FkEdge[] {
  const { catalog, graph } = context;
  const candidates = cycle.edges
    .filter((e) => !sameTree(catalog, e) && e.breakBy === 'none')
    .map((edge, order) => ({
      edge,
      order,
      rows: rowsOfFamily(context, tableOf(graph, edge.child)),
    }))
    .sort(
      (a, b) =>
        a.rows - b.rows || a.edge.fk.columns.length - b.edge.fk.columns.length || a.order - b.order,
    )
    .map((c) => c.edge);
  const loads = (defer: FkEdge[]) => loadsWithDeferred(catalog, graph, cycle, defer);
  const single = candidates.find((edge) => loads([edge]));
  if (single) return [single];
  const chosen: FkEdge[] = [];
  for (const edge of candidates) {
    chosen.push(edge);
    if (loads(chosen)) break;
  }
  for (const edge of [...chosen].reverse()) {
    const without = chosen.filter((e) => e !== edge);
    if (loads(without)) chosen.splice(chosen.indexOf(edge), 1);
  }
  return chosen;
}

/**
 * Whether the cycle's tables load once `defer` are DEFERRABLE: the FK graph of a copy of the
 * catalog with just these tables (and their partitions) and the FKs between them, leaving out
 * self-references (row order deals with those), has only loadable cycles.
 */
function loadsWithDeferred(
  catalog: Catalog,
  graph: FkGraph,
  cycle: Cycle,
  defer: FkEdge[],
): boolean {
  const keys = new Set<string>();
  const add = (name: QualifiedName) => {
    const key = qualifiedKey(name);
    if (keys.has(key)) return;
    keys.add(key);
    for (const part of findTable(catalog, name)?.partitions ?? []) add(part);
  };
  for (const key of cycle.tables) add(tableOf(graph, key));
  const deferred = new Set<ForeignKey>(defer.map((e) => e.fk));
  const origins = new Map<string, ForeignKey>();
  for (const edge of graph.edges) {
    for (const fk of [edge.fk, ...edge.clones]) origins.set(fkId(fk), edge.fk);
  }
  const foreignKeys = catalog.foreignKeys
    .filter((fk) => keys.has(qualifiedKey(fk.table)) && keys.has(qualifiedKey(fk.referencedTable)))
    .filter((fk) => treeRoot(catalog, fk.table) !== treeRoot(catalog, fk.referencedTable))
    .map((fk) => {
      const origin = origins.get(fkId(fk));
      return origin && deferred.has(origin) ? { ...fk, deferrable: true } : fk;
    });
  const tables = catalog.tables.filter((t) => keys.has(qualifiedKey(t)));
  const copy: Catalog = { ...catalog, tables, foreignKeys };
  return findCycles(buildFkGraph(copy)).every((c) => c.loadable);
}

function fkId(fk: ForeignKey): string {
  return JSON.stringify([fk.table.schema, fk.table.name, fk.name]);
}

/** From a table to itself, or within one partition tree: a matter of row order. */
function sameTree(catalog: Catalog, edge: FkEdge): boolean {
  return treeRoot(catalog, edge.fk.table) === treeRoot(catalog, edge.fk.referencedTable);
}

/** Key of the table at the top of the partition tree `name` belongs to. */
function treeRoot(catalog: Catalog, name: QualifiedName): string {
  let current: QualifiedName = name;
  const seen = new Set<string>();
  for (;;) {
    const key = qualifiedKey(current);
    const up = findTable(catalog, current)?.partitionOf;
    if (!up || seen.has(key)) return key;
    seen.add(key);
    current = up;
  }
}

/**
 * Rows of the table; for a partitioned table, of its partitions (it holds none itself, and its
 * statistics may already count theirs).
 */
function rowsOfFamily(context: AuditContext, table: Table): number {
  if (table.kind === 'partitioned-table' && table.partitions.length > 0) {
    return table.partitions.reduce((sum, name) => {
      const partition = findTable(context.catalog, name);
      return sum + (partition ? rowsOfFamily(context, partition) : 0);
    }, 0);
  }
  return (context.activity.get(qualifiedKey(table)) ?? noActivity).rows;
}

function tableOf(graph: FkGraph, key: string): Table {
  const node = graph.nodes.get(key);
  if (!node) throw new Error(`table ${key} is not in the FK graph`);
  return node.table;
}
