// runScript on a user's server: fkdoctor's own session (read-only by default, with timeouts)
// stays in force whatever the script sets, and nothing the script did is left afterwards, as a
// second connection sees.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../../../src/doctor/script/run-statements.js';
import { defaultSessionSettings, type Engine } from '../../../src/engine/engine.js';
import { openServer } from '../../../src/engine/node-postgres.js';
import { splitScript } from '../../../src/sql/split/index.js';
import { type ScratchDatabase, scratchDatabase, testServers } from '../../support/servers.js';

describe.each(testServers())('the sandbox on $label', (server) => {
  let database: ScratchDatabase;
  let admin: pg.Client;
  let db: Engine;

  beforeAll(async () => {
    database = await scratchDatabase(server.url);
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`
      create table customers (id int primary key);
      create table orders (id int primary key, customer_id int references customers);
      insert into customers values (1);
    `);
    // As fkdoctor opens a user's server: read-only, statement_timeout and lock_timeout set.
    db = await openServer(database.url, { ...defaultSessionSettings, statementTimeoutMs: 1500 });
  });
  afterAll(async () => {
    await db?.close();
    await admin?.end();
    await database?.drop();
  });

  it('writes inside its transaction on a read-only session, and leaves nothing behind', async () => {
    const script = [
      'create table extra (id int primary key, order_id int references orders);',
      'insert into customers values (2), (3);',
      'insert into orders values (10, 2), (11, 99);',
      'insert into orders values (12, 3);',
      'COPY extra FROM stdin;',
      '1\t12',
      '\\.',
      'begin;',
      'insert into customers values (4);',
      'commit;',
    ].join('\n');
    const statements = splitScript(script);
    // The caller cannot keep a user's server's changes, even by asking.
    const outcomes = await runScript(db, script, statements, { rollback: false });
    expect(outcomes.map((o) => o.status)).toEqual([
      'ok',
      'ok',
      'error',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
    ]);
    expect(outcomes[4]).toMatchObject({ rowCount: 1 });

    const seen = await admin.query(
      `select (select count(*) from customers)::int as customers,
              (select count(*) from orders)::int as orders,
              to_regclass('public.extra') as extra`,
    );
    expect(seen.rows).toEqual([{ customers: 1, orders: 0, extra: null }]);
    // The session is still fkdoctor's: read-only outside the sandbox.
    const readOnly = await db.query<{ ro: string }>(
      "select current_setting('transaction_read_only') as ro",
    );
    expect(readOnly.rows).toEqual([{ ro: 'on' }]);
  });

  it("keeps fkdoctor's statement_timeout and lock_timeout whatever the script sets", async () => {
    const script = [
      'SET statement_timeout = 0;',
      "SELECT pg_catalog.set_config('lock_timeout', '0', false);",
      'RESET ALL;',
      'SET search_path = public, pg_catalog;',
      'select pg_sleep(3);',
      "select current_setting('statement_timeout') as st, current_setting('lock_timeout') as lt;",
    ].join('\n');
    const outcomes = await runScript(db, script, splitScript(script));
    expect(outcomes.map((o) => o.status)).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'ok',
      'error',
      'ok',
    ]);
    expect(outcomes[0]).toMatchObject({
      reason: "fkdoctor keeps its own statement_timeout on a user's server",
    });
    expect(outcomes[4]).toMatchObject({ error: { code: '57014' } });
    const after = await db.query<{ st: string; lt: string }>(
      "select current_setting('statement_timeout') as st, current_setting('lock_timeout') as lt",
    );
    expect(after.rows).toEqual([{ st: '1500ms', lt: '5s' }]);
  });

  it("does not move the server's sequences with setval", async () => {
    await admin.query('create sequence if not exists ticket_seq');
    const script = [
      "SELECT pg_catalog.setval('public.ticket_seq', 500, true);",
      "select nextval('ticket_seq');",
    ].join('\n');
    const outcomes = await runScript(db, script, splitScript(script));
    expect(outcomes.map((o) => o.status)).toEqual(['skipped', 'ok']);
    const { rows } = await admin.query("select nextval('ticket_seq')::int as next");
    expect(rows).toEqual([{ next: 2 }]);
  });

  it('does not let the script switch the foreign-key checks off', async () => {
    const script = [
      'SET session_replication_role = replica;',
      'ALTER TABLE orders DISABLE TRIGGER ALL;',
      'insert into orders values (20, 404);',
      'ALTER TABLE orders ENABLE TRIGGER ALL;',
    ].join('\n');
    const outcomes = await runScript(db, script, splitScript(script));
    expect(outcomes.map((o) => o.status)).toEqual(['skipped', 'skipped', 'error', 'ok']);
    expect(outcomes[2]).toMatchObject({ error: { code: '23503' } });
  });
});
