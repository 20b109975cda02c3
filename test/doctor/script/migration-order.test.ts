// The order a folder of migrations runs in, per tool convention, from the file names alone.

import { describe, expect, it } from 'vitest';
import { compareCodePoints, migrationOrder } from '../../../src/doctor/script/migration-order.js';

describe('Flyway', () => {
  it('versions compare part by part as numbers, on . or _, then repeatables by description', () => {
    const order = migrationOrder([
      'R__views.sql',
      'V1_10__c.sql',
      'V2__d.sql',
      'V1_2__b.sql',
      'V1__a.sql',
      'R__a_functions.sql',
      'V1.9__x.sql',
    ]);
    expect(order.convention).toBe('flyway');
    expect(order.files).toEqual([
      'V1__a.sql',
      'V1_2__b.sql',
      'V1.9__x.sql',
      'V1_10__c.sql',
      'V2__d.sql',
      'R__a_functions.sql',
      'R__views.sql',
    ]);
    expect(order.description).toMatch(/^Flyway/);
    expect(order.notes).toEqual([]);
  });

  it('leaves out undo migrations and callbacks, with the reason', () => {
    const order = migrationOrder(['V1__a.sql', 'U1__a.sql', 'afterMigrate.sql', 'V2__b.sql']);
    expect(order.files).toEqual(['V1__a.sql', 'V2__b.sql']);
    expect(order.excluded).toEqual([
      { file: 'U1__a.sql', reason: expect.stringContaining('undo') },
      { file: 'afterMigrate.sql', reason: expect.stringContaining('callback') },
    ]);
  });

  it('reads versions beyond 2^53 and says when two are the same (1.0 is 1)', () => {
    const order = migrationOrder([
      'V20240101120000000__b.sql',
      'V9__a.sql',
      'V1.0__x.sql',
      'V1__y.sql',
    ]);
    expect(order.files).toEqual([
      'V1.0__x.sql',
      'V1__y.sql',
      'V9__a.sql',
      'V20240101120000000__b.sql',
    ]);
    expect(order.notes).toEqual([expect.stringMatching(/V1\.0__x\.sql and V1__y\.sql .*refuses/)]);
  });

  it('scans subfolders, ordering by version whatever the folder', () => {
    const order = migrationOrder(['b/V1__a.sql', 'a/V2__b.sql']);
    expect(order.files).toEqual(['b/V1__a.sql', 'a/V2__b.sql']);
  });
});

describe('golang-migrate', () => {
  it('runs .up.sql by version and leaves .down.sql out', () => {
    const order = migrationOrder([
      '000012_x.up.sql',
      '000012_x.down.sql',
      '000002_y.up.sql',
      '000002_y.down.sql',
    ]);
    expect(order.convention).toBe('golang-migrate');
    expect(order.files).toEqual(['000002_y.up.sql', '000012_x.up.sql']);
    expect(order.excluded.map((e) => e.file)).toEqual(['000012_x.down.sql', '000002_y.down.sql']);
  });
});

describe('timestamps', () => {
  it('files with a YYYYMMDDHHMMSS prefix', () => {
    const order = migrationOrder([
      '20240301000000_b.sql',
      '20231231235959_a.sql',
      '20240101120000-c.sql',
    ]);
    expect(order.convention).toBe('timestamp');
    expect(order.files).toEqual([
      '20231231235959_a.sql',
      '20240101120000-c.sql',
      '20240301000000_b.sql',
    ]);
  });

  it('Prisma: one folder per migration with migration.sql', () => {
    const order = migrationOrder([
      '20240201000000_orders/migration.sql',
      '20240101000000_init/migration.sql',
    ]);
    expect(order.convention).toBe('timestamp');
    expect(order.description).toMatch(/folder per migration/);
    expect(order.files).toEqual([
      '20240101000000_init/migration.sql',
      '20240201000000_orders/migration.sql',
    ]);
  });

  it('Diesel: dashed timestamps, up.sql run, down.sql left out, the all-zero first one', () => {
    const order = migrationOrder([
      '2024-01-02-000000_b/up.sql',
      '2024-01-02-000000_b/down.sql',
      '00000000000000_diesel_initial_setup/up.sql',
      '2023-12-01-101010_a/up.sql',
    ]);
    expect(order.convention).toBe('timestamp');
    expect(order.files).toEqual([
      '00000000000000_diesel_initial_setup/up.sql',
      '2023-12-01-101010_a/up.sql',
      '2024-01-02-000000_b/up.sql',
    ]);
    expect(order.excluded).toEqual([
      { file: '2024-01-02-000000_b/down.sql', reason: expect.stringContaining('down migration') },
    ]);
  });
});

describe('numeric prefixes', () => {
  it('by number, not by text (9 before 10), whatever the separator', () => {
    const order = migrationOrder(['10_c.sql', '9-b.sql', '001_init.sql', '12.d.sql']);
    expect(order.convention).toBe('numeric');
    expect(order.files).toEqual(['001_init.sql', '9-b.sql', '10_c.sql', '12.d.sql']);
  });

  it('a folder of timestamps and smaller numbers is numeric', () => {
    const order = migrationOrder(['20240101120000_b.sql', '2_a.sql']);
    expect(order.convention).toBe('numeric');
    expect(order.files).toEqual(['2_a.sql', '20240101120000_b.sql']);
  });

  it('the same number twice: name order, said in a note', () => {
    const order = migrationOrder(['1_b.sql', '01_a.sql']);
    expect(order.files).toEqual(['01_a.sql', '1_b.sql']);
    expect(order.notes).toEqual([expect.stringContaining('same prefix')]);
  });
});

describe('plain order', () => {
  it('names without a convention: code-point order, no note', () => {
    const order = migrationOrder(['b.sql', 'B.sql', 'a.sql', 'é.sql']);
    expect(order.convention).toBe('plain');
    expect(order.files).toEqual(['B.sql', 'a.sql', 'b.sql', 'é.sql']);
    expect(order.notes).toEqual([]);
  });

  it('mixed conventions: plain order and a note naming the files that do not fit', () => {
    const order = migrationOrder(['V1__a.sql', 'V2__b.sql', 'seed.sql']);
    expect(order.convention).toBe('plain');
    expect(order.files).toEqual(['V1__a.sql', 'V2__b.sql', 'seed.sql']);
    expect(order.notes).toEqual([
      expect.stringMatching(/Flyway naming fits 2 of 3; not seed\.sql/),
    ]);
  });

  it('down migrations are left out even then', () => {
    const order = migrationOrder(['a.sql', 'a.down.sql']);
    expect(order.files).toEqual(['a.sql']);
    expect(order.excluded.map((e) => e.file)).toEqual(['a.down.sql']);
  });
});

it('labels name the files in the result', () => {
  const order = migrationOrder(['V2__b.sql', 'V1__a.sql', 'U2__b.sql'], {
    label: (p) => `db/${p}`,
  });
  expect(order.files).toEqual(['db/V1__a.sql', 'db/V2__b.sql']);
  expect(order.excluded[0]!.file).toBe('db/U2__b.sql');
});

it('compareCodePoints orders astral characters after U+FFFF, unlike UTF-16 order', () => {
  const astral = '\u{1F600}';
  const high = '\uFFFD';
  expect(astral < high).toBe(true); // UTF-16 units: a surrogate sorts first
  expect(compareCodePoints(astral, high)).toBeGreaterThan(0);
  expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
  expect(compareCodePoints('abc', 'abc')).toBe(0);
});
