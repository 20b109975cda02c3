// `fkdoctor delete-plan` as a user runs it: on each test server (shop.sql in a scratch database)
// and on a --schema file in PGlite; text, JSON and Markdown; --verify, --apply, --script and
// --cte (the written script run on a copy of the data leaves what the server's DELETE leaves);
// bad input and an unreachable server with their exit codes.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKey } from '../../src/cli/commands/delete-plan.js';
import { readCatalog } from '../../src/engine/introspect.js';
import { openServer } from '../../src/engine/node-postgres.js';
import { contents, shopSql } from '../doctor/delete-plan/support.js';
import { writableSettings } from '../support/engines.js';
import { type ScratchDatabase, scratchDatabase, testServers } from '../support/servers.js';
import { runCli } from './run-cli.js';

const SHOP_FILE = 'test/doctor/delete-plan/shop.sql';

/** The contents of every table after running `sql` on a fresh copy of the shop. */
async function leftAfter(serverUrl: string, sql: string): Promise<Map<string, string[]>> {
  const copy = await scratchDatabase(serverUrl);
  try {
    const engine = await openServer(copy.url, writableSettings);
    try {
      await engine.exec(await shopSql());
      await engine.exec(sql);
      return await contents(engine, await readCatalog(engine));
    } finally {
      await engine.close();
    }
  } finally {
    await copy.drop();
  }
}

describe.each(testServers().map((s) => [s.label, s] as const))(
  'delete-plan --db on %s',
  (_, server) => {
    let database: ScratchDatabase;
    beforeAll(async () => {
      database = await scratchDatabase(server.url);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query(await shopSql());
      } finally {
        await client.end();
      }
    });
    afterAll(() => database.drop());

    it('prints the cascade tree and the verdict; exit 0', async () => {
      const { code, stdout, stderr } = await runCli([
        'delete-plan',
        '--db',
        database.url,
        'customer',
        'id=1',
      ]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain("DELETE FROM public.customer WHERE id = '1'::integer\n");
      expect(stdout).toContain(
        '  ✚ orders: 2 rows deleted — orders_customer_id_fkey (customer_id) ON DELETE CASCADE\n',
      );
      expect(stdout).toContain(
        '      ✚ shipment_item: 3 rows deleted — shipment_item_order_id_line_no_fkey (order_id, line_no) ON DELETE CASCADE\n' +
          '        ⚠ no index on shipment_item (order_id, line_no): each of the 3 deleted rows of order_line scans it',
      );
      expect(stdout).toContain(
        'The DELETE succeeds: 13 rows deleted and 4 rows updated in 8 tables.',
      );
    });

    it('exits 1 when RESTRICT blocks, and --verify agrees', async () => {
      const blocked = await runCli(['delete-plan', '--db', database.url, 'customer', 'id=4']);
      expect(blocked.code).toBe(1);
      expect(blocked.stdout).toContain(
        'The DELETE fails: 1 row of payment (payment_order_id_fkey, RESTRICT).',
      );
      const verified = await runCli([
        'delete-plan',
        '--db',
        database.url,
        'customer',
        'id=4',
        '--verify',
      ]);
      expect(verified.code).toBe(1);
      expect(verified.stdout).toMatch(
        /the server refused it: .*payment_order_id_fkey.*\(SQLSTATE (23503|23001)\)/,
      );
      expect(verified.stdout).toContain('As planned: the plan said it fails.');
    });

    it('--verify runs the DELETE and rolls it back; --apply commits it', async () => {
      const count = async () => {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          return (await client.query('SELECT count(*)::int AS n FROM category')).rows[0].n;
        } finally {
          await client.end();
        }
      };
      const verified = await runCli([
        'delete-plan',
        '--db',
        database.url,
        'category',
        'id=1',
        '--verify',
      ]);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toContain(
        'Verified: the DELETE ran in a transaction that was rolled back.\nEvery table changed exactly as planned.\n',
      );
      expect(await count()).toBe(7);
      const json = JSON.parse(
        (
          await runCli([
            'delete-plan',
            '--db',
            database.url,
            'category',
            'id=6',
            '--apply',
            '--json',
          ])
        ).stdout,
      );
      expect(json.apply).toMatchObject({ committed: true, matchesPlan: true });
      expect(await count()).toBe(5);
    });

    it('writes Markdown and JSON, with quoted names in and out', async () => {
      const markdown = await runCli([
        'delete-plan',
        '--db',
        database.url,
        'Odd "Schema".Order Items',
        'Mixed Case=2',
        '--format',
        'markdown',
      ]);
      expect(markdown.code).toBe(0);
      expect(markdown.stdout).toMatch(
        /^## Delete plan: `DELETE FROM "Odd ""Schema"""\."Order Items" WHERE "Mixed Case" = '2'::integer`\n/,
      );
      expect(markdown.stdout).toContain('| `"Odd ""Schema"""."Café"` | 0 | 1 |');
      const json = JSON.parse(
        (await runCli(['delete-plan', '--db', database.url, 'team', 'id=1', '--json'])).stdout,
      );
      expect(json).toMatchObject({ format: 'fkdoctor-delete-plan', version: 1, succeeds: true });
      expect(json.totals).toEqual([
        expect.objectContaining({ table: 'public.team', deleted: 3 }),
        expect.objectContaining({ table: 'public.member', deleted: 4 }),
      ]);
      expect(json.script).toContain('BEGIN;');
    });

    it('writes a script that leaves what the DELETE leaves, in both forms', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'fkdoctor-delete-plan-'));
      try {
        const file = join(dir, 'delete.sql');
        const cteFile = join(dir, 'delete-cte.sql');
        const args = [
          'delete-plan',
          '--db',
          database.url,
          '"Odd ""Schema"""."Order Items"',
          '"Mixed Case"=1',
        ];
        const written = await runCli([...args, '--script', file]);
        expect(written.stderr).toBe('');
        expect(written.code).toBe(0);
        expect((await runCli([...args, '--script', cteFile, '--cte'])).code).toBe(0);
        const script = await readFile(file, 'utf8');
        expect(script).toMatch(
          /^-- fkdoctor delete-plan: DELETE FROM "Odd ""Schema"""\."Order Items" WHERE "Mixed Case" = '1'::integer\n/,
        );
        expect(script).toContain('\nBEGIN;\n');
        expect(script).toMatch(/\nCOMMIT;\n$/);
        const byDelete = await leftAfter(
          server.url,
          'DELETE FROM "Odd ""Schema"""."Order Items" WHERE "Mixed Case" = 1',
        );
        expect(await leftAfter(server.url, script)).toEqual(byDelete);
        expect(await leftAfter(server.url, await readFile(cteFile, 'utf8'))).toEqual(byDelete);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('refuses bad input with exit 2 and the server’s message', async () => {
      const run = (...args: string[]) => runCli(['delete-plan', '--db', database.url, ...args]);
      const table = await run('customers', 'id=1');
      expect(table.code).toBe(2);
      expect(table.stderr).toBe('fkdoctor: no table "customers"\n');
      const column = await run('customer', 'ID=1');
      expect(column).toMatchObject({ code: 0 });
      const unknown = await run('customer', 'idd=1');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain(
        'public.customer has no column "idd"; its columns: id, tenant',
      );
      const value = await run('customer', 'id=one');
      expect(value.code).toBe(2);
      expect(value.stderr).toBe(
        'fkdoctor: public.customer.id (integer): invalid input syntax for type integer: "one"\n',
      );
      const none = await run('customer', 'id=99');
      expect(none).toMatchObject({
        code: 2,
        stderr: 'fkdoctor: no row of public.customer has id = 99\n',
      });
      const noKey = await run('customer');
      expect(noKey.code).toBe(2);
      expect(noKey.stderr).toContain('KEY=VALUE');
      const notPair = await run('customer', 'id');
      expect(notPair).toMatchObject({ code: 2, stderr: 'fkdoctor: "id" is not KEY=VALUE\n' });
    });
  },
);

describe('delete-plan on a --schema file (PGlite)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fkdoctor-delete-plan-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('comments out the script of a DELETE that fails', async () => {
    const { code, stdout } = await runCli([
      'delete-plan',
      '--schema',
      SHOP_FILE,
      'customer',
      'id=4',
      '--script',
      '-',
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      '-- This DELETE would fail:\n--   1 row of public.payment (payment_order_id_fkey, RESTRICT)\n',
    );
    const live = stdout.split('\n').filter((line) => line !== '' && !line.startsWith('--'));
    expect(live).toEqual([]);
  });

  it('says what is missing: no database, a file that does not load', async () => {
    const none = await runCli(['delete-plan', 'customer', 'id=1']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no database: give --db URL');
    const bad = join(dir, 'bad.sql');
    await writeFile(bad, 'CREATE TABLE x (id int REFERENCES nowhere);');
    const broken = await runCli(['delete-plan', '--schema', bad, 'x', 'id=1']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toBe(
      `fkdoctor: ${bad}: does not load: relation "nowhere" does not exist\n`,
    );
  });
});

it('reads KEY=VALUE pairs, quoted names holding = included', () => {
  expect(parseKey(['"a=b"=1', 'x=y=z', 'empty='])).toEqual({ '"a=b"': '1', x: 'y=z', empty: '' });
  expect(() => parseKey(['=1'])).toThrow('"=1" is not KEY=VALUE');
  expect(() => parseKey(['a=1', 'a=2'])).toThrow('a is given twice');
});

it('reports an unreachable server with exit code 3 and no password', async () => {
  const result = await runCli([
    'delete-plan',
    '--db',
    'postgres://app:secret@127.0.0.1:1/shop',
    'orders',
    'id=1',
  ]);
  expect(result.code).toBe(3);
  expect(result.stderr).not.toContain('secret');
  expect(result.stderr).toMatch(
    /^fkdoctor: could not connect to postgres:\/\/app:\*+@127\.0\.0\.1:1\/shop/,
  );
});
