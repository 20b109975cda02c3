// The server adapter: session settings, read-only mode, and a database that is not there or
// goes away (DatabaseUnavailableError, exit code 3, never a password in the message).

import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSessionSettings, type Engine } from '../../src/engine/engine.js';
import { DatabaseUnavailableError, isDatabaseError } from '../../src/engine/errors.js';
import { openServer } from '../../src/engine/node-postgres.js';
import { writableSettings } from '../support/engines.js';
import { type ScratchDatabase, scratchDatabase, testServers } from '../support/servers.js';

describe.each(testServers())('node-postgres adapter on $label', (server) => {
  let database: ScratchDatabase;
  let db: Engine;

  beforeAll(async () => {
    database = await scratchDatabase(server.url);
    const setup = await openServer(database.url, writableSettings);
    await setup.exec('create table t (id int primary key)');
    await setup.close();
    db = await openServer(database.url);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('applies fkdoctor session settings by default', async () => {
    const { rows } = await db.query(`
      select current_setting('application_name') as application_name,
             current_setting('statement_timeout') as statement_timeout,
             current_setting('lock_timeout') as lock_timeout,
             current_setting('default_transaction_read_only') as read_only`);
    expect(rows).toEqual([
      {
        application_name: 'fkdoctor',
        statement_timeout: '30s',
        lock_timeout: '5s',
        read_only: 'on',
      },
    ]);
    const activity = await db.query(
      'select application_name from pg_stat_activity where pid = pg_backend_pid()',
    );
    expect(activity.rows).toEqual([{ application_name: 'fkdoctor' }]);
  });

  it('rejects writes in a read-only session with SQLSTATE 25006', async () => {
    const error = await db.query('insert into t values (1)').then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDatabaseError(error)).toBe(true);
    expect(error).toMatchObject({ code: '25006' });
    await expect(
      db.transaction((tx) => tx.exec('insert into t values (2)'), { rollback: true }),
    ).rejects.toMatchObject({ code: '25006' });
  });

  it('enforces the statement timeout it was given', async () => {
    const quick = await openServer(database.url, {
      ...defaultSessionSettings,
      statementTimeoutMs: 100,
    });
    try {
      await expect(quick.query('select pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
    } finally {
      await quick.close();
    }
  });

  it('turns a connection killed mid-query or between queries into DatabaseUnavailableError', async () => {
    const victim = await openServer(database.url);
    try {
      const { rows } = await victim.query<{ pid: number }>('select pg_backend_pid() as pid');
      const pid = rows[0]!.pid;
      const running = victim.query('select pg_sleep(30)').then(
        () => null,
        (e: unknown) => e,
      );
      await waitFor(async () => {
        const active = await db.query(
          'select 1 from pg_stat_activity where pid = $1 and state = $2',
          [pid, 'active'],
        );
        return active.rowCount === 1;
      });
      await db.query('select pg_terminate_backend($1)', [pid]);
      const midQuery = await running;
      expect(midQuery).toBeInstanceOf(DatabaseUnavailableError);
      expect((midQuery as Error).message).toMatch(/^lost the connection to postgres:\/\//);
      // The client is dead now; the next query fails the same way instead of crashing.
      await expect(victim.query('select 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await victim.close();
    }
  });
});

describe('DatabaseUnavailableError', () => {
  const secret = 'hunter2-ü@x';
  const encodedSecret = encodeURIComponent(secret);

  async function failure(url: string): Promise<DatabaseUnavailableError> {
    const error = await openServer(url).then(
      async (engine) => {
        await engine.close();
        return null;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const unavailable = error as DatabaseUnavailableError;
    expect(unavailable.exitCode).toBe(3);
    expect(unavailable.message).not.toContain('\n');
    for (const leaked of [secret, encodedSecret, 'hunter2']) {
      expect(unavailable.message).not.toContain(leaked);
    }
    return unavailable;
  }

  it('on a closed port', async () => {
    const port = await closedPort();
    const error = await failure(`postgres://app:${encodedSecret}@127.0.0.1:${port}/db`);
    expect(error.message).toBe(
      `could not connect to postgres://app:***@127.0.0.1:${port}/db: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it('on an unknown host', async () => {
    const error = await failure(`postgres://app:${encodedSecret}@fkdoctor-no-such-host.invalid/db`);
    expect(error.message).toMatch(
      /^could not connect to postgres:\/\/app:\*\*\*@fkdoctor-no-such-host\.invalid\/db: .*(ENOTFOUND|EAI_AGAIN)/,
    );
  });

  it('on a wrong password', async () => {
    // The embedded server is set up with password authentication.
    const server = testServers().find((s) => new URL(s.url).password !== '');
    expect(server, 'a test server with password authentication').toBeDefined();
    const url = new URL(server!.url);
    url.password = encodedSecret;
    const error = await failure(url.toString());
    expect(error.message).toMatch(/password authentication failed for user "postgres"$/);
    expect(error.message).toContain('postgres://postgres:***@127.0.0.1:');
  });

  it('on a database that does not exist', async () => {
    const url = new URL(testServers()[0]!.url);
    url.pathname = '/fkd_does_not_exist';
    const error = await failure(url.toString());
    expect(error.message).toMatch(/database "fkd_does_not_exist" does not exist$/);
  });
});

async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
