// `fkdoctor check DIR` through the built CLI: a folder of migrations run in its tool's order,
// a table used before the file that creates it reported first, failures named by their file.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'fkdoctor-migrations-'));
// Each run starts an embedded PostgreSQL; a busy machine needs the time.
const slow = 240_000;

function folder(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('a Flyway folder with a file that uses a table of a later file', () => {
  const dir = folder('flyway', {
    'V1__customers.sql': 'CREATE TABLE customers (id int PRIMARY KEY);\n',
    // V1_2 runs before V1_10: numbers, not text.
    'V1_2__orders.sql': [
      'CREATE TABLE orders (',
      '  id int PRIMARY KEY,',
      '  customer_id int REFERENCES customers (id),',
      '  product_id int REFERENCES products (id)',
      ');',
      '',
    ].join('\n'),
    'V1_10__products.sql': 'CREATE TABLE products (id int PRIMARY KEY);\n',
    'V2__seed.sql': 'INSERT INTO customers VALUES (1);\nINSERT INTO products VALUES (1), (2);\n',
    'U1_10__products.sql': 'DROP TABLE products;\n',
    'R__views.sql': 'CREATE VIEW customer_ids AS SELECT id FROM customers;\n',
  });

  it('text: the order, the finding on the line naming the table, then the failure', {
    timeout: slow,
  }, async () => {
    const result = await runCli(['check', dir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const out = result.stdout;
    expect(out).toContain(`${dir}: 5 migrations, Flyway`);
    const listed = ['V1__customers', 'V1_2__orders', 'V1_10__products', 'V2__seed', 'R__views'];
    const at = listed.map((name) => out.indexOf(`${join(dir, name)}.sql`));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(out).toMatch(/left out: .*U1_10__products\.sql \(a Flyway undo migration/);
    const finding = `✖ ${join(dir, 'V1_2__orders.sql')}:4  uses products, which only a later file creates, at ${join(dir, 'V1_10__products.sql')}:1`;
    const failure = `✖ ${join(dir, 'V1_2__orders.sql')}:1  CREATE TABLE orders (`;
    expect(out).toContain(finding);
    expect(out).toContain(failure);
    expect(out.indexOf(finding)).toBeLessThan(out.indexOf(failure));
    expect(out).toMatch(/relation "products" does not exist/);
    expect(out).toMatch(/1 table used before the file that creates it, 1 failing statement/);
  });

  it('--json: the same, as data', { timeout: slow }, async () => {
    const result = await runCli(['check', '--json', dir]);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.convention).toBe('flyway');
    expect(json.files).toEqual(
      ['V1__customers', 'V1_2__orders', 'V1_10__products', 'V2__seed', 'R__views'].map((n) =>
        join(dir, `${n}.sql`),
      ),
    );
    expect(json.excluded).toEqual([
      { file: join(dir, 'U1_10__products.sql'), reason: expect.stringContaining('undo') },
    ]);
    expect(json.usedBeforeCreated).toEqual([
      {
        file: join(dir, 'V1_2__orders.sql'),
        line: 4,
        statementIndex: 0,
        table: 'products',
        createdIn: { file: join(dir, 'V1_10__products.sql'), line: 1 },
      },
    ]);
    expect(json.failures.map((f: { file: string; line: number }) => [f.file, f.line])).toEqual([
      [join(dir, 'V1_2__orders.sql'), 1],
    ]);
  });
});

describe('a Prisma folder', () => {
  it('runs migration.sql in time order; an FK failure names its file and the later parent', {
    timeout: slow,
  }, async () => {
    const dir = folder('prisma', {
      'migration_lock.toml': 'provider = "postgresql"\n',
      '20240301000000_seed_orders/migration.sql': 'INSERT INTO "Order" VALUES (1, 7);\n',
      '20240101000000_init/migration.sql': [
        'CREATE TABLE "User" (id int PRIMARY KEY);',
        'CREATE TABLE "Order" (id int PRIMARY KEY, "userId" int REFERENCES "User" (id));',
        '',
      ].join('\n'),
      '20240401000000_seed_users/migration.sql': '\nINSERT INTO "User" VALUES (7);\n',
    });
    const result = await runCli(['check', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/3 migrations, timestamp prefixes .*Prisma/);
    expect(result.stdout).toContain(
      `✖ ${join(dir, '20240301000000_seed_orders/migration.sql')}:1  INSERT INTO "Order"`,
    );
    expect(result.stdout).toContain(
      `its parent is inserted later, at ${join(dir, '20240401000000_seed_users/migration.sql')}:2`,
    );
  });
});

describe('a golang-migrate folder that runs', () => {
  it('exit 0; the down migrations are left out', { timeout: slow }, async () => {
    const dir = folder('golang', {
      '000001_init.up.sql': 'CREATE TABLE a (id int PRIMARY KEY);\n',
      '000001_init.down.sql': 'DROP TABLE a;\n',
      '000002_b.up.sql': 'CREATE TABLE b (a_id int REFERENCES a);\nINSERT INTO a VALUES (1);\n',
      '000002_b.down.sql': 'DROP TABLE b;\n',
      '000003_empty.up.sql': '',
    });
    const result = await runCli(['check', dir]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/3 migrations, golang-migrate/);
    expect(result.stdout).toMatch(/left out: .*000001_init\.down\.sql \(a down migration/);
    expect(result.stdout).toMatch(/note: .*000003_empty\.up\.sql is empty: nothing to run/);
    expect(result.stdout).toMatch(/✔ 3 migrations, 3 statements, no failures/);
    expect(result.code).toBe(0);
  });
});

describe('a goose folder', () => {
  it('runs only the Up half of each file, and says so', { timeout: slow }, async () => {
    const dir = folder('goose', {
      '00001_a.sql':
        '-- +goose Up\nCREATE TABLE a (id int PRIMARY KEY);\n\n-- +goose Down\nDROP TABLE a;\n',
      '00002_b.sql':
        '-- +goose Up\nCREATE TABLE b (a_id int REFERENCES a);\n-- +goose Down\nDROP TABLE b;\n',
    });
    const result = await runCli(['check', dir]);
    expect(result.stdout).toMatch(/2 migrations, numeric prefixes/);
    expect(result.stdout).toContain(
      `note: ${join(dir, '00001_a.sql')}: goose up/down sections: only the up part runs (lines 4–5 left out)`,
    );
    expect(result.stdout).toMatch(/✔ 2 migrations, 2 statements, no failures/);
    expect(result.code).toBe(0);
  });
});
