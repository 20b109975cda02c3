// Cycles (cycles.sql) on PGlite and every test server: the report names the right way past
// each one, and following it loads rows; the cycle no order can load fails to load, and the
// change the report proposes makes it loadable.

import { describe, expect, it } from 'vitest';
import type { GraphCycle, GraphReport } from '../../../src/doctor/graph/graph-report.js';
import type { Engine } from '../../../src/engine/engine.js';
import { isDatabaseError } from '../../../src/engine/errors.js';
import { quoteIdent, quoteQualified } from '../../../src/sql/quote.js';
import { graphSchema, loadedOnEverySubject } from './load.js';

const { subjects, get } = loadedOnEverySubject(() => graphSchema('cycles.sql'));

const cycleOf = (report: GraphReport, table: string): GraphCycle => {
  const cycle = report.cycles.find((c) => c.tables.includes(`public.${table}`));
  if (!cycle) throw new Error(`no cycle through ${table}`);
  return cycle;
};

const roles = (cycle: GraphCycle) =>
  Object.fromEntries(cycle.edges.map((e) => [e.constraint, [e.breakBy, e.role]]));

/**
 * One row per table of the cycle (id 1, every FK column 1), loaded as the report says: in its
 * load order, in one transaction, deferring what it defers, with the NULL-then-UPDATE columns
 * NULL until every table is in.
 */
async function loadAsAdvised(engine: Engine, report: GraphReport, cycle: GraphCycle) {
  await engine.transaction(async (tx) => {
    for (const edge of cycle.edges)
      if (edge.role === 'defer') for (const sql of edge.sql) await tx.exec(sql);
    const later: string[] = [];
    for (const key of cycle.loadOrder) {
      const table = report.tables.find((t) => t.key === key)!;
      const name = quoteQualified(table);
      const columns = report.edges.filter((e) => e.child === key).flatMap((e) => e.columns);
      const nulls = new Set(
        cycle.edges
          .filter((e) => e.child === key && e.role === 'null-then-update')
          .flatMap((e) => report.edges.find((r) => r.constraint === e.constraint)!.nullableColumns),
      );
      const values = columns.map((c) => (nulls.has(c) ? 'NULL' : '1'));
      await tx.exec(
        `INSERT INTO ${name} (id, ${columns.map(quoteIdent).join(', ')}) VALUES (1, ${values.join(', ')})`,
      );
      for (const column of nulls)
        later.push(`UPDATE ${name} SET ${quoteIdent(column)} = 1 WHERE id = 1`);
    }
    for (const sql of later) await tx.exec(sql);
  });
}

describe.each(subjects.map((s) => s.label))('cycles on %s', (label) => {
  it('finds the five cycles, one of them not loadable', () => {
    const { report } = get(label);
    expect(report.cycles.map((c) => [c.tables, c.selfReference, c.loadable])).toEqual([
      [['public.author', 'public.book'], false, true],
      [['public.category'], true, true],
      [['public.dept', 'public.emp'], false, true],
      [['public.egg', 'public.hen'], false, false],
      [['public.node'], true, true],
    ]);
    // All at level 0: each cycle references nothing outside itself.
    expect(report.levels).toEqual([{ level: 0, tables: report.tables.map((t) => t.key) }]);
  });

  it('defers the deferrable FK of a two-table cycle', async () => {
    const { report, engine } = get(label);
    const cycle = cycleOf(report, 'dept');
    expect(roles(cycle)).toEqual({
      dept_manager_fkey: ['deferrable', 'defer'],
      emp_dept_id_fkey: ['none', 'parent-first'],
    });
    expect(cycle.loadOrder).toEqual(['public.dept', 'public.emp']);
    expect(cycle.edges[0]!.sql).toEqual(['SET CONSTRAINTS public.dept_manager_fkey DEFERRED;']);
    expect(cycle.how).toMatch(/in one transaction, with dept_manager_fkey deferred/);
    await loadAsAdvised(engine, report, cycle);
  });

  it('loads the nullable FK of a two-table cycle as NULL, then UPDATEs it', async () => {
    const { report, engine } = get(label);
    const cycle = cycleOf(report, 'author');
    expect(roles(cycle)).toEqual({
      author_best_book_fkey: ['nullable', 'null-then-update'],
      book_author_id_fkey: ['none', 'parent-first'],
    });
    expect(cycle.edges[0]!.how).toMatch(
      /insert public\.author with best_book_id NULL, then UPDATE public\.author SET best_book_id = … once public\.book is loaded/,
    );
    await loadAsAdvised(engine, report, cycle);
  });

  it('says which FK to change when no order loads a cycle, and the change works', async () => {
    const { report, engine, reread } = get(label);
    const cycle = cycleOf(report, 'egg');
    const change = cycle.edges.filter((e) => e.role === 'change');
    expect(change).toHaveLength(1);
    const [fk] = change;
    expect(fk!.breakBy).toBe('none');
    expect(cycle.how).toMatch(/^No insert order loads public\.egg, public\.hen: /);
    // Without a change, loading fails whichever way round.
    await expect(loadAsAdvised(engine, report, cycle)).rejects.toSatisfy(
      (error) => isDatabaseError(error) && error.code === '23503',
    );
    const table = fk!.child.replace('public.', '');
    expect(fk!.sql).toEqual([
      `ALTER TABLE public.${table} ALTER CONSTRAINT ${fk!.constraint} DEFERRABLE;`,
      `ALTER TABLE public.${table} ALTER COLUMN ${table === 'egg' ? 'hen_id' : 'egg_id'} DROP NOT NULL;`,
    ]);
    await engine.exec(fk!.sql[0]!);
    const after = (await reread()).report;
    const fixed = cycleOf(after, 'egg');
    expect(fixed.loadable).toBe(true);
    expect(fixed.edges.find((e) => e.constraint === fk!.constraint)?.role).toBe('defer');
    await loadAsAdvised(engine, after, fixed);
  });

  it('orders the rows of a self-reference, nullable or not', async () => {
    const { report, engine } = get(label);
    const category = cycleOf(report, 'category');
    expect(roles(category)).toEqual({ category_parent_id_fkey: ['nullable', 'row-order'] });
    expect(category.how).toMatch(/roots with parent_id NULL/);
    const node = cycleOf(report, 'node');
    expect(roles(node)).toEqual({ node_parent_id_fkey: ['none', 'row-order'] });
    expect(node.how).toMatch(/NOT NULL and not deferrable: .*a root referencing itself/);
    // A root that references itself passes: the check runs at the end of the statement.
    await loadAsAdvised(engine, report, node);
    await loadAsAdvised(engine, report, category);
  });

  it('marks cycle edges, and tables, with their cycle', () => {
    const { report } = get(label);
    const edge = report.edges.find((e) => e.constraint === 'dept_manager_fkey')!;
    expect(edge.cycle).toBe(2);
    expect(edge.cycleRole).toBe('defer');
    expect(report.tables.find((t) => t.key === 'public.node')?.cycle).toBe(4);
  });
});
