// explain --db against real servers (PostgreSQL majors from the test setup, and PGlite): the
// errors are raised by the server itself, explained live, and the fixes are proven by running
// them in a transaction that is rolled back.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Explanation } from '../../src/doctor/explain/explanation.js';
import { explainLive } from '../../src/doctor/explain/live/explain-live.js';
import { parseForeignKeyViolation } from '../../src/doctor/explain/parse/index.js';
import { defaultSessionSettings, type Engine } from '../../src/engine/engine.js';
import { openServer } from '../../src/engine/node-postgres.js';
import { openEmbedded } from '../../src/engine/pglite.js';
import { type ScratchDatabase, scratchDatabase, testServers } from '../support/servers.js';

const shop = readFileSync(new URL('./live-shop.sql', import.meta.url), 'utf8');

interface Target {
  label: string;
  major: number;
  open(): Promise<{ admin: Engine; reader: Engine; close(): Promise<void> }>;
}

const targets: Target[] = [
  {
    label: 'pglite',
    major: 18,
    async open() {
      const engine = await openEmbedded();
      return { admin: engine, reader: engine, close: () => engine.close() };
    },
  },
  ...testServers().map(
    (server): Target => ({
      label: server.label,
      major: server.major,
      async open() {
        const db: ScratchDatabase = await scratchDatabase(server.url);
        const admin = await openServer(db.url, { ...defaultSessionSettings, readOnly: false });
        // explain reads through a session like a user's: read-only, with timeouts.
        const reader = await openServer(db.url);
        return {
          admin,
          reader,
          async close() {
            await reader.close();
            await admin.close();
            await db.drop();
          },
        };
      },
    }),
  ),
];

async function failure(engine: Engine, sql: string): Promise<unknown> {
  try {
    await engine.exec(sql);
  } catch (error) {
    return error;
  }
  throw new Error(`expected to fail: ${sql}`);
}

/** Runs a fix script in a transaction that is rolled back; deferred checks are forced first. */
async function proveFix(engine: Engine, script: string, thenRun = ''): Promise<void> {
  const body = script
    .split('\n')
    .filter((line) => !/^(BEGIN|COMMIT)\b/.test(line.trim()))
    .join('\n');
  await engine.transaction(
    async (tx) => {
      await tx.exec(body);
      if (thenRun) await tx.exec(thenRun);
      await tx.exec('SET CONSTRAINTS ALL IMMEDIATE');
    },
    { rollback: true },
  );
}

function fix(explanation: Explanation, id: string): string {
  const found = explanation.fixes.find((f) => f.id === id);
  if (!found) throw new Error(`no fix ${id}`);
  return found.sql;
}

describe.each(targets)('explain --db on $label', (target) => {
  let admin: Engine;
  let reader: Engine;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ admin, reader, close } = await target.open());
    await admin.exec(shop);
  });
  afterAll(async () => {
    await close?.();
  });

  async function explain(sql: string): Promise<Explanation> {
    const violation = parseForeignKeyViolation(await failure(admin, sql));
    expect(violation).not.toBeNull();
    return explainLive(reader, { ...violation!, statement: sql });
  }

  it('resolves the constraint, finds no parent and shows near misses', async () => {
    const result = await explain('INSERT INTO orders (id, customer_id) VALUES (1001, 42)');
    expect(result.live?.constraint).toMatchObject({
      schema: 'public',
      table: 'orders',
      name: 'orders_customer_id_fkey',
      referencedTable: 'customers',
      deferrable: false,
    });
    expect(result.live?.parentExists).toBe(false);
    const misses = result.live?.nearMisses ?? [];
    expect(misses.find((m) => m.kind === 'nearest-key')?.key).toEqual(['41', '43']);
    expect(misses.find((m) => m.kind === 'other-schema')?.table).toBe('archive.customers');
    expect(result.causes[0]?.id).toBe('wrong-id');
    expect(fix(result, 'insert-parent-first')).toContain(
      'INSERT INTO public.customers (id, email, name)',
    );
  });

  it('finds keys that differ only in case or white space', async () => {
    const result = await explain("INSERT INTO addresses VALUES (1, 'de ')");
    expect(result.live?.nearMisses.map((m) => [m.kind, m.key[0]])).toEqual([
      ['text-variant', 'DE'],
    ]);
  });

  it('says when the parent exists now (ordering or a concurrent transaction)', async () => {
    const error = await failure(admin, 'INSERT INTO orders (id, customer_id) VALUES (1002, 44)');
    await admin.exec("INSERT INTO customers VALUES (44, 'cy@example.com', 'Cy')");
    const result = await explainLive(reader, parseForeignKeyViolation(error)!);
    expect(result.live?.parentExists).toBe(true);
    expect(
      result.causes
        .slice(0, 2)
        .map((c) => c.id)
        .sort(),
    ).toEqual(['concurrent-transaction', 'wrong-order']);
    await admin.exec('DELETE FROM customers WHERE id = 44');
  });

  it('proves the missing-parent fixes by running them', async () => {
    const sql = "INSERT INTO addresses VALUES (2, 'FR')";
    const result = await explain(sql);
    await proveFix(admin, fix(result, 'insert-parent-first'));
    await proveFix(admin, fix(result, 'one-transaction-parents-first'));
    await proveFix(admin, fix(result, 'defer-constraint'));
    await proveFix(admin, fix(result, 'not-valid-validate').replace(/^SELECT[\s\S]*?;$/m, ''), '');
  });

  it('counts referencing rows through the whole cascade chain', async () => {
    const result = await explain('DELETE FROM customers WHERE id = 41');
    expect(result.violation.kind).toBe('still-referenced');
    expect(result.live?.referencingRows.map((r) => [r.table, r.depth, r.rows])).toEqual([
      ['public.orders', 1, 1],
      ['public.order_items', 2, 2],
      ['public.shipments', 3, 1],
    ]);
    await proveFix(admin, fix(result, 'delete-children-first').split('\n\n')[0]!);
    await proveFix(
      admin,
      fix(result, 'delete-children-first').split('-- or as one statement:\n')[1]!,
    );
    await proveFix(admin, fix(result, 'on-delete-cascade'), 'DELETE FROM customers WHERE id = 41');
  });

  it('resolves a composite key whose values contain ", " and sees the RESTRICT action', async () => {
    const result = await explain(`DELETE FROM "Tag Groups" WHERE "Owner" = 'acme, inc'`);
    expect(result.live?.constraint?.onDelete).toBe('restrict');
    // PostgreSQL 18 reports RESTRICT as its own SQLSTATE and wording; older servers do not.
    expect(result.violation.kind).toBe(target.major >= 18 ? 'restrict' : 'still-referenced');
    expect(result.violation.sqlstate).toBe(target.major >= 18 ? '23001' : '23503');
    expect(result.violation.keyAlternatives).toHaveLength(2);
    expect(result.live?.keyValues).toEqual(['acme, inc', 'x']);
    expect(result.live?.constraint?.name).toBe('tag → group');
    expect(fix(result, 'restrict-to-no-action')).toContain('"tag → group"');
    await proveFix(admin, fix(result, 'restrict-to-no-action'));
  });
});
