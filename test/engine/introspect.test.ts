// readCatalog against test/schemas/rich*.sql: every expectation below is read off the DDL, and
// the catalog must come out identical from PGlite and from every real server.

import { beforeAll, describe, expect, it } from 'vitest';
import { readCatalog } from '../../src/engine/introspect.js';
import type { Catalog, ForeignKey, Index, Table } from '../../src/model/catalog.js';
import { engineSubjects } from '../support/engines.js';
import { loadRichSchema, richSchemaFiles } from '../support/schemas.js';

interface Loaded {
  catalog: Catalog;
  versionNum: number;
  /** Rows of pg_constraint for event_tag's FK, internal per-partition ones included. */
  rawEventTagConstraints: number;
}

const subjects = engineSubjects();
const loaded = new Map<string, Loaded>();

beforeAll(async () => {
  for (const subject of subjects) {
    const { engine, close } = await subject.open();
    try {
      const versionNum = await loadRichSchema(engine);
      const catalog = await readCatalog(engine);
      const raw = await engine.query<{ n: number }>(
        "select count(*)::int as n from pg_constraint where conrelid = 'app.event_tag'::regclass and contype = 'f'",
      );
      loaded.set(subject.label, { catalog, versionNum, rawEventTagConstraints: raw.rows[0]!.n });
    } finally {
      await close();
    }
  }
});

function table(catalog: Catalog, schema: string, name: string): Table {
  const found = catalog.tables.find((t) => t.schema === schema && t.name === name);
  if (!found) throw new Error(`no table ${schema}.${name}`);
  return found;
}

function foreignKey(catalog: Catalog, tableName: string, name: string, schema = 'app'): ForeignKey {
  const found = table(catalog, schema, tableName).foreignKeys.find((fk) => fk.name === name);
  if (!found) throw new Error(`no foreign key ${name} on ${schema}.${tableName}`);
  return found;
}

function index(catalog: Catalog, tableName: string, name: string, schema = 'app'): Index {
  const found = table(catalog, schema, tableName).indexes.find((i) => i.name === name);
  if (!found) throw new Error(`no index ${name} on ${schema}.${tableName}`);
  return found;
}

const app = (name: string) => ({ schema: 'app', name });

describe.each(subjects.map((s) => s.label))('readCatalog of the rich schema on %s', (label) => {
  let catalog: Catalog;
  let versionNum: number;
  beforeAll(() => {
    ({ catalog, versionNum } = loaded.get(label)!);
  });

  it('reports the server version', () => {
    expect(catalog.serverVersionNum).toBe(versionNum);
    expect(catalog.serverVersion).toMatch(/^PostgreSQL \d+/);
  });

  it('lists user schemas only, sorted', () => {
    expect(catalog.schemas).toEqual(['Mixed Case', 'app', 'public']);
  });

  it('lists ordinary and partitioned tables, sorted by schema then name', () => {
    const expected = [
      ['Mixed Case', 'Order Line ✓'],
      ['Mixed Case', 'Shipment'],
      ...[
        'audit_log',
        'author',
        'book',
        'customer',
        'employee',
        'event',
        'event_2024',
        'event_2025',
        'event_tag',
        'order_note',
        ...(versionNum >= 180000 ? ['order_snapshot'] : []),
        'orders',
        'region',
        ...(versionNum >= 150000 ? ['team', 'team_member'] : []),
      ].map((name) => ['app', name]),
    ];
    expect(catalog.tables.map((t) => [t.schema, t.name])).toEqual(expected);
  });

  it('links partitions and their parent', () => {
    const event = table(catalog, 'app', 'event');
    expect(event.kind).toBe('partitioned-table');
    expect(event.partitionOf).toBeNull();
    expect(event.partitions).toEqual([app('event_2024'), app('event_2025')]);
    for (const name of ['event_2024', 'event_2025']) {
      expect(table(catalog, 'app', name)).toMatchObject({
        kind: 'table',
        partitionOf: app('event'),
        partitions: [],
      });
    }
    expect(table(catalog, 'app', 'customer').partitionOf).toBeNull();
  });

  it('reads planner row estimates after ANALYZE', () => {
    const rows = (name: string) => table(catalog, 'app', name).estimatedRows;
    expect([rows('customer'), rows('region'), rows('orders'), rows('order_note')]).toEqual([
      3, 2, 3, 1,
    ]);
    expect([rows('event_2024'), rows('event_2025')]).toEqual([1, 2]);
    // PG 14+ also keeps a total on the partitioned table.
    if (versionNum >= 140000) expect(rows('event')).toBe(3);
  });

  it('reads columns: types, typmods, defaults, collation, identity, generated', () => {
    const customer = table(catalog, 'app', 'customer');
    const plain = {
      notNull: false,
      collation: null,
      default: null,
      identity: null,
      generated: null,
    };
    expect(customer.columns).toEqual([
      {
        ...plain,
        name: 'id',
        position: 1,
        type: 'bigint',
        typeName: 'int8',
        typmod: -1,
        notNull: true,
        identity: 'always',
      },
      {
        ...plain,
        name: 'email',
        position: 2,
        type: 'character varying(200)',
        typeName: 'varchar',
        typmod: 204,
        notNull: true,
        collation: 'C',
      },
      {
        ...plain,
        name: 'name',
        position: 3,
        type: 'text',
        typeName: 'text',
        typmod: -1,
        notNull: true,
        default: "'anonymous'::text",
      },
      {
        ...plain,
        name: 'name_upper',
        position: 4,
        type: 'text',
        typeName: 'text',
        typmod: -1,
        generated: 'stored',
      },
      {
        ...plain,
        name: 'tags',
        position: 5,
        type: 'text[]',
        typeName: '_text',
        typmod: -1,
        notNull: true,
        default: "'{}'::text[]",
      },
      { ...plain, name: 'mood', position: 6, type: 'app.mood', typeName: 'app.mood', typmod: -1 },
      {
        ...plain,
        name: 'region_code',
        position: 7,
        type: 'character varying(3)',
        typeName: 'varchar',
        typmod: 7,
      },
      {
        ...plain,
        name: 'country_code',
        position: 8,
        type: 'character(2)',
        typeName: 'bpchar',
        typmod: 6,
      },
    ]);
    expect(table(catalog, 'app', 'employee').columns[0]).toMatchObject({
      name: 'id',
      identity: 'by-default',
      default: null,
    });
    expect(table(catalog, 'app', 'orders').columns.map((c) => c.default)).toEqual([
      "nextval('app.orders_id_seq'::regclass)",
      '0',
      "'open'::text",
    ]);
    expect(table(catalog, 'Mixed Case', 'Order Line ✓').columns.map((c) => c.name)).toEqual([
      'order_id',
      'Line No',
      'Qty',
    ]);
  });

  it('reads primary and unique keys with their columns in key order', () => {
    expect(table(catalog, 'app', 'region').primaryKey).toEqual({
      name: 'region_pkey',
      kind: 'primary',
      columns: ['country_code', 'code'],
      deferrable: false,
      initiallyDeferred: false,
      nullsNotDistinct: false,
      index: 'region_pkey',
    });
    const customer = table(catalog, 'app', 'customer');
    expect(customer.primaryKey?.columns).toEqual(['id']);
    expect(customer.uniqueKeys).toEqual([
      {
        name: 'customer_email_key',
        kind: 'unique',
        columns: ['email'],
        deferrable: false,
        initiallyDeferred: false,
        nullsNotDistinct: false,
        index: 'customer_email_key',
      },
    ]);
    expect(table(catalog, 'Mixed Case', 'Order Line ✓').primaryKey).toMatchObject({
      name: 'Order Line ✓_pkey',
      columns: ['order_id', 'Line No'],
    });
    expect(table(catalog, 'app', 'event_tag').primaryKey).toBeNull();
  });

  it('lists every foreign key once, sorted, the same objects as on the tables', () => {
    const expected = [
      ['Mixed Case', 'Order Line ✓', 'Order Line ✓_order_id_fkey'],
      ['Mixed Case', 'Shipment', 'Shipment → line'],
      ['app', 'audit_log', 'audit_log_customer_fk'],
      ['app', 'author', 'author_first_book_fk'],
      ['app', 'book', 'book_author_id_fkey'],
      ['app', 'customer', 'customer_region_fk'],
      ['app', 'employee', 'employee_manager_id_fkey'],
      ['app', 'event', 'event_customer_id_fkey'],
      ['app', 'event_2024', 'event_customer_id_fkey'],
      ['app', 'event_2025', 'event_customer_id_fkey'],
      ['app', 'event_tag', 'event_tag_event_fk'],
      ['app', 'order_note', 'order_note_order_fk'],
      ...(versionNum >= 180000 ? [['app', 'order_snapshot', 'order_snapshot_order_fk']] : []),
      ['app', 'orders', 'orders_customer_fk'],
      ...(versionNum >= 150000 ? [['app', 'team_member', 'team_member_team_fk']] : []),
    ];
    expect(catalog.foreignKeys.map((fk) => [fk.table.schema, fk.table.name, fk.name])).toEqual(
      expected,
    );
    const fromTables = catalog.tables.flatMap((t) => t.foreignKeys);
    expect(fromTables).toHaveLength(catalog.foreignKeys.length);
    fromTables.forEach((fk, i) => {
      expect(fk).toBe(catalog.foreignKeys[i]);
    });
  });

  it('keeps composite FK columns in constraint order, not key order (MATCH FULL)', () => {
    expect(foreignKey(catalog, 'customer', 'customer_region_fk')).toEqual({
      name: 'customer_region_fk',
      table: app('customer'),
      columns: ['region_code', 'country_code'],
      referencedTable: app('region'),
      referencedColumns: ['code', 'country_code'],
      match: 'full',
      onDelete: 'no-action',
      onUpdate: 'no-action',
      onDeleteSetColumns: null,
      deferrable: false,
      initiallyDeferred: false,
      validated: true,
      enforced: true,
      parentConstraint: null,
      triggersEnabled: true,
      definition:
        'FOREIGN KEY (region_code, country_code) REFERENCES app.region(code, country_code) MATCH FULL',
    });
  });

  it('reads a self-reference and a deferred two-table cycle', () => {
    expect(foreignKey(catalog, 'employee', 'employee_manager_id_fkey')).toMatchObject({
      table: app('employee'),
      referencedTable: app('employee'),
      columns: ['manager_id'],
      referencedColumns: ['id'],
      onDelete: 'set-null',
      onDeleteSetColumns: null,
    });
    expect(foreignKey(catalog, 'author', 'author_first_book_fk')).toMatchObject({
      referencedTable: app('book'),
      deferrable: true,
      initiallyDeferred: true,
      definition:
        'FOREIGN KEY (first_book_id) REFERENCES app.book(id) DEFERRABLE INITIALLY DEFERRED',
    });
    expect(foreignKey(catalog, 'book', 'book_author_id_fkey')).toMatchObject({
      referencedTable: app('author'),
      deferrable: false,
      initiallyDeferred: false,
      onDelete: 'cascade',
    });
  });

  it('reads actions, NOT VALID and disabled triggers', () => {
    expect(foreignKey(catalog, 'orders', 'orders_customer_fk')).toMatchObject({
      onDelete: 'set-default',
      onUpdate: 'cascade',
      match: 'simple',
      definition:
        'FOREIGN KEY (customer_id) REFERENCES app.customer(id) ON UPDATE CASCADE ON DELETE SET DEFAULT',
    });
    expect(foreignKey(catalog, 'order_note', 'order_note_order_fk')).toMatchObject({
      validated: false,
      enforced: true,
      triggersEnabled: true,
      definition: 'FOREIGN KEY (order_id) REFERENCES app.orders(id) NOT VALID',
    });
    expect(foreignKey(catalog, 'audit_log', 'audit_log_customer_fk')).toMatchObject({
      onDelete: 'restrict',
      triggersEnabled: false,
    });
  });

  it('reads quoted and non-ASCII names raw', () => {
    expect(foreignKey(catalog, 'Shipment', 'Shipment → line', 'Mixed Case')).toMatchObject({
      table: { schema: 'Mixed Case', name: 'Shipment' },
      columns: ['order_id', 'line_no'],
      referencedTable: { schema: 'Mixed Case', name: 'Order Line ✓' },
      referencedColumns: ['order_id', 'Line No'],
      definition:
        'FOREIGN KEY (order_id, line_no) REFERENCES "Mixed Case"."Order Line ✓"(order_id, "Line No")',
    });
    expect(
      foreignKey(catalog, 'Order Line ✓', 'Order Line ✓_order_id_fkey', 'Mixed Case'),
    ).toMatchObject({ referencedTable: app('orders'), onDelete: 'cascade' });
  });

  it('keeps FK clones on referencing partitions, with their parent constraint', () => {
    const parent = foreignKey(catalog, 'event', 'event_customer_id_fkey');
    expect(parent).toMatchObject({
      table: app('event'),
      referencedTable: app('customer'),
      parentConstraint: null,
    });
    for (const partition of ['event_2024', 'event_2025']) {
      expect(foreignKey(catalog, partition, 'event_customer_id_fkey')).toEqual({
        ...parent,
        table: app(partition),
        parentConstraint: { table: app('event'), name: 'event_customer_id_fkey' },
        triggersEnabled: partition === 'event_2024',
      });
    }
    // event_2025 had DISABLE TRIGGER ALL: its clone, and so the whole FK, is not enforced there.
    expect(parent.triggersEnabled).toBe(false);
  });

  it('drops the internal per-partition constraints of an FK to a partitioned table', () => {
    // The server holds one per partition of app.event besides the real one...
    expect(loaded.get(label)!.rawEventTagConstraints).toBe(3);
    // ...and the catalog lists only the constraint the user declared.
    expect(table(catalog, 'app', 'event_tag').foreignKeys).toEqual([
      {
        name: 'event_tag_event_fk',
        table: app('event_tag'),
        columns: ['event_id', 'happened_on'],
        referencedTable: app('event'),
        referencedColumns: ['id', 'happened_on'],
        match: 'simple',
        onDelete: 'no-action',
        onUpdate: 'no-action',
        onDeleteSetColumns: null,
        deferrable: false,
        initiallyDeferred: false,
        validated: true,
        enforced: true,
        parentConstraint: null,
        // Deletes in event_2025 (triggers disabled) are not checked against event_tag.
        triggersEnabled: false,
        definition: 'FOREIGN KEY (event_id, happened_on) REFERENCES app.event(id, happened_on)',
      },
    ]);
    expect(
      catalog.foreignKeys.filter((fk) => fk.referencedTable.name.startsWith('event_')),
    ).toEqual([]);
  });

  it('reads indexes: partial, expression, INCLUDE, hash, invalid', () => {
    expect(index(catalog, 'orders', 'orders_open_idx')).toEqual({
      name: 'orders_open_idx',
      columns: ['customer_id'],
      includeColumns: [],
      unique: false,
      primary: false,
      method: 'btree',
      predicate: "(status = 'open'::text)",
      valid: true,
      ready: true,
      definition:
        "CREATE INDEX orders_open_idx ON app.orders USING btree (customer_id) WHERE (status = 'open'::text)",
    });
    expect(index(catalog, 'customer', 'customer_lower_email_idx')).toMatchObject({
      columns: [null, 'id'],
      includeColumns: [],
      definition:
        'CREATE INDEX customer_lower_email_idx ON app.customer USING btree (lower((email)::text), id)',
    });
    expect(index(catalog, 'orders', 'orders_status_idx')).toMatchObject({
      columns: ['status'],
      includeColumns: ['customer_id', 'id'],
    });
    expect(index(catalog, 'customer', 'customer_email_hash_idx')).toMatchObject({
      method: 'hash',
      columns: ['email'],
      unique: false,
    });
    expect(index(catalog, 'event', 'event_customer_idx')).toMatchObject({
      columns: ['customer_id'],
      valid: false,
      ready: true,
      definition: 'CREATE INDEX event_customer_idx ON ONLY app.event USING btree (customer_id)',
    });
    expect(index(catalog, 'region', 'region_pkey')).toMatchObject({
      columns: ['country_code', 'code'],
      unique: true,
      primary: true,
    });
    expect(table(catalog, 'app', 'customer').indexes.map((i) => i.name)).toEqual([
      'customer_email_hash_idx',
      'customer_email_key',
      'customer_lower_email_idx',
      'customer_pkey',
    ]);
  });

  it('reads row-level security', () => {
    expect(catalog.tables.filter((t) => t.rowSecurity).map((t) => t.name)).toEqual(['orders']);
  });

  it('reads PG 15 features: NULLS NOT DISTINCT and ON DELETE SET NULL (column)', () => {
    if (versionNum < 150000) return;
    expect(table(catalog, 'app', 'team').uniqueKeys).toEqual([
      {
        name: 'team_slug_key',
        kind: 'unique',
        columns: ['tenant_id', 'slug'],
        deferrable: false,
        initiallyDeferred: false,
        nullsNotDistinct: true,
        index: 'team_slug_key',
      },
    ]);
    expect(table(catalog, 'app', 'team').primaryKey?.nullsNotDistinct).toBe(false);
    expect(foreignKey(catalog, 'team_member', 'team_member_team_fk')).toMatchObject({
      columns: ['tenant_id', 'team_id'],
      referencedColumns: ['tenant_id', 'id'],
      onDelete: 'set-null',
      onDeleteSetColumns: ['team_id'],
      definition:
        'FOREIGN KEY (tenant_id, team_id) REFERENCES app.team(tenant_id, id) ON DELETE SET NULL (team_id)',
    });
  });

  it('reads PG 18 features: NOT ENFORCED and virtual generated columns', () => {
    if (versionNum < 180000) return;
    expect(foreignKey(catalog, 'order_snapshot', 'order_snapshot_order_fk')).toMatchObject({
      enforced: false,
      // A NOT ENFORCED constraint is never validated, and has no triggers to disable.
      validated: false,
      triggersEnabled: true,
      definition: 'FOREIGN KEY (order_id) REFERENCES app.orders(id) NOT ENFORCED',
    });
    expect(table(catalog, 'app', 'order_snapshot').columns[3]).toMatchObject({
      name: 'total',
      type: 'numeric',
      generated: 'virtual',
      default: null,
    });
  });
});

describe('readCatalog across servers', () => {
  it('gives the same catalog on PGlite and on every server (server version aside)', () => {
    const reference = loaded.get('pglite')!;
    // PGlite and at least the embedded PG 18 server (plus the local or given one when present).
    expect(subjects.length).toBeGreaterThanOrEqual(2);
    for (const subject of subjects.filter((s) => s.server)) {
      const other = loaded.get(subject.label)!;
      // Tables from the newer-version files exist only where the server has the feature.
      const missing = new Set(
        richSchemaFiles
          .filter((f) => f.minVersionNum > other.versionNum)
          .flatMap((f) => f.tables as readonly string[]),
      );
      expect(comparable(other.catalog, missing), subject.label).toEqual(
        comparable(reference.catalog, missing),
      );
    }
  });

  it('does not depend on the session search_path', async () => {
    const { engine, close } = await subjects[0]!.open();
    try {
      await loadRichSchema(engine);
      const before = await readCatalog(engine);
      await engine.exec('set search_path = app, "Mixed Case", public');
      const after = await readCatalog(engine);
      expect(after).toEqual(before);
      // readCatalog's own SET LOCAL is gone with its transaction.
      const { rows } = await engine.query('show search_path');
      expect(rows).toEqual([{ search_path: 'app, "Mixed Case", public' }]);
    } finally {
      await close();
    }
  });
});

function comparable(catalog: Catalog, missingTables: Set<string>) {
  const keep = (name: string) => !missingTables.has(name);
  return {
    schemas: catalog.schemas,
    tables: catalog.tables.filter((t) => t.schema !== 'app' || keep(t.name)),
    foreignKeys: catalog.foreignKeys.filter(
      (fk) => fk.table.schema !== 'app' || keep(fk.table.name),
    ),
  };
}
