// `fkdoctor graph` as a user runs it: on each test server (pagila in a scratch database, read
// in a read-only session), on a --schema file in PGlite, on the empty default; every format;
// bad input and an unreachable server with their exit codes.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGILA } from '../support/pagila.js';
import { type ScratchDatabase, scratchDatabase, testServers } from '../support/servers.js';
import { parseXml } from '../support/xml.js';
import { runCli } from './run-cli.js';

const CYCLES = 'test/doctor/graph/cycles.sql';
const servers = testServers();

describe.each(servers.map((s) => [s.label, s] as const))('graph --db on %s', (_, server) => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await scratchDatabase(server.url);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(await readFile(PAGILA, 'utf8'));
    } finally {
      await client.end();
    }
  });
  afterAll(() => database.drop());

  it('prints the load order by level, and what a DELETE is blocked by', async () => {
    const { code, stdout, stderr } = await runCli(['graph', '--db', database.url]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^FK graph of schema public: 22 tables, 36 foreign keys, no cycles\n/);
    expect(stdout).toContain(
      '  0  actor, country, category, language, payment, payment_p2022_07\n',
    );
    expect(stdout).toContain('  DELETE FROM customer\n');
  });

  it('writes JSON, Mermaid, DOT and SVG', async () => {
    const json = JSON.parse((await runCli(['graph', '--db', database.url, '--json'])).stdout);
    expect(json.tables).toHaveLength(22);
    expect(json.edges).toHaveLength(36);
    const mermaid = await runCli(['graph', '--db', database.url, '--format', 'mermaid']);
    expect(mermaid.stdout.startsWith('flowchart RL\n')).toBe(true);
    const dot = await runCli(['graph', '--db', database.url, '--format', 'dot']);
    expect(dot.stdout.startsWith('digraph fkdoctor {\n')).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'fkdoctor-graph-'));
    try {
      const file = join(dir, 'pagila.svg');
      const svg = await runCli(['graph', '--db', database.url, '--format', 'svg', '-o', file]);
      expect(svg).toMatchObject({ code: 0, stdout: '', stderr: '' });
      expect(parseXml(await readFile(file, 'utf8')).name).toBe('svg');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('shows one table’s neighbourhood, and refuses names that are not there', async () => {
    const near = await runCli(['graph', '--db', database.url, '--table', 'rental', '--depth', '1']);
    expect(near.code).toBe(0);
    expect(near.stdout).toMatch(/around rental \(1 hop\): 11 tables/);
    const missing = await runCli(['graph', '--db', database.url, '--table', 'Rentals']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^fkdoctor: PostgreSQL .*: no table "Rentals" among the tables shown\n$/,
    );
    const schema = await runCli(['graph', '--db', database.url, '--schema-name', 'sales']);
    expect(schema.code).toBe(2);
    expect(schema.stderr).toContain('no schema sales in the database (its schemas: public)');
  });
});

describe('graph on PGlite', () => {
  it('loads --schema FILE; a cycle no order can load exits 1', async () => {
    const { code, stdout, stderr } = await runCli(['graph', '--schema', CYCLES]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toMatch(/5 cycles, 1 not loadable/);
    expect(stdout).toContain('ALTER TABLE public.egg ALTER CONSTRAINT egg_hen_id_fkey DEFERRABLE;');
  });

  it('says the default database is empty and how to point it at one', async () => {
    const text = await runCli(['graph']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('The graph is empty: no database given');
    expect(text.stdout).toContain('--db URL');
    const json = await runCli(['graph', '--json']);
    expect(JSON.parse(json.stdout).tables).toEqual([]);
    expect(json.stderr).toContain('--schema FILE');
  });

  it('rejects bad usage with exit code 2', async () => {
    for (const args of [
      ['--format', 'png'],
      ['--depth', '1'],
      ['--table', 't', '--depth', 'x'],
      ['--db', 'postgres://localhost/x', '--schema', CYCLES],
      ['--schema', 'no-such-file.sql'],
      ['stray'],
    ]) {
      const result = await runCli(['graph', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^fkdoctor: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('reports an unreachable server with exit code 3 and no password', async () => {
    const result = await runCli(['graph', '--db', 'postgres://app:secret@127.0.0.1:1/shop']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^fkdoctor: could not connect to /);
    expect(result.stderr).not.toContain('secret');
  });
});
