// planDelete: what `DELETE FROM table WHERE key` would do to the real rows, without doing it.
// The FK graph gives the hops (every FK referencing a table whose rows are deleted); each hop's
// rows are counted with one set-based query, a chain of semi-joins from the key (plus a
// recursive CTE for a table's own CASCADE subtree). Only SELECTs run: a read-only session will do.

import type { Engine } from '../../engine/engine.js';
import {
  type Catalog,
  type FkAction,
  type ForeignKey,
  findTable,
  type QualifiedName,
  qualifiedKey,
  type Table,
} from '../../model/catalog.js';
import { buildFkGraph, childrenOf, type FkEdge, type FkGraph } from '../../model/fk-graph.js';
import { compareCodePoints } from '../../model/name-order.js';
import { quoteIdent, quoteQualified } from '../../sql/quote.js';
import { GraphSelectionError } from '../graph/selection-error.js';
import { findTableNamed } from '../graph/table-name.js';
import {
  type Blocker,
  type DeleteEffect,
  type DeleteHop,
  type DeletePlan,
  DeletePlanError,
  type DeleteStep,
  type IgnoredForeignKey,
  type TableEffect,
  type UnindexedLookup,
} from './delete-plan.js';
import { hopIndex } from './hop-index.js';
import { checkKeyValues, keyKindOf, resolveKey } from './key-values.js';
import {
  aliasCounter,
  anyOf,
  butNot,
  keyWhere,
  type RowSet,
  referencingRows,
  type Where,
  withSubtree,
} from './row-sets.js';

export interface PlanDeleteOptions {
  /** Longest chain of FKs followed (default 16). */
  maxDepth?: number;
  /** Most hops counted (default 300). */
  maxHops?: number;
}

const effects: Record<FkAction, DeleteEffect> = {
  cascade: 'delete',
  'set-null': 'set-null',
  'set-default': 'set-default',
  restrict: 'block',
  'no-action': 'block',
};

interface Frame {
  table: string;
  set: RowSet;
  /** How many rows `set` holds. */
  rows: number;
  depth: number;
  hop: number | null;
  /** Delete conditions of the tables on the path here (a table met again is a cycle). */
  path: ReadonlyMap<string, Where[]>;
}

/** Rows of a table deleted in one round of the server's cascades. */
interface Round {
  depth: number;
  where: Where;
}

/** Hop data that stays out of the plan: its condition. */
interface HopWhere {
  hop: DeleteHop;
  where: Where;
  fk: ForeignKey;
}

export async function planDelete(
  engine: Engine,
  catalog: Catalog,
  table: string | QualifiedName,
  key: Readonly<Record<string, string>>,
  options: PlanDeleteOptions = {},
): Promise<DeletePlan> {
  const maxDepth = options.maxDepth ?? 16;
  const maxHops = options.maxHops ?? 300;
  const target = resolveTable(catalog, table);
  const targetKey = qualifiedKey(target);
  const keyValues = resolveKey(target, key);
  await checkKeyValues(engine, target, keyValues);

  const graph = buildFkGraph(catalog);
  const aliases = aliasCounter();
  const counter = (t: QualifiedName, where: Where) => count(engine, t, where);

  const keyCondition = keyWhere(keyValues);
  const matchedRows = await counter(target, keyCondition);
  if (matchedRows === 0) {
    throw new DeletePlanError(
      `no row of ${quoteQualified(target)} has ${keyValues.map((k) => `${quoteIdent(k.column)} = ${k.value}`).join(' and ')}`,
      'no-rows',
    );
  }

  const triggerCache = new Map<ForeignKey, boolean>();
  const ignored: IgnoredForeignKey[] = [];
  const ignoredSeen = new Set<ForeignKey>();
  const ignore = (fk: ForeignKey, reason: IgnoredForeignKey['reason']) => {
    if (ignoredSeen.has(fk)) return;
    ignoredSeen.add(fk);
    ignored.push({
      table: qualifiedKey(fk.table),
      constraint: fk.name,
      referencedTable: qualifiedKey(fk.referencedTable),
      reason,
    });
  };

  // The target rows, and below them the table's own CASCADE subtree.
  const rootSelf = selfCascades(graph, targetKey);
  const rootSet: RowSet = {
    table: target,
    where: withSubtree(target, keyCondition, rootSelf, aliases),
  };
  const rootRecursive =
    rootSelf.length > 0 ? await counter(target, butNot(rootSet.where, keyCondition)) : 0;

  const deleted = new Map<string, Where[]>([[targetKey, [rootSet.where]]]);
  // When rows are deleted: the server deletes the target rows (round 0), then fires their FK
  // triggers, whose cascades delete the next rows (round 1), and so on, breadth first.
  const deletedAt = new Map<string, Round[]>([
    [
      targetKey,
      [
        { depth: 0, where: keyCondition },
        { depth: 1, where: rootSet.where },
      ],
    ],
  ]);
  const maxDepthOf = new Map<string, number>([[targetKey, 0]]);
  const hops: DeleteHop[] = [];
  const pending: HopWhere[] = [];
  let truncated = false;

  const queue: Frame[] = [
    {
      table: targetKey,
      set: rootSet,
      rows: matchedRows + rootRecursive,
      depth: 0,
      hop: null,
      path: new Map([[targetKey, [rootSet.where]]]),
    },
  ];
  for (let frame = queue.shift(); frame; frame = queue.shift()) {
    for (const edge of childrenOf(graph, frame.table)) {
      const fk = edge.fk;
      if (!fk.triggersEnabled && !(await deleteTriggersOn(engine, fk, triggerCache))) {
        ignore(fk, 'triggers-disabled');
        continue;
      }
      const effect = effects[fk.onDelete];
      // A table's CASCADE to itself is part of its rows' subtree (withSubtree), not a hop.
      if (effect === 'delete' && edge.child === edge.parent && edge.child === frame.table) continue;
      if (hops.length >= maxHops) {
        truncated = true;
        if (frame.hop !== null) hops[frame.hop]!.truncated = true;
        break;
      }
      const child = tableOf(graph, edge.child);
      const where = referencingRows(fk, frame.set, aliases);
      const hop = newHop(catalog, edge, child, frame, hops.length, effect);
      hops.push(hop);
      if (effect !== 'delete') {
        pending.push({ hop, where, fk });
        continue;
      }
      const earlier = frame.path.get(edge.child);
      hop.cycle = earlier !== undefined;
      const fresh = butNot(where, earlier ? anyOf(earlier) : null);
      hop.rows = await counter(child, fresh);
      const self = selfCascades(graph, edge.child);
      const subtree = withSubtree(child, fresh, self, aliases);
      if (self.length > 0) {
        hop.recursiveConstraints = self.map((s) => s.name);
        hop.recursiveRows = await counter(child, butNot(subtree, fresh));
      }
      pushTo(deleted, edge.child, subtree);
      // The subtree's rows go a round later at the earliest.
      deletedAt.set(edge.child, [
        ...(deletedAt.get(edge.child) ?? []),
        { depth: hop.depth, where: fresh },
        { depth: hop.depth + 1, where: subtree },
      ]);
      maxDepthOf.set(edge.child, Math.max(maxDepthOf.get(edge.child) ?? 0, hop.depth));
      if (hop.rows + hop.recursiveRows === 0) continue;
      if (frame.depth + 1 >= maxDepth) {
        // Rows deleted here may cascade further: say so rather than guess.
        if (childrenOf(graph, edge.child).length > 0) {
          hop.truncated = true;
          truncated = true;
        }
        continue;
      }
      const path = new Map(frame.path);
      path.set(edge.child, [...(path.get(edge.child) ?? []), subtree]);
      queue.push({
        table: edge.child,
        set: { table: child, where: subtree },
        rows: hop.rows + hop.recursiveRows,
        depth: frame.depth + 1,
        hop: hop.id,
        path,
      });
    }
  }

  // What every deleted row set is known: the rows that SET NULL / SET DEFAULT keep and the
  // rows that block are those the DELETE does not remove anyway.
  const deletedWhere = (tableKey: string): Where | null => {
    const list = deleted.get(tableKey);
    return list ? anyOf(list) : null;
  };
  const updates = new Map<string, HopWhere[]>();
  for (const item of pending) {
    const { hop, where } = item;
    const child = tableOf(graph, hop.table);
    const gone = deletedWhere(hop.table);
    const counts = await countSplit(engine, child, where, gone);
    hop.rows = counts.kept;
    hop.alsoDeleted = counts.total - counts.kept;
    hop.notNullViolation =
      hop.effect === 'set-null' &&
      hop.setColumns.some((c) => child.columns.find((col) => col.name === c)?.notNull);
    // A check (or a SET NULL that a NOT NULL column refuses) on rows another CASCADE removes:
    // the server runs it in the round after its parent rows' deletion (depth - 1), so rows
    // deleted in an earlier round are gone by then, rows of that same round may or may not be.
    const checked = hop.effect === 'block' ? hop.failsAt === 'statement' : hop.notNullViolation;
    if (checked && hop.alsoDeleted > 0 && gone) {
      const rounds = deletedAt.get(hop.table) ?? [];
      const upTo = (depth: number) =>
        anyOf(rounds.filter((r) => r.depth <= depth).map((r) => r.where));
      const late = await lateRows(engine, child, where, gone, upTo(hop.depth - 1), upTo(hop.depth));
      hop.deletedTooLate = late.afterRound;
      hop.deletedSameRound = late.notBefore - late.afterRound;
    }
    if (hop.effect !== 'block') {
      const groupKey = JSON.stringify([hop.table, hop.constraint]);
      updates.set(groupKey, [...(updates.get(groupKey) ?? []), item]);
    }
  }

  // Totals per table: distinct rows, whichever path reached them.
  const touched = new Set<string>([targetKey, ...deleted.keys()]);
  for (const item of pending) if (item.hop.effect !== 'block') touched.add(item.hop.table);
  const updatedWhere = (tableKey: string): Where | null => {
    const list = pending.filter((p) => p.hop.effect !== 'block' && p.hop.table === tableKey);
    return list.length > 0 ? anyOf(list.map((p) => p.where)) : null;
  };
  const totals: TableEffect[] = [];
  for (const tableKey of orderTables([...touched], targetKey)) {
    const t = tableOf(graph, tableKey);
    const gone = deletedWhere(tableKey);
    const changed = updatedWhere(tableKey);
    totals.push({
      table: tableKey,
      tableName: { schema: t.schema, name: t.name },
      deleted: gone ? await counter(t, gone) : 0,
      updated: changed ? await counter(t, butNot(changed, gone)) : 0,
    });
  }

  // The script's statements: updates first (while their parents still exist), then deletes
  // deepest first, the target table last; none for a table with no rows to change.
  const steps: DeleteStep[] = [];
  for (const group of updates.values()) {
    const first = group[0]!;
    const t = tableOf(graph, first.hop.table);
    const where = butNot(anyOf(group.map((g) => g.where)), deletedWhere(first.hop.table));
    const rows = await counter(t, where);
    // Nothing to change: the statement would only clutter the script.
    if (rows === 0) continue;
    const value = first.hop.effect === 'set-null' ? 'NULL' : 'DEFAULT';
    const set = first.hop.setColumns.map((c) => `${quoteIdent(c)} = ${value}`).join(', ');
    steps.push({
      table: first.hop.table,
      tableName: { schema: t.schema, name: t.name },
      kind: 'update',
      rows,
      sql: `UPDATE ${quoteQualified(t)} AS t SET ${set} WHERE ${where('t')}`,
    });
  }
  for (const tableKey of deleteOrder(graph, [...deleted.keys()], targetKey, maxDepthOf)) {
    const rows = totals.find((e) => e.table === tableKey)?.deleted ?? 0;
    if (rows === 0 && tableKey !== targetKey) continue;
    const t = tableOf(graph, tableKey);
    steps.push({
      table: tableKey,
      tableName: { schema: t.schema, name: t.name },
      kind: 'delete',
      rows,
      sql: `DELETE FROM ${quoteQualified(t)} AS t WHERE ${deletedWhere(tableKey)!('t')}`,
    });
  }

  for (const skipped of graph.skipped) {
    // Only the tables whose rows are deleted fire ON DELETE actions.
    if (skipped.reason === 'not-enforced' && deleted.has(qualifiedKey(skipped.fk.referencedTable)))
      ignore(skipped.fk, 'not-enforced');
  }

  const unindexedLookups = unindexedOf(catalog, graph, hops, deleted, totals);
  const blockers = blockersOf(hops);
  const scriptRuns = blockers.every((b) => b.kind !== 'remaining');
  return {
    table: targetKey,
    tableName: { schema: target.schema, name: target.name },
    key: keyValues,
    keyKind: keyKindOf(target, keyValues),
    matchedRows,
    deleteSql: `DELETE FROM ${quoteQualified(target)} WHERE ${keyCondition('')}`,
    subtreeRows: rootRecursive,
    subtreeConstraints: rootSelf.map((fk) => fk.name),
    hops,
    totals,
    succeeds: blockers.length === 0,
    scriptRuns,
    blockers,
    unindexedLookups,
    truncated,
    ignored,
    notes: notesOf(catalog, hops, touched, rootSelf, rootRecursive, target),
    steps,
  };
}

function resolveTable(catalog: Catalog, table: string | QualifiedName): Table {
  if (typeof table !== 'string') {
    const found = findTable(catalog, table);
    if (!found) throw new DeletePlanError(`no table ${quoteQualified(table)}`, 'table');
    return found;
  }
  try {
    return findTableNamed(catalog.tables, table);
  } catch (error) {
    if (error instanceof GraphSelectionError) {
      throw new DeletePlanError(error.message.replace(' among the tables shown', ''), 'table');
    }
    throw error;
  }
}

function tableOf(graph: FkGraph, key: string): Table {
  const node = graph.nodes.get(key);
  if (!node) throw new Error(`table ${key} is not in the FK graph`);
  return node.table;
}

/** The table's FKs to itself with ON DELETE CASCADE (enforced, triggers on). */
function selfCascades(graph: FkGraph, key: string): ForeignKey[] {
  return (graph.nodes.get(key)?.children ?? [])
    .filter(
      (edge) => edge.child === key && edge.fk.onDelete === 'cascade' && edge.fk.triggersEnabled,
    )
    .map((edge) => edge.fk);
}

/**
 * For an FK with some trigger disabled (Catalog.triggersEnabled is false): whether the ON DELETE
 * triggers on the referenced side, the ones a DELETE fires, are all still enabled. DISABLE
 * TRIGGER ALL on the referencing table turns off only the checks of its own rows.
 */
async function deleteTriggersOn(
  engine: Engine,
  fk: ForeignKey,
  cache: Map<ForeignKey, boolean>,
): Promise<boolean> {
  const known = cache.get(fk);
  if (known !== undefined) return known;
  const result = await engine.query<{ enabled: boolean | null }>(
    `WITH RECURSIVE family(oid) AS (
       SELECT k.oid FROM pg_catalog.pg_constraint k
       WHERE k.conname = $1 AND k.conrelid = $2::regclass AND k.contype = 'f'
       UNION ALL
       SELECT k.oid FROM pg_catalog.pg_constraint k JOIN family f ON k.conparentid = f.oid)
     SELECT bool_and(t.tgenabled <> 'D') AS enabled
     FROM family f JOIN pg_catalog.pg_trigger t ON t.tgconstraint = f.oid
     JOIN pg_catalog.pg_constraint k ON k.oid = f.oid AND t.tgrelid = k.confrelid
     WHERE (t.tgtype & 8) <> 0`,
    [fk.name, quoteQualified(fk.table)],
  );
  const enabled = result.rows[0]?.enabled !== false;
  cache.set(fk, enabled);
  return enabled;
}

function newHop(
  catalog: Catalog,
  edge: FkEdge,
  child: Table,
  frame: Frame,
  id: number,
  effect: DeleteEffect,
): DeleteHop {
  const fk = edge.fk;
  const { index, estimatedRows } = hopIndex(catalog, child, fk);
  const setColumns =
    effect === 'set-null' || effect === 'set-default' ? (fk.onDeleteSetColumns ?? fk.columns) : [];
  return {
    id,
    parent: frame.hop,
    depth: frame.depth + 1,
    table: edge.child,
    tableName: { schema: child.schema, name: child.name },
    from: frame.table,
    fromName: { schema: frame.set.table.schema, name: frame.set.table.name },
    constraint: fk.name,
    columns: fk.columns,
    referencedColumns: fk.referencedColumns,
    action: fk.onDelete,
    effect,
    setColumns,
    rows: 0,
    alsoDeleted: 0,
    deletedTooLate: 0,
    deletedSameRound: 0,
    recursiveRows: 0,
    recursiveConstraints: [],
    cycle: false,
    truncated: false,
    deferrable: fk.deferrable,
    initiallyDeferred: fk.initiallyDeferred,
    failsAt:
      effect !== 'block'
        ? null
        : fk.onDelete === 'no-action' && fk.initiallyDeferred
          ? 'commit'
          : 'statement',
    notNullViolation: false,
    index,
    unindexed: index === null,
    lookups: frame.rows,
    estimatedRows,
  };
}

/**
 * The order of the script's deletes: a table before every table it references (so no RESTRICT
 * or NO ACTION check finds a row the script deletes only later, and CASCADEs find nothing left
 * to do), deepest first among the free ones, the target table last. A cycle of deleted tables
 * is entered at its deepest table: their FKs are CASCADEs, which the server follows anyway.
 */
function deleteOrder(
  graph: FkGraph,
  tables: readonly string[],
  target: string,
  depthOf: ReadonlyMap<string, number>,
): string[] {
  const waiting = new Set(tables.filter((t) => t !== target));
  // For each table, the deleted tables that reference it and must go first.
  const before = new Map<string, Set<string>>();
  for (const edge of graph.edges) {
    if (edge.child === edge.parent || !waiting.has(edge.child) || !waiting.has(edge.parent))
      continue;
    before.set(edge.parent, (before.get(edge.parent) ?? new Set()).add(edge.child));
  }
  const rank = (a: string, b: string) =>
    (depthOf.get(b) ?? 0) - (depthOf.get(a) ?? 0) || compareCodePoints(a, b);
  const order: string[] = [];
  while (waiting.size > 0) {
    const all = [...waiting].sort(rank);
    const free = all.filter((t) => ![...(before.get(t) ?? [])].some((c) => waiting.has(c)));
    const next = free[0] ?? all[0]!;
    order.push(next);
    waiting.delete(next);
  }
  return [...order, target];
}

/**
 * The hops without an index, then each table's CASCADE to itself without one (every deleted row
 * of the table is looked up), merged per constraint.
 */
function unindexedOf(
  catalog: Catalog,
  graph: FkGraph,
  hops: readonly DeleteHop[],
  deleted: ReadonlyMap<string, Where[]>,
  totals: readonly TableEffect[],
): UnindexedLookup[] {
  const out = new Map<string, UnindexedLookup>();
  const add = (table: Table, fk: ForeignKey, scans: number, estimatedRows: number) => {
    if (scans === 0) return;
    const id = JSON.stringify([qualifiedKey(table), fk.name]);
    const known = out.get(id);
    if (known) {
      known.scans += scans;
      return;
    }
    out.set(id, {
      table: qualifiedKey(table),
      tableName: { schema: table.schema, name: table.name },
      constraint: fk.name,
      columns: fk.columns,
      scans,
      estimatedRows,
    });
  };
  for (const hop of hops) {
    if (!hop.unindexed) continue;
    const table = tableOf(graph, hop.table);
    const fk = table.foreignKeys.find((f) => f.name === hop.constraint);
    if (fk) add(table, fk, hop.lookups, hop.estimatedRows);
  }
  for (const key of deleted.keys()) {
    const table = tableOf(graph, key);
    const rows = totals.find((t) => t.table === key)?.deleted ?? 0;
    for (const fk of selfCascades(graph, key)) {
      const { index, estimatedRows } = hopIndex(catalog, table, fk);
      if (index === null) add(table, fk, rows, estimatedRows);
    }
  }
  return [...out.values()];
}

function blockersOf(hops: readonly DeleteHop[]): Blocker[] {
  const out: Blocker[] = [];
  for (const hop of hops) {
    const blocks = hop.effect === 'block' || hop.notNullViolation;
    if (!blocks) continue;
    const reason: Blocker['reason'] =
      hop.effect !== 'block' ? 'not-null' : hop.action === 'restrict' ? 'restrict' : 'no-action';
    const base = {
      hop: hop.id,
      table: hop.table,
      constraint: hop.constraint,
      reason,
      failsAt: hop.failsAt ?? 'statement',
    };
    if (hop.rows > 0) out.push({ ...base, rows: hop.rows, kind: 'remaining' });
    else if (hop.deletedTooLate > 0) {
      out.push({ ...base, rows: hop.deletedTooLate, kind: 'deleted-later' });
    } else if (hop.deletedSameRound > 0) {
      out.push({ ...base, rows: hop.deletedSameRound, kind: 'order-dependent' });
    }
  }
  return out;
}

function notesOf(
  catalog: Catalog,
  hops: readonly DeleteHop[],
  touched: ReadonlySet<string>,
  rootSelf: readonly ForeignKey[],
  rootRecursive: number,
  target: Table,
): string[] {
  const notes: string[] = [];
  if (rootSelf.length > 0) {
    notes.push(
      `${quoteQualified(target)} references itself with ON DELETE CASCADE (${rootSelf.map((fk) => quoteIdent(fk.name)).join(', ')}): the DELETE also removes the ${rootRecursive} row${rootRecursive === 1 ? '' : 's'} below the target rows, at every level.`,
    );
  }
  for (const hop of hops) {
    if (hop.effect === 'set-default' && hop.rows > 0) {
      notes.push(
        `${quoteIdent(hop.constraint)} sets ${hop.setColumns.map(quoteIdent).join(', ')} of ${hop.rows} row${hop.rows === 1 ? '' : 's'} to the column default: the DELETE fails unless a row of ${hop.from} with that value remains (--verify tells).`,
      );
    }
    if (hop.effect === 'block' && hop.rows > 0 && hop.deferrable && hop.action === 'no-action') {
      notes.push(
        `${quoteIdent(hop.constraint)} is DEFERRABLE${hop.initiallyDeferred ? ' INITIALLY DEFERRED: the DELETE itself runs, and COMMIT fails' : ': deferred, it fails at COMMIT instead of at the DELETE'} while the referencing rows remain.`,
      );
    }
  }
  const hidden = catalog.tables.filter((t) => t.rowSecurity && touched.has(qualifiedKey(t)));
  if (hidden.length > 0) {
    notes.push(
      `row-level security is on for ${hidden.map((t) => quoteQualified(t)).join(', ')}: the counts are the rows this user can see; the server's cascades act on all rows.`,
    );
  }
  return notes;
}

function pushTo(map: Map<string, Where[]>, key: string, where: Where): void {
  map.set(key, [...(map.get(key) ?? []), where]);
}

/** The target table first, then the others by name. */
function orderTables(keys: string[], first: string): string[] {
  return keys.sort((a, b) => Number(b === first) - Number(a === first) || compareCodePoints(a, b));
}

async function count(engine: Engine, table: QualifiedName, where: Where): Promise<number> {
  const result = await engine.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM ${quoteQualified(table)} AS t WHERE ${where('t')}`,
  );
  return Number(result.rows[0]?.n ?? 0);
}

/** Rows matching `where`, and how many of them `gone` does not cover. */
async function countSplit(
  engine: Engine,
  table: QualifiedName,
  where: Where,
  gone: Where | null,
): Promise<{ total: number; kept: number }> {
  const kept = gone === null ? 'count(*)' : `count(*) FILTER (WHERE (${gone('t')}) IS NOT TRUE)`;
  const result = await engine.query<{ total: string | number; kept: string | number }>(
    `SELECT count(*) AS total, ${kept} AS kept FROM ${quoteQualified(table)} AS t WHERE ${where('t')}`,
  );
  const row = result.rows[0];
  return { total: Number(row?.total ?? 0), kept: Number(row?.kept ?? 0) };
}

/**
 * Of the rows matching `where` that `gone` deletes: those not deleted by the end of round
 * `before` (`notBefore`), and those not even by the end of the next round (`afterRound`).
 */
async function lateRows(
  engine: Engine,
  table: QualifiedName,
  where: Where,
  gone: Where,
  before: Where,
  sameRound: Where,
): Promise<{ notBefore: number; afterRound: number }> {
  const result = await engine.query<{ not_before: string | number; after_round: string | number }>(
    `SELECT count(*) FILTER (WHERE (${before('t')}) IS NOT TRUE) AS not_before,
       count(*) FILTER (WHERE (${sameRound('t')}) IS NOT TRUE) AS after_round
     FROM ${quoteQualified(table)} AS t WHERE (${where('t')}) AND (${gone('t')})`,
  );
  const row = result.rows[0];
  return { notBefore: Number(row?.not_before ?? 0), afterRound: Number(row?.after_round ?? 0) };
}
