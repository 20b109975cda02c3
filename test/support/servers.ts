// Real servers in test files: the list from the global setup, and scratch databases so a test
// never touches anything but its own data.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { TestServer } from './test-server.js';

export type { TestServer } from './test-server.js';

export function testServers(): TestServer[] {
  return inject('testServers');
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database `fkd_<random>` on the server; `drop()` removes it. */
export async function scratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `fkd_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, () => `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // FORCE (PG 13+) ends sessions a failed test left open.
    drop: () =>
      admin(serverUrl, (versionNum) =>
        versionNum >= 130000
          ? `drop database if exists ${name} with (force)`
          : `drop database if exists ${name}`,
      ),
  };
}

export async function withScratchDatabase<T>(
  serverUrl: string,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const database = await scratchDatabase(serverUrl);
  try {
    return await fn(database.url);
  } finally {
    await database.drop();
  }
}

async function admin(serverUrl: string, sql: (versionNum: number) => string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ num: string }>(
      "select current_setting('server_version_num') as num",
    );
    await client.query(sql(Number(rows[0]!.num)));
  } finally {
    await client.end();
  }
}
