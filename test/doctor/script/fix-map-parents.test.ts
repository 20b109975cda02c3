// fix --missing-parents map, end to end: a seed written against another database (its parent ids
// are not this database's) is fixed against a database that has the parents under other ids.
// Each row is given the id of the parent that exists there, found by its email: read from the
// script's own parent row that ON CONFLICT DO NOTHING skipped, or from the child row's column.
// On PGlite, PG 15 and PG 18 the fixed script must load, and leave what a load mapped by hand
// leaves; rows that cannot be mapped are refused with their reason, and nothing is printed.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScript } from '../../../src/doctor/script/check-script.js';
import { type FixOptions, fixScript } from '../../../src/doctor/script/fix-script.js';
import { MapByError } from '../../../src/doctor/script/missing/natural-key.js';
import { runScript } from '../../../src/doctor/script/run-statements.js';
import type { Engine } from '../../../src/engine/engine.js';
import { openServer } from '../../../src/engine/node-postgres.js';
import { openEmbedded } from '../../../src/engine/pglite.js';
import { renderCheckText, reportOf } from '../../../src/render/check-text.js';
import { renderFixSummary } from '../../../src/render/fix-text.js';
import { styleFor } from '../../../src/render/style.js';
import { scanScript } from '../../../src/sql/split/index.js';
import { psqlCommand, psqlFile, snapshot } from '../../support/psql.js';
import { scratchDatabase, testServers } from '../../support/servers.js';

const examples = new URL('./examples/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, examples), 'utf8');
const path = (name: string) => new URL(name, examples).pathname;
const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-map-'));

const byEmail: FixOptions = {
  missingParents: 'map',
  mapBy: [
    {
      parent: { schema: null, name: 'customers' },
      columns: ['email'],
      child: { table: { schema: null, name: 'orders' }, columns: ['customer_email'] },
    },
  ],
};

const script = { text: read('map-parents.sql'), file: 'map-parents.sql' };

/** customers.id by email, as the database holds it. */
async function idsByEmail(engine: Engine): Promise<Map<string, string>> {
  const { rows } = await engine.query<{ id: string; email: string }>(
    'SELECT id::text AS id, email FROM customers',
  );
  return new Map(rows.map((r) => [r.email, r.id]));
}

describe('on PGlite', () => {
  it('maps every row to the existing customer with its email, and the result loads', async () => {
    const engine = await openEmbedded();
    try {
      await engine.exec(read('map-parents.setup.sql'));
      const shared = () => Promise.resolve({ ...engine, close: async () => undefined });
      // check says where the lost parent row is, and that it is not there.
      const checked = await checkScript(engine, script);
      expect(renderCheckText(reportOf(checked), script.file, styleFor(false))).toContain(
        'row 1 (map-parents.sql:10) (customer_id)=(101) — its parent is inserted earlier, at map-parents.sql:4, yet is not there (ON CONFLICT DO NOTHING skipped it, or its statement failed)',
      );
      // Without an option: every such row is reported, a lost parent row with its line.
      const report = await fixScript(shared, script, {});
      expect(report.verified).toBe(false);
      expect(report.missingParentRows.map((r) => [r.line, r.key, r.parentRow?.line])).toEqual([
        [10, ['101'], 4],
        [12, ['102'], 5],
        [15, ['555'], undefined],
        [16, ['556'], undefined],
      ]);
      expect(renderFixSummary(report, script, styleFor(false), false).split('\n')[0]).toBe(
        '✖ map-parents.sql:10 orders (customer_id) = (101): customers (id) = (101) is inserted at map-parents.sql:4, yet is not there (ON CONFLICT DO NOTHING skipped it, or its statement failed) ("orders_customer_id_fkey"); reordering cannot fix it',
      );
      const result = await fixScript(shared, script, byEmail);
      expect(result.refused).toEqual([]);
      expect(result.verified).toBe(true);
      const ids = await idsByEmail(engine);
      expect(result.mapped.map((m) => [m.line, m.key, m.newKey, m.from.kind])).toEqual([
        [10, ['101'], [ids.get('ann@example.com')], 'parent-row'],
        [12, ['102'], [ids.get('bob@example.com')], 'child'],
        [15, ['555'], [ids.get('cy@example.com')], 'child'],
        [16, ['556'], [ids.get('ann@example.com')], 'child'],
      ]);
      // Loaded for real (the sandbox rolled back), next to the hand-mapped load.
      const contents = async (sql: string) => {
        const db = await openEmbedded();
        try {
          await db.exec(read('map-parents.setup.sql'));
          // Run as psql would (COPY data and all), and kept.
          const outcomes = await runScript(db, sql, scanScript(sql).statements, {
            rollback: false,
          });
          expect(outcomes.filter((o) => o.status !== 'ok')).toEqual([]);
          const tables = ['customers', 'orders', 'order_items'];
          const out: unknown[] = [];
          for (const table of tables) {
            out.push((await db.query(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows);
          }
          return out;
        } finally {
          await db.close();
        }
      };
      expect(await contents(result.fixed!)).toEqual(
        await contents(read('map-parents.expected.sql')),
      );
    } finally {
      await engine.close();
    }
  });
});

describe.each(testServers())('on $label with --db and psql', (server) => {
  it('the fixed script loads like the hand-mapped one; the original does not load', async () => {
    const fixedDb = await scratchDatabase(server.url);
    const handDb = await scratchDatabase(server.url);
    const originalDb = await scratchDatabase(server.url);
    try {
      for (const db of [fixedDb, handDb, originalDb]) {
        expect(psqlFile(db.url, path('map-parents.setup.sql')).status).toBe(0);
      }
      const result = await fixScript(() => openServer(fixedDb.url), script, byEmail);
      expect(result.verified).toBe(true);
      expect(result.mapped).toHaveLength(4);
      // The sandbox rolled back: the database is as it was.
      expect(psqlCommand(fixedDb.url, 'SELECT count(*) FROM orders').trim()).toBe('0');
      // Every other byte of the script is as it was: only the four customer ids changed, to
      // the ids the database has for those emails.
      const id = (email: string) =>
        psqlCommand(fixedDb.url, `SELECT id FROM customers WHERE email = '${email}'`).trim();
      const expected = script.text
        .replace('(1, 101, NULL', `(1, ${id('ann@example.com')}, NULL`)
        .replace("(3, 102, 'bob", `(3, ${id('bob@example.com')}, 'bob`)
        .replace('4\t555\t', `4\t${id('cy@example.com')}\t`)
        .replace('5\t556\t', `5\t${id('ann@example.com')}\t`);
      expect(expected).not.toBe(script.text);
      const withoutNotes = result
        .fixed!.split('\n')
        .filter((line) => !line.startsWith('-- fkdoctor:'))
        .join('\n');
      expect(withoutNotes).toBe(expected);
      const file = join(dir, `${server.label}.fixed.sql`);
      writeFileSync(file, result.fixed!);
      const run = psqlFile(fixedDb.url, file);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(psqlFile(handDb.url, path('map-parents.expected.sql')).status).toBe(0);
      expect(snapshot(fixedDb.url)).toBe(snapshot(handDb.url));
      expect(psqlFile(originalDb.url, path('map-parents.sql')).status).not.toBe(0);
    } finally {
      await fixedDb.drop();
      await handDb.drop();
      await originalDb.drop();
    }
  });

  it('quoted mixed-case names, a schema, and a natural key of two columns', async () => {
    const db = await scratchDatabase(server.url);
    try {
      psqlCommand(
        db.url,
        [
          'CREATE SCHEMA "Shop"',
          'CREATE TABLE "Shop"."People" ("Id" integer PRIMARY KEY, "First Name" text NOT NULL, "Last" text NOT NULL, UNIQUE ("First Name", "Last"))',
          'CREATE TABLE "Shop"."Orders" ("Id" integer PRIMARY KEY, "Person" integer REFERENCES "Shop"."People" ("Id"), "Buyer First" text, "Buyer Last" text)',
          `INSERT INTO "Shop"."People" VALUES (1, 'Ann', 'Lee'), (2, 'Ann', 'Ray')`,
        ].join(';\n'),
      );
      const text = `INSERT INTO "Shop"."Orders" VALUES (10, 77, 'Ann', 'Ray'), (11, 78, 'Ann', 'Lee');\n`;
      const result = await fixScript(
        () => openServer(db.url),
        { text, file: 'shop.sql' },
        {
          missingParents: 'map',
          mapBy: [
            {
              parent: { schema: 'Shop', name: 'People' },
              columns: ['First Name', 'Last'],
              child: {
                table: { schema: 'Shop', name: 'Orders' },
                columns: ['Buyer First', 'Buyer Last'],
              },
            },
          ],
        },
      );
      expect(result.refused).toEqual([]);
      expect(result.verified).toBe(true);
      const idOf = (first: string, last: string) =>
        psqlCommand(
          db.url,
          `SELECT "Id" FROM "Shop"."People" WHERE "First Name" = '${first}' AND "Last" = '${last}'`,
        ).trim();
      expect(result.mapped.map((m) => m.newKey)).toEqual([
        [idOf('Ann', 'Ray')],
        [idOf('Ann', 'Lee')],
      ]);
      const file = join(dir, `${server.label}.shop.sql`);
      writeFileSync(file, result.fixed!);
      expect(psqlFile(db.url, file).status).toBe(0);
      expect(
        psqlCommand(db.url, 'SELECT "Id", "Person" FROM "Shop"."Orders" ORDER BY 1').trim(),
      ).toBe(`10|${idOf('Ann', 'Ray')}\n11|${idOf('Ann', 'Lee')}`);
    } finally {
      await db.drop();
    }
  });

  it('no match, several matches, no value to search by: refused with the reason, not fixed', async () => {
    const db = await scratchDatabase(server.url);
    try {
      expect(psqlFile(db.url, path('map-parents.setup.sql')).status).toBe(0);
      psqlCommand(db.url, "INSERT INTO customers VALUES (10, 'ann@work.example', 'Ann')");
      const text = [
        "INSERT INTO orders VALUES (1, 201, 'zed@example.com', 1.00);  -- nobody has this email",
        'INSERT INTO orders VALUES (2, 202, NULL, 2.00);  -- no email anywhere',
        "INSERT INTO orders VALUES (3, 203, 'cy@example.com', 3.00);  -- this one maps",
        '',
      ].join('\n');
      const result = await fixScript(() => openServer(db.url), { text, file: 'r.sql' }, byEmail);
      expect(result.verified).toBe(false);
      expect(result.mapped.map((m) => [m.line, m.newKey])).toEqual([[3, ['9']]]);
      expect(result.refused.map((r) => [r.option, r.places[0]!.line, r.reason])).toEqual([
        ['map', 1, "no customers row in the database has email = 'zed@example.com'"],
        [
          'map',
          2,
          'its customer_email is NULL, so there is no customers (email) to find its parent by (in the row itself)',
        ],
      ]);
      // By name, two customers are Ann: fkdoctor does not pick one.
      const ambiguous = await fixScript(
        () => openServer(db.url),
        {
          text: "INSERT INTO orders VALUES (4, 204, 'Ann', 4.00);\n",
          file: 'a.sql',
        },
        {
          missingParents: 'map',
          mapBy: [
            {
              parent: { schema: null, name: 'customers' },
              columns: ['name'],
              child: { table: { schema: null, name: 'orders' }, columns: ['customer_email'] },
            },
          ],
        },
      );
      expect(ambiguous.verified).toBe(false);
      expect(ambiguous.refused.map((r) => r.reason)).toEqual([
        "2 customers rows in the database have name = 'Ann': fkdoctor does not guess which",
      ]);
      // Without --map-by the natural key is customers' one other unique key, email; a row
      // whose customer the script never inserts has no email to search by.
      const bare = await fixScript(
        () => openServer(db.url),
        { text: 'INSERT INTO orders VALUES (5, 205, NULL, 5.00);\n', file: 'b.sql' },
        { missingParents: 'map' },
      );
      expect(bare.refused.map((r) => r.reason)).toEqual([
        'the script carries no customers (email) for this row: no row of customers in the script has id = 205; if a column of orders holds it, name it: --map-by customers.email=orders.COLUMN',
      ]);
      // A key the row takes from the column's default is not in the text to rewrite.
      psqlCommand(db.url, 'ALTER TABLE orders ALTER customer_id SET DEFAULT 300');
      const defaulted = await fixScript(
        () => openServer(db.url),
        {
          text: "INSERT INTO orders (id, customer_email, total) VALUES (6, 'cy@example.com', 6);\n",
          file: 'd.sql',
        },
        byEmail,
      );
      expect(defaulted.verified).toBe(false);
      expect(defaulted.refused.map((r) => r.reason)).toEqual([
        "the row takes its customer_id from the column's default: fkdoctor rewrites only values written in the row",
      ]);
      // A --map-by naming what the schema does not have is bad usage.
      await expect(
        fixScript(
          () => openServer(db.url),
          { text, file: 'r.sql' },
          {
            missingParents: 'map',
            mapBy: [{ parent: { schema: null, name: 'customers' }, columns: ['mail'] }],
          },
        ),
      ).rejects.toThrow(MapByError);
    } finally {
      await db.drop();
    }
  });
});
