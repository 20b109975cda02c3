// `fkdoctor orphans` as a user runs it, on each test server: the report (text, JSON, Markdown)
// with exit 1 when orphans exist and 0 on a clean table, --repair to a file and to stdout,
// --apply end to end (the only write), Ctrl-C mid-scan (exit 130 with what was counted), and
// bad input: unknown --table/--constraint, a bad --repair, no database, a dead server (exit 3,
// no password).

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantedSql } from '../doctor/orphans/plant.js';
import { type ScratchDatabase, scratchDatabase, testServers } from '../support/servers.js';
import { cliPath, runCli } from './run-cli.js';

const servers = testServers();

async function sql(url: string, text: string): Promise<pg.QueryResult[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(text);
    return Array.isArray(result) ? result : [result];
  } finally {
    await client.end();
  }
}

describe.each(servers.map((s) => [s.label, s] as const))('orphans --db on %s', (_, server) => {
  let database: ScratchDatabase;
  let db: string;
  beforeAll(async () => {
    database = await scratchDatabase(server.url);
    db = database.url;
    await sql(db, plantedSql('shop'));
  });
  afterAll(() => database.drop());

  it('reports each FK with its orphans and sample keys, exit 1', async () => {
    const { code, stdout, stderr } = await runCli(['orphans', '--db', db]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toContain(
      'shop.orders  orders_customer_id_fkey  (customer_id) → shop.customer (id)\n  3 orphan rows\n',
    );
    expect(stdout).toMatch(/keys: \(customer_id\)=\((7|9)\), \(customer_id\)=\((7|9)\), \.\.\.\n/);
    expect(stdout).toContain(
      'shop.item  item_bin_fkey  (region, code) → shop.bin (region, code)  [MATCH FULL]\n  1 orphan row, 2 rows with a partly NULL key\n',
    );
    expect(stdout).toContain(
      'shop.book  book_author_fkey  (author_id) → shop.author (id)  [NOT VALID]',
    );
    expect(stdout).toContain(
      'shop."child Table"  "Child → Parent ""fk"""  ("Parent Key") → shop."Parent ""Ω"" Table" ("Key Id")',
    );
    expect(stdout).toContain(
      'shop.post_tag  post_tag_tag_id_fkey  (tag_id) → shop.tag (id)\n  no orphans\n',
    );
    expect(stdout).toMatch(
      /11 foreign keys checked in PostgreSQL .*: 8 foreign keys with orphans, 17 rows in all\.\n$/,
    );
    expect(stdout).not.toContain('password');
  });

  it('exit 0 on a clean table; --table and --constraint select', async () => {
    const clean = await runCli(['orphans', '--db', db, '--table', 'shop.post_tag']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/1 foreign key checked in .*: no orphans\.\n$/);
    const one = await runCli([
      'orphans',
      '--db',
      db,
      '--constraint',
      'stock_region_code_fkey',
      '--json',
    ]);
    expect(one.code).toBe(1);
    const json = JSON.parse(one.stdout);
    expect(json.foreignKeys).toHaveLength(1);
    expect(json.foreignKeys[0]).toMatchObject({
      table: 'shop.stock',
      constraint: 'stock_region_code_fkey',
      orphanCount: 2,
      columns: ['region', 'code'],
    });
    expect(json.orphanRows).toBe(2);
    const md = await runCli([
      'orphans',
      '--db',
      db,
      '--table',
      'shop.orders',
      '--format',
      'markdown',
    ]);
    expect(md.stdout).toContain(
      '| `shop.orders` | `orders_customer_id_fkey` | `shop.customer` (id) | 3 |',
    );
  });

  it('chunked scans give the same counts', async () => {
    const chunked = await runCli([
      'orphans',
      '--db',
      db,
      '--table',
      'shop.event',
      '--chunk-rows',
      '50',
      '--json',
    ]);
    const json = JSON.parse(chunked.stdout);
    expect(json.foreignKeys[0]).toMatchObject({
      orphanCount: 3,
      scan: { mode: 'chunked', chunkColumn: 'id' },
    });
  });

  it('--repair writes the script (to stdout, or to --out), touching nothing', async () => {
    const printed = await runCli([
      'orphans',
      '--db',
      db,
      '--table',
      'shop.orders',
      '--repair',
      'delete',
    ]);
    expect(printed.code).toBe(1);
    expect(printed.stdout).toMatch(
      /^-- fkdoctor orphans: repair of orders_customer_id_fkey on shop.orders \(delete\)\n/,
    );
    expect(printed.stdout).toContain(
      'CREATE TABLE shop.fkdoctor_orphans_orders_customer_id_fkey AS',
    );
    expect(printed.stderr).toContain('3 orphan rows');
    const dir = await mkdtemp(join(tmpdir(), 'fkdoctor-orphans-'));
    try {
      const out = join(dir, 'repair.sql');
      const written = await runCli([
        'orphans',
        '--db',
        db,
        '--table',
        'shop.city',
        '--repair',
        'set-null',
        '--out',
        out,
      ]);
      expect(written.code).toBe(1);
      expect(written.stderr).toContain(
        'refused: --repair set-null of city_country_code_fkey on shop.city: country_code is NOT NULL',
      );
      expect(await readFile(out, 'utf8')).toBe('');
      const partial = await runCli([
        'orphans',
        '--db',
        db,
        '--table',
        'shop.item',
        '--repair',
        'placeholder-parents',
        '--out',
        out,
      ]);
      expect(partial.code).toBe(1);
      expect(partial.stderr).toContain(
        '2 rows have a partly NULL key (MATCH FULL), which no placeholder parent can match',
      );
      const ok = await runCli([
        'orphans',
        '--db',
        db,
        '--table',
        'shop.stock',
        '--repair',
        'set-null',
        '--out',
        out,
      ]);
      expect(ok.stderr).toBe(`fkdoctor: wrote the repair script to ${out}\n`);
      expect(await readFile(out, 'utf8')).toContain(
        'UPDATE ONLY shop.stock AS c SET region = NULL, code = NULL',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const [left] = await sql(db, 'SELECT count(*)::int AS n FROM shop.orders');
    expect(left!.rows[0].n).toBe(6);
  });

  it('--apply runs the repair, then reports zero orphans', async () => {
    const applied = await runCli([
      'orphans',
      '--db',
      db,
      '--table',
      'shop.orders',
      '--repair',
      'delete',
      '--apply',
    ]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('3 orphan rows');
    expect(applied.stdout).toContain(
      'orders_customer_id_fkey: repaired (delete); 0 orphans left\n',
    );
    const [backup] = await sql(
      db,
      'SELECT id FROM shop.fkdoctor_orphans_orders_customer_id_fkey ORDER BY id',
    );
    expect(backup!.rows.map((r) => r.id)).toEqual([2, 3, 6]);
    const again = await runCli(['orphans', '--db', db, '--table', 'shop.orders']);
    expect(again.code).toBe(0);
  });

  it('Ctrl-C stops the scan: exit 130, with what was counted so far', async () => {
    await sql(
      db,
      `CREATE TABLE shop.big (id int PRIMARY KEY, customer_id int);
       INSERT INTO shop.big SELECT g, 1 FROM generate_series(1, 20000) g;
       ALTER TABLE shop.big ADD FOREIGN KEY (customer_id) REFERENCES shop.customer;`,
    );
    const child = spawn(
      process.execPath,
      [cliPath, 'orphans', '--db', db, '--table', 'shop.big', '--chunk-rows', '1'],
      {
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    setTimeout(() => child.kill('SIGINT'), 1500);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted; cancelling the running statement');
    expect(stdout).toContain('shop.big  big_customer_id_fkey  (customer_id) → shop.customer (id)');
    expect(stdout).toContain('0 orphan rows (interrupted)');
    expect(stdout).toMatch(/interrupted before the end\.\n$/);
  });

  it('bad input: unknown table or constraint, bad --repair, --apply alone', async () => {
    const table = await runCli(['orphans', '--db', db, '--table', 'nope']);
    expect(table.code).toBe(2);
    expect(table.stderr).toMatch(/^fkdoctor: PostgreSQL .*: no table "nope" in the database\n$/);
    const constraint = await runCli(['orphans', '--db', db, '--constraint', 'nope']);
    expect(constraint.code).toBe(2);
    expect(constraint.stderr).toContain('no foreign key named "nope"');
    const repair = await runCli(['orphans', '--db', db, '--repair', 'drop']);
    expect(repair).toMatchObject({ code: 2, stdout: '' });
    expect(repair.stderr).toBe(
      'fkdoctor: --repair must be delete, set-null, placeholder-parents, not "drop"\n',
    );
    expect((await runCli(['orphans', '--db', db, '--apply'])).code).toBe(2);
  });
});

describe('orphans without a database', () => {
  it('needs --db', async () => {
    const result = await runCli(['orphans']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('orphans reads a live database: give --db URL');
  });

  it('a dead server: exit 3, the password never printed', async () => {
    const result = await runCli(['orphans', '--db', 'postgres://fk:s3cret-pw@127.0.0.1:1/nope']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^fkdoctor: could not connect to postgres:\/\/fk:\*\*\*@127\.0\.0\.1:1\/nope/,
    );
    expect(result.stderr).not.toContain('s3cret-pw');
  });
});
