// `fkdoctor audit` as a user runs it: on each test server (a planted schema in a scratch
// database, read in a read-only session) and on a --schema file in PGlite; every format, the
// config file (and package.json key) with its ignore rules, --fail-on, and bad input.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScratchDatabase, scratchDatabase, testServers } from '../support/servers.js';
import { runCli } from './run-cli.js';

// Two unindexed FKs (one on a table whose name needs quotes) and one indexed control.
const SCHEMA = `
create schema app;
create table app.customers (id int primary key);
create table app.orders (id int primary key, customer_id int references app.customers);
create table app."Order Items" (order_id int references app.orders, line int);
create table app.invoices (id int primary key, customer_id int references app.customers);
create index on app.invoices (customer_id);
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fkdoctor-audit-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe.each(testServers().map((s) => [s.label, s] as const))('audit --db on %s', (_, server) => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await scratchDatabase(server.url);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(SCHEMA);
    } finally {
      await client.end();
    }
  });
  afterAll(() => database.drop());
  const audit = (...args: string[]) =>
    runCli(['audit', '--db', database.url, '--only', 'fk-missing-index', ...args], { cwd: dir });

  it('reports each unindexed FK with its fix, and exits 1', async () => {
    const { code, stdout, stderr } = await audit();
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toContain(
      'warning fk-missing-index  app.orders (constraint orders_customer_id_fkey)\n',
    );
    expect(stdout).toContain(
      'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON app.orders (customer_id);',
    );
    expect(stdout).toContain('app."Order Items" (constraint "Order Items_order_id_fkey")');
    expect(stdout).not.toContain('app.invoices');
    expect(stdout).toMatch(/\n2 findings: 0 errors, 2 warnings, 0 info\n$/);
  });

  it('gives JSON, Markdown and SARIF with the same findings', async () => {
    const json = JSON.parse((await audit('--json')).stdout);
    expect(
      json.findings.map((f: { table: string; constraint: string }) => [f.table, f.constraint]),
    ).toEqual([
      ['app."Order Items"', 'Order Items_order_id_fkey'],
      ['app.orders', 'orders_customer_id_fkey'],
    ]);
    expect(json.checks).toEqual(['fk-missing-index']);
    expect(json.database).not.toContain(`:${new URL(server.url).password || '\0'}@`);
    const markdown = (await audit('--format', 'markdown')).stdout;
    expect(markdown).toContain(
      '| warning | `fk-missing-index` | `app.orders` | `orders_customer_id_fkey` |',
    );
    expect(markdown).toContain(
      '```sql\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON app.orders (customer_id);\n```',
    );
    const sarif = JSON.parse((await audit('--format', 'sarif')).stdout);
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results;
    expect(results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ['fk-missing-index', 'warning'],
      ['fk-missing-index', 'warning'],
    ]);
    expect(results[1].locations[0].logicalLocations[0].fullyQualifiedName).toBe(
      'app.orders.orders_customer_id_fkey',
    );
    expect(sarif.runs[0].tool.driver.rules[0].id).toBe('fk-missing-index');
  });

  it('exits 0 when nothing is at or above --fail-on', async () => {
    expect((await audit('--fail-on', 'error')).code).toBe(0);
    expect((await audit('--fail-on', 'none')).code).toBe(0);
    expect((await audit('--fail-on', 'info')).code).toBe(1);
  });

  it('silences a finding by an ignore rule of the config, and says which rule matched nothing', async () => {
    const config = join(dir, `silence-${server.major}.json`);
    await writeFile(
      config,
      JSON.stringify({
        audit: {
          ignore: [
            { check: 'fk-missing-index', table: 'app."Order Items"', reason: 'append-only' },
            { check: 'fk-missing-index', table: 'app.invoices' },
          ],
        },
      }),
    );
    const { code, stdout } = await audit('--config', config, '--json');
    const json = JSON.parse(stdout);
    expect(code).toBe(1);
    expect(json.findings.map((f: { table: string }) => f.table)).toEqual(['app.orders']);
    expect(json.silenced).toMatchObject([
      { finding: { table: 'app."Order Items"' }, reason: 'append-only' },
    ]);
    expect(json.notes).toEqual([
      'ignore rule matched nothing: check fk-missing-index, table app.invoices',
    ]);
  });

  it('reads the "fkdoctor" key of package.json in the current directory', async () => {
    const project = await mkdtemp(join(dir, 'project-'));
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'x',
        fkdoctor: { audit: { severity: { 'fk-missing-index': 'info' } } },
      }),
    );
    const { code, stdout } = await runCli(
      ['audit', '--db', database.url, '--only', 'fk-missing-index', '--json'],
      { cwd: project },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).findings.map((f: { severity: string }) => f.severity)).toEqual([
      'info',
      'info',
    ]);
  });
});

describe('audit on PGlite and bad input', () => {
  it('audits a --schema file in the embedded database', async () => {
    const file = join(dir, 'schema.sql');
    await writeFile(file, SCHEMA);
    const { code, stdout } = await runCli([
      'audit',
      '--schema',
      file,
      '--only',
      'fk-missing-index',
      '--json',
    ]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings).toHaveLength(2);
  });

  it('refuses a --schema file with a statement the server cannot parse, naming file:line', async () => {
    const file = join(dir, 'broken.sql');
    await writeFile(
      file,
      'create table a (id int primary key);\ncreate table b (id int primary key;\n',
    );
    const { code, stdout, stderr } = await runCli(['audit', '--schema', file]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `fkdoctor: ${file}:2: syntax error at or near ";": create table b (id int primary key;\n`,
    );
  });

  it('names the config file, line and column of bad JSON, and a misspelt check', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{\n  "audit": { "skip": [\n}');
    const broken = await runCli(['audit', '--config', bad]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(
      new RegExp(`^fkdoctor: ${bad.replaceAll('/', '\\/')}:3:1: not valid JSON`),
    );
    const typo = join(dir, 'typo.json');
    await writeFile(typo, JSON.stringify({ audit: { skip: ['fk-missing-idx'] } }));
    const misspelt = await runCli(['audit', '--config', typo]);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toContain(`${typo}: audit.skip[0]: no check "fk-missing-idx"`);
    const unknownKey = join(dir, 'unknown.json');
    await writeFile(unknownKey, JSON.stringify({ audit: { failon: 'error' } }));
    expect((await runCli(['audit', '--config', unknownKey])).stderr).toContain(
      'unknown key "failon"',
    );
  });

  it('refuses unknown checks, formats and levels with exit 2', async () => {
    expect(await runCli(['audit', '--only', 'nope'])).toMatchObject({ code: 2 });
    expect((await runCli(['audit', '--format', 'xml'])).stderr).toContain(
      '--format must be text, json, markdown or sarif',
    );
    expect((await runCli(['audit', '--fail-on', 'fatal'])).code).toBe(2);
    expect((await runCli(['audit', '--db', 'x', '--schema', 'y'])).stderr).toContain('not both');
  });

  it('exits 3 for a server that is not there, without its password', async () => {
    const { code, stderr } = await runCli(['audit', '--db', 'postgres://u:hunter2@127.0.0.1:1/db']);
    expect(code).toBe(3);
    expect(stderr).not.toContain('hunter2');
  });
});
