import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/model/catalog.js';
import {
  buildFkGraph,
  cascadeReach,
  childrenOf,
  dependencyLevels,
  type FkEdge,
  type FkGraph,
  findCycles,
  loadOrder,
  parentsOf,
} from '../../src/model/fk-graph.js';
import { CatalogBuilder } from '../support/catalog-builder.js';

const flatOrder = (graph: FkGraph) => loadOrder(graph).flatMap((step) => step.tables);
const names = (edges: readonly FkEdge[]) => edges.map((edge) => edge.fk.name);
const levelsOf = (graph: FkGraph) => Object.fromEntries(dependencyLevels(graph));

/** Checks the promise of loadOrder: each edge's parent is loaded before its child, unless the
 *  edge is a self-reference or one of the edges its cycle says to break. */
function expectOrderRespectsEdges(graph: FkGraph): void {
  const position = new Map(flatOrder(graph).map((key, i) => [key, i]));
  const broken = new Set(findCycles(graph).flatMap((cycle) => cycle.breakEdges));
  expect(position.size).toBe(graph.nodes.size);
  for (const edge of graph.edges) {
    if (edge.child === edge.parent || broken.has(edge)) continue;
    expect(position.get(edge.parent)).toBeLessThan(position.get(edge.child) as number);
  }
}

describe('acyclic graphs', () => {
  it('chain: parents first even when the names say otherwise', () => {
    const graph = buildFkGraph(
      new CatalogBuilder()
        .table('z_root')
        .table('m_mid', ['id', 'root_id'])
        .table('a_leaf', ['id', 'mid_id'])
        .fk('m_mid', ['root_id'], 'z_root')
        .fk('a_leaf', ['mid_id'], 'm_mid')
        .build(),
    );
    expect(flatOrder(graph)).toEqual(['public.z_root', 'public.m_mid', 'public.a_leaf']);
    expect(levelsOf(graph)).toEqual({ 'public.z_root': 0, 'public.m_mid': 1, 'public.a_leaf': 2 });
    expect(findCycles(graph)).toEqual([]);
    expect(loadOrder(graph).every((step) => step.cycle === null)).toBe(true);
    expect(names(parentsOf(graph, 'public.m_mid'))).toEqual(['m_mid_root_id_fkey']);
    expect(names(childrenOf(graph, { schema: 'public', name: 'm_mid' }))).toEqual([
      'a_leaf_mid_id_fkey',
    ]);
  });

  it('diamond: both middle tables share a level', () => {
    const graph = buildFkGraph(
      new CatalogBuilder()
        .table('top')
        .table('left', ['id', 'top_id'])
        .table('right', ['id', 'top_id'])
        .table('bottom', ['id', 'left_id', 'right_id'])
        .fk('left', ['top_id'], 'top')
        .fk('right', ['top_id'], 'top')
        .fk('bottom', ['left_id'], 'left')
        .fk('bottom', ['right_id'], 'right')
        .build(),
    );
    expect(flatOrder(graph)).toEqual([
      'public.top',
      'public.left',
      'public.right',
      'public.bottom',
    ]);
    expect(levelsOf(graph)).toEqual({
      'public.top': 0,
      'public.left': 1,
      'public.right': 1,
      'public.bottom': 2,
    });
    const node = graph.nodes.get('public.bottom');
    expect(node?.parents.map((edge) => edge.parent)).toEqual(['public.left', 'public.right']);
  });

  it('ties: schema then name, byte order, moved only as far as needed (pg_dump TopoSort)', () => {
    const build = (withFk: boolean) => {
      const builder = new CatalogBuilder()
        .tablesNamed('b.a', 'a.z', 'A.x')
        .table('a.b', ['id', 'ba_id']);
      if (withFk) builder.fk('a.b', ['ba_id'], 'b.a');
      return buildFkGraph(builder.build());
    };
    // Upper case sorts before lower case, as strcmp does.
    expect(flatOrder(build(false))).toEqual(['A.x', 'a.b', 'a.z', 'b.a']);
    // pg_dump fills from the end: b.a moves up just before its child; a plain "smallest name
    // first" sort would give A.x, a.z, b.a, a.b instead.
    expect(flatOrder(build(true))).toEqual(['A.x', 'b.a', 'a.b', 'a.z']);
  });

  it('names compare by code point, like strcmp on UTF-8', () => {
    const graph = buildFkGraph(
      new CatalogBuilder().tablesNamed('😀', '\uff5e', 'é', 'z', 'Z', 'Order', '"q"').build(),
    );
    expect(flatOrder(graph)).toEqual([
      'public."q"',
      'public.Order',
      'public.Z',
      'public.z',
      'public.é',
      'public.\uff5e',
      'public.😀',
    ]);
  });

  it('a 5,000-table chain: no recursion limits', () => {
    const n = 5000;
    const id = (i: number) => `t${String(i).padStart(5, '0')}`;
    const builder = new CatalogBuilder();
    // Each table references the next one, so the load order is the reverse of name order.
    for (let i = 0; i < n; i++) builder.table(id(i), ['id', 'next_id']);
    for (let i = 0; i < n - 1; i++) {
      builder.fk(id(i), ['next_id'], id(i + 1), { onDelete: 'cascade' });
    }
    const graph = buildFkGraph(builder.build());
    const order = flatOrder(graph);
    expect(order[0]).toBe(`public.${id(n - 1)}`);
    expect(order[n - 1]).toBe(`public.${id(0)}`);
    expectOrderRespectsEdges(graph);
    expect(findCycles(graph)).toEqual([]);
    expect(dependencyLevels(graph).get(`public.${id(0)}`)).toBe(n - 1);
    const hops = cascadeReach(graph, `public.${id(n - 1)}`);
    expect(hops).toHaveLength(n - 1);
    expect(hops.at(-1)?.depth).toBe(n - 1);
  });

  it('a 2,000-table random DAG: order and levels respect every edge (fixed seed)', () => {
    const random = xorshift(20240611);
    const n = 2000;
    // Names in one random order, dependencies in another: the two never line up.
    const rank = shuffle(
      Array.from({ length: n }, (_, i) => i),
      random,
    );
    const tableName = (i: number) => `s${i % 7}.n${String((i * 7919) % n).padStart(4, '0')}`;
    const builder = new CatalogBuilder();
    const parentsOfTable: number[][] = [];
    for (let i = 0; i < n; i++) {
      const parents = new Set<number>();
      const wanted = Math.floor(random() * 4);
      for (let k = 0; k < wanted && (rank[i] as number) > 0; k++) {
        const target = rank.indexOf(Math.floor(random() * (rank[i] as number)));
        parents.add(target);
      }
      parentsOfTable.push([...parents]);
      builder.table(tableName(i), ['id', ...[...parents].map((p) => `p${p}_id`)]);
    }
    parentsOfTable.forEach((parents, i) => {
      for (const p of parents) builder.fk(tableName(i), [`p${p}_id`], tableName(p));
    });
    const catalog = builder.build();
    const graph = buildFkGraph(catalog);
    expect(graph.edges.length).toBeGreaterThan(2000);
    expect(findCycles(graph)).toEqual([]);
    expectOrderRespectsEdges(graph);

    const levels = dependencyLevels(graph);
    for (const edge of graph.edges) {
      expect(levels.get(edge.child)).toBeGreaterThan(levels.get(edge.parent) as number);
    }
    for (const node of graph.nodes.values()) {
      const highest = Math.max(
        -1,
        ...node.parents.map((edge) => levels.get(edge.parent) as number),
      );
      expect(levels.get(node.key)).toBe(highest + 1);
    }
    // Same order as a direct, quadratic transcription of pg_dump's TopoSort.
    expect(flatOrder(graph)).toEqual(naiveTopoSort(catalog));
  });
});

describe('cycles', () => {
  it('self-reference with a nullable column: a loadable cycle of one table', () => {
    const graph = buildFkGraph(
      new CatalogBuilder()
        .table('employees', ['id', 'manager_id?'])
        .fk('employees', ['manager_id'], 'employees')
        .build(),
    );
    const [cycle] = findCycles(graph);
    expect(cycle?.tables).toEqual(['public.employees']);
    expect(cycle?.selfReference).toBe(true);
    expect(cycle?.loadable).toBe(true);
    expect(cycle?.edges[0]?.breakBy).toBe('nullable');
    expect(cycle?.edges[0]?.nullableColumns).toEqual(['manager_id']);
    expect(names(cycle?.breakEdges ?? [])).toEqual(['employees_manager_id_fkey']);
    expect(loadOrder(graph)).toEqual([{ tables: ['public.employees'], cycle, level: 0 }]);
  });

  it('self-reference on a NOT NULL column is not loadable by breaking edges', () => {
    const graph = buildFkGraph(
      new CatalogBuilder()
        .table('categories', ['id', 'parent_id'])
        .fk('categories', ['parent_id'], 'categories')
        .build(),
    );
    const [cycle] = findCycles(graph);
    expect(cycle?.edges[0]?.breakBy).toBe('none');
    expect(cycle?.loadable).toBe(false);
    expect(cycle?.breakEdges).toEqual([]);
  });

  const twoTables = (aRef: string, bRef: string, aDeferrable = false, bDeferrable = false) =>
    buildFkGraph(
      new CatalogBuilder()
        .table('a', ['id', aRef])
        .table('b', ['id', bRef])
        .fk('a', [aRef.replace('?', '')], 'b', { name: 'a_to_b', deferrable: aDeferrable })
        .fk('b', [bRef.replace('?', '')], 'a', { name: 'b_to_a', deferrable: bDeferrable })
        .build(),
    );

  it('two tables, one nullable edge: break it, load the other way round', () => {
    const graph = twoTables('b_id?', 'a_id');
    const [cycle] = findCycles(graph);
    expect(cycle?.tables).toEqual(['public.a', 'public.b']);
    expect(cycle?.edges.map((edge) => [edge.fk.name, edge.breakBy])).toEqual([
      ['a_to_b', 'nullable'],
      ['b_to_a', 'none'],
    ]);
    expect(cycle?.selfReference).toBe(false);
    expect(cycle?.loadable).toBe(true);
    expect(names(cycle?.breakEdges ?? [])).toEqual(['a_to_b']);
    // a goes in first with b_id NULL; b can then reference a.
    expect(flatOrder(graph)).toEqual(['public.a', 'public.b']);
    expectOrderRespectsEdges(graph);
  });

  it('two tables, no nullable or deferrable edge: not loadable', () => {
    const [cycle] = findCycles(twoTables('b_id', 'a_id'));
    expect(cycle?.loadable).toBe(false);
    expect(cycle?.breakEdges).toEqual([]);
  });

  it('two tables, a deferrable edge: break it by deferring', () => {
    const graph = twoTables('b_id', 'a_id', false, true);
    const [cycle] = findCycles(graph);
    expect(cycle?.edges.map((edge) => edge.breakBy)).toEqual(['none', 'deferrable']);
    expect(cycle?.loadable).toBe(true);
    expect(names(cycle?.breakEdges ?? [])).toEqual(['b_to_a']);
    expect(flatOrder(graph)).toEqual(['public.b', 'public.a']);
  });

  it('two tables, one edge nullable and deferrable: both; deferring is preferred', () => {
    const graph = twoTables('b_id?', 'a_id?', false, true);
    const [cycle] = findCycles(graph);
    expect(cycle?.edges.map((edge) => edge.breakBy)).toEqual(['nullable', 'both']);
    expect(names(cycle?.breakEdges ?? [])).toEqual(['b_to_a']);
    expectOrderRespectsEdges(graph);
  });

  it('three tables, one breakable edge: loadable, and the order follows the other two', () => {
    const graph = buildFkGraph(
      new CatalogBuilder()
        .table('a', ['id', 'b_id'])
        .table('b', ['id', 'c_id'])
        .table('c', ['id', 'a_id?'])
        .table('d', ['id', 'a_id'])
        .fk('a', ['b_id'], 'b')
        .fk('b', ['c_id'], 'c')
        .fk('c', ['a_id'], 'a')
        .fk('d', ['a_id'], 'a')
        .build(),
    );
    const [cycle] = findCycles(graph);
    expect(cycle?.tables).toEqual(['public.a', 'public.b', 'public.c']);
    expect(cycle?.loadable).toBe(true);
    expect(names(cycle?.breakEdges ?? [])).toEqual(['c_a_id_fkey']);
    expect(loadOrder(graph)).toEqual([
      { tables: ['public.c', 'public.b', 'public.a'], cycle, level: 0 },
      { tables: ['public.d'], cycle: null, level: 1 },
    ]);
  });

  it('a breakable edge that does not break every elementary cycle: not loadable', () => {
    const graph = buildFkGraph(
      new CatalogBuilder()
        .table('a', ['id', 'b_id'])
        .table('b', ['id', 'a_id', 'c_id'])
        .table('c', ['id', 'a_id?'])
        .fk('a', ['b_id'], 'b')
        .fk('b', ['a_id'], 'a')
        .fk('b', ['c_id'], 'c')
        .fk('c', ['a_id'], 'a')
        .build(),
    );
    const [cycle] = findCycles(graph);
    expect(cycle?.tables).toEqual(['public.a', 'public.b', 'public.c']);
    expect(cycle?.loadable).toBe(false);
  });

  it('composite FK: MATCH SIMPLE is breakable through any nullable column, FULL needs all', () => {
    const build = (columns: string[], match: 'simple' | 'full') =>
      buildFkGraph(
        new CatalogBuilder()
          .table('parent', ['k1', 'k2', 'child_id'], { pk: ['k1', 'k2'] })
          .table('child', ['id', ...columns])
          .fk('child', ['p1', 'p2'], 'parent', { match })
          .fk('parent', ['child_id'], 'child')
          .build(),
      );
    const edge = (graph: FkGraph) => graph.edges.find((e) => e.child === 'public.child');

    const simple = build(['p1?', 'p2'], 'simple');
    expect(edge(simple)).toMatchObject({ breakBy: 'nullable', nullableColumns: ['p1'] });
    expect(findCycles(simple)[0]?.loadable).toBe(true);
    expectOrderRespectsEdges(simple);

    expect(edge(build(['p1?', 'p2'], 'full'))).toMatchObject({ breakBy: 'none' });
    expect(findCycles(build(['p1?', 'p2'], 'full'))[0]?.loadable).toBe(false);
    expect(edge(build(['p1?', 'p2?'], 'full'))).toMatchObject({
      breakBy: 'nullable',
      nullableColumns: ['p1', 'p2'],
    });
  });

  it('generated and identity columns cannot be loaded as NULL', () => {
    const catalog = new CatalogBuilder()
      .table('a', ['id', 'b_id?', 'c_id?'])
      .tablesNamed('b', 'c')
      .fk('a', ['b_id'], 'b')
      .fk('a', ['c_id'], 'c')
      .build();
    const columns = catalog.tables[0]?.columns ?? [];
    (columns[1] as (typeof columns)[number]).generated = 'stored';
    (columns[2] as (typeof columns)[number]).identity = 'by-default';
    expect(buildFkGraph(catalog).edges.map((edge) => edge.breakBy)).toEqual(['none', 'none']);
  });

  it('a 5,000-table ring: one cycle, one edge to break', () => {
    const n = 5000;
    const id = (i: number) => `r${String(i).padStart(5, '0')}`;
    const builder = new CatalogBuilder();
    for (let i = 0; i < n; i++) builder.table(id(i), ['id', 'next_id?']);
    for (let i = 0; i < n; i++) builder.fk(id(i), ['next_id'], id((i + 1) % n));
    const graph = buildFkGraph(builder.build());
    const cycles = findCycles(graph);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.tables).toHaveLength(n);
    expect(cycles[0]?.loadable).toBe(true);
    expect(cycles[0]?.breakEdges).toHaveLength(1);
    expectOrderRespectsEdges(graph);
  });

  it('a cycle depends on what it references and is depended on as one unit', () => {
    const graph = buildFkGraph(
      new CatalogBuilder()
        .table('base')
        .table('x', ['id', 'y_id?', 'base_id'])
        .table('y', ['id', 'x_id'])
        .table('after', ['id', 'y_id'])
        .fk('x', ['y_id'], 'y')
        .fk('y', ['x_id'], 'x')
        .fk('x', ['base_id'], 'base')
        .fk('after', ['y_id'], 'y')
        .build(),
    );
    expect(levelsOf(graph)).toEqual({
      'public.base': 0,
      'public.x': 1,
      'public.y': 1,
      'public.after': 2,
    });
    expect(loadOrder(graph).map((step) => step.tables)).toEqual([
      ['public.base'],
      ['public.x', 'public.y'],
      ['public.after'],
    ]);
  });
});

describe('partitions', () => {
  const partitioned = () =>
    new CatalogBuilder()
      .table('customers')
      .table('orders', ['id', 'customer_id'])
      .table('orders_2024', ['id', 'customer_id'], { partitionOf: 'orders' })
      .table('orders_2025', ['id', 'customer_id'], { partitionOf: 'orders' })
      .fk('orders', ['customer_id'], 'customers', { name: 'orders_customer_id_fkey' })
      .fk('orders_2024', ['customer_id'], 'customers', {
        name: 'orders_customer_id_fkey',
        parentConstraint: { table: 'orders', name: 'orders_customer_id_fkey' },
      })
      .fk('orders_2025', ['customer_id'], 'customers', {
        name: 'orders_customer_id_fkey',
        parentConstraint: { table: 'orders', name: 'orders_customer_id_fkey' },
      })
      // A partitioned table referenced by another: PostgreSQL adds copies pointing at each
      // partition, on the referencing table.
      .table('events')
      .table('events_a', ['id'], { partitionOf: 'events' })
      .table('events_b', ['id'], { partitionOf: 'events' })
      .table('audit', ['id', 'event_id'])
      .fk('audit', ['event_id'], 'events', { name: 'audit_event_id_fkey', onDelete: 'cascade' })
      .fk('audit', ['event_id'], 'events_a', {
        name: 'audit_event_id_fkey1',
        onDelete: 'cascade',
        parentConstraint: { table: 'audit', name: 'audit_event_id_fkey' },
      })
      .fk('audit', ['event_id'], 'events_b', {
        name: 'audit_event_id_fkey2',
        onDelete: 'cascade',
        parentConstraint: { table: 'audit', name: 'audit_event_id_fkey' },
      });

  it('copies on partitions fold into the edge they come from', () => {
    const graph = buildFkGraph(partitioned().build());
    expect(graph.edges.map((edge) => [edge.child, edge.parent, edge.clones.length])).toEqual([
      ['public.audit', 'public.events', 2],
      ['public.orders', 'public.customers', 2],
    ]);
    expect(graph.skipped).toEqual([]);
  });

  it('partitions load with their partitioned table, after what it references', () => {
    const graph = buildFkGraph(partitioned().build());
    expect(flatOrder(graph)).toEqual([
      'public.events',
      'public.events_a',
      'public.events_b',
      'public.audit',
      'public.customers',
      'public.orders',
      'public.orders_2024',
      'public.orders_2025',
    ]);
    expect(levelsOf(graph)).toEqual({
      'public.audit': 1,
      'public.customers': 0,
      'public.events': 0,
      'public.events_a': 0,
      'public.events_b': 0,
      'public.orders': 1,
      'public.orders_2024': 1,
      'public.orders_2025': 1,
    });
  });

  it('a partition answers for the FKs of its partition tree', () => {
    const graph = buildFkGraph(partitioned().build());
    expect(parentsOf(graph, 'public.orders_2024').map((edge) => edge.parent)).toEqual([
      'public.customers',
    ]);
    expect(childrenOf(graph, 'public.events_a').map((edge) => edge.child)).toEqual([
      'public.audit',
    ]);
    expect(cascadeReach(graph, 'public.events_b').map((hop) => [hop.table, hop.action])).toEqual([
      ['public.audit', 'cascade'],
    ]);
  });

  it('a copy whose origin is not in the catalog stays an edge', () => {
    const graph = buildFkGraph(
      new CatalogBuilder()
        .table('customers')
        .table('orders', ['id', 'customer_id'])
        .table('orders_1', ['id', 'customer_id'], { partitionOf: 'orders' })
        .fk('orders_1', ['customer_id'], 'customers', {
          parentConstraint: { table: 'orders', name: 'gone' },
        })
        .build(),
    );
    expect(graph.edges.map((edge) => edge.child)).toEqual(['public.orders_1']);
    expect(flatOrder(graph)).toEqual(['public.customers', 'public.orders', 'public.orders_1']);
  });

  it('a self-referencing partitioned table is one cycle over its tree', () => {
    const graph = buildFkGraph(
      new CatalogBuilder()
        .table('tree', ['id', 'parent_id?'])
        .table('tree_1', ['id', 'parent_id?'], { partitionOf: 'tree' })
        .table('tree_2', ['id', 'parent_id?'], { partitionOf: 'tree' })
        .fk('tree', ['parent_id'], 'tree', { name: 'tree_parent_fkey' })
        .build(),
    );
    const [cycle] = findCycles(graph);
    expect(cycle?.tables).toEqual(['public.tree', 'public.tree_1', 'public.tree_2']);
    expect(cycle?.selfReference).toBe(true);
    expect(cycle?.loadable).toBe(true);
    expect(names(cycle?.breakEdges ?? [])).toEqual(['tree_parent_fkey']);
    expect(flatOrder(graph)).toEqual(['public.tree', 'public.tree_1', 'public.tree_2']);
  });
});

describe('cascadeReach', () => {
  const shop = () =>
    buildFkGraph(
      new CatalogBuilder()
        .table('a')
        .table('b', ['id', 'a_id'])
        .table('c', ['id', 'b_id'])
        .table('d', ['id', 'b_id'])
        .table('e', ['id', 'c_id?'])
        .table('f', ['id', 'd_id'])
        .fk('b', ['a_id'], 'a', { onDelete: 'cascade', onUpdate: 'restrict' })
        .fk('c', ['b_id'], 'b', { onDelete: 'cascade' })
        .fk('d', ['b_id'], 'b', { onDelete: 'restrict' })
        .fk('e', ['c_id'], 'c', { onDelete: 'set-null' })
        .fk('f', ['d_id'], 'd', { onDelete: 'cascade' })
        .build(),
    );

  it('follows CASCADE and stops at other actions, listing them', () => {
    const hops = cascadeReach(shop(), 'public.a');
    expect(hops.map((hop) => [hop.table, hop.action, hop.depth, hop.via?.table ?? null])).toEqual([
      ['public.b', 'cascade', 1, null],
      ['public.c', 'cascade', 2, 'public.b'],
      ['public.d', 'restrict', 2, 'public.b'],
      ['public.e', 'set-null', 3, 'public.c'],
    ]);
  });

  it('follows everything on request, and ON UPDATE on request', () => {
    expect(cascadeReach(shop(), 'public.a', { follow: 'all' }).map((hop) => hop.table)).toEqual([
      'public.b',
      'public.c',
      'public.d',
      'public.e',
      'public.f',
    ]);
    expect(cascadeReach(shop(), 'public.a', { on: 'update' })).toMatchObject([
      { table: 'public.b', action: 'restrict' },
    ]);
  });

  it('terminates on cascading cycles, each edge once', () => {
    const graph = buildFkGraph(
      new CatalogBuilder()
        .table('x', ['id', 'y_id?'])
        .table('y', ['id', 'x_id?'])
        .fk('x', ['y_id'], 'y', { onDelete: 'cascade' })
        .fk('y', ['x_id'], 'x', { onDelete: 'cascade' })
        .build(),
    );
    expect(cascadeReach(graph, 'public.x').map((hop) => hop.table)).toEqual([
      'public.y',
      'public.x',
    ]);
  });

  it('names an unknown table', () => {
    expect(() => cascadeReach(shop(), 'public.nope')).toThrow(/public\.nope/);
  });
});

describe('what is not an edge', () => {
  it('NOT ENFORCED FKs order nothing, unless asked for', () => {
    const catalog = new CatalogBuilder()
      .table('a', ['id', 'b_id'])
      .table('b')
      .fk('a', ['b_id'], 'b', { enforced: false })
      .build();
    const graph = buildFkGraph(catalog);
    expect(graph.edges).toEqual([]);
    expect(graph.skipped.map((s) => s.reason)).toEqual(['not-enforced']);
    expect(buildFkGraph(catalog, { includeNotEnforced: true }).edges).toHaveLength(1);
  });

  it('FKs to a table outside the catalog are listed, not guessed', () => {
    const graph = buildFkGraph(
      new CatalogBuilder().table('a', ['id', 'x_id']).fk('a', ['x_id'], 'other.x').build(),
    );
    expect(graph.skipped.map((s) => s.reason)).toEqual(['outside-catalog']);
    expect(flatOrder(graph)).toEqual(['public.a']);
  });

  it('refuses two tables whose schema.name keys collide', () => {
    const catalog = new CatalogBuilder()
      .table({ schema: 'a.b', name: 'c' })
      .table({ schema: 'a', name: 'b.c' })
      .build();
    expect(() => buildFkGraph(catalog)).toThrow(/share the key a\.b\.c/);
  });
});

// ---------------------------------------------------------------------------------------------

/** Marsaglia's xorshift32: a small deterministic generator for property tests. */
function xorshift(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * pg_dump's TopoSort written the slow, obvious way: for each output slot from the last, scan
 * the name-sorted list from its end for an item that no remaining item must follow.
 */
function naiveTopoSort(catalog: Catalog): string[] {
  const keys = buildFkGraph(catalog).nodes.keys();
  const items = [...keys];
  const dependents = new Map(items.map((key) => [key, 0]));
  for (const fk of catalog.foreignKeys) {
    const parent = `${fk.referencedTable.schema}.${fk.referencedTable.name}`;
    dependents.set(parent, (dependents.get(parent) as number) + 1);
  }
  const remaining: (string | null)[] = [...items];
  const out: string[] = [];
  while (out.length < items.length) {
    const j = remaining.findLastIndex((key) => key !== null && dependents.get(key) === 0);
    const key = remaining[j] as string;
    remaining[j] = null;
    out.unshift(key);
    for (const fk of catalog.foreignKeys) {
      if (`${fk.table.schema}.${fk.table.name}` !== key) continue;
      const parent = `${fk.referencedTable.schema}.${fk.referencedTable.name}`;
      dependents.set(parent, (dependents.get(parent) as number) - 1);
    }
  }
  return out;
}
