// `fkdoctor drift` as a user runs it: two scratch databases on the test servers (A on one, B with
// planted differences on the other), a --schema file as a side, every format, the fix script
// written by --format sql run on B until no drift is left; bad input and unreachable sides
// with their exit codes, passwords never printed.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitScript, statementText } from '../../src/sql/split/index.js';
import { type ScratchDatabase, scratchDatabase, testServers } from '../support/servers.js';
import { runCli } from './run-cli.js';

const BASE = 'test/doctor/drift/base.sql';
const PLANTED = 'test/doctor/drift/planted.sql';
const servers = testServers();
// A on the first server (PG 15 when it is there), B on the last (the embedded PG 18, whose URL
// carries a password).
const serverA = servers[0]!;
const serverB = servers.at(-1)!;
const passwordOf = (url: string) => decodeURIComponent(new URL(url).password);

async function run(url: string, scripts: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const script of scripts) await client.query(script);
  } finally {
    await client.end();
  }
}

describe(`drift --db A (${serverA.label}) --db B (${serverB.label})`, () => {
  let a: ScratchDatabase;
  let b: ScratchDatabase;
  let dir: string;
  beforeAll(async () => {
    a = await scratchDatabase(serverA.url);
    b = await scratchDatabase(serverB.url);
    dir = await mkdtemp(join(tmpdir(), 'fkdoctor-drift-'));
    const base = await readFile(BASE, 'utf8');
    await run(a.url, [base]);
    await run(b.url, [base, await readFile(PLANTED, 'utf8')]);
  });
  afterAll(async () => {
    await a?.drop();
    await b?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints the findings and exits 1; passwords stay out', async () => {
    const { code, stdout, stderr } = await runCli(['drift', '--db', a.url, '--db', b.url]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^Foreign-key drift: B compared with A\n {2}A \(the reference\): PostgreSQL .*, 10 foreign keys, 13 tables\n {2}B \(the fixes are for it\): PostgreSQL /,
    );
    expect(stdout).toContain('\n13 findings: 2 errors, 9 warnings, 2 info\n');
    expect(stdout).toContain(
      '\nerror drift-missing shop.order_line order_line_product_id_fkey\n' +
        '  order_line_product_id_fkey (shop.order_line (product_id) REFERENCES shop.product (id)) is in A but\n' +
        '  not in B: B lets shop.order_line hold keys that shop.product does not have.\n' +
        '    ALTER TABLE shop.order_line ADD CONSTRAINT order_line_product_id_fkey FOREIGN KEY (product_id) REFERENCES shop.product (id) NOT VALID;\n',
    );
    const password = passwordOf(serverB.url);
    if (password !== '') expect(stdout).not.toContain(password);
    expect(stdout).toContain(':***@');
  });

  it('writes JSON and Markdown, names the sides with --label, keeps to --schema-name', async () => {
    const json = JSON.parse(
      (await runCli(['drift', '--db', a.url, '--db', b.url, '--json'])).stdout,
    );
    expect(json).toMatchObject({ format: 'fkdoctor-drift', version: 1, schemas: null });
    expect(json.counts).toEqual({ error: 2, warning: 9, info: 2 });
    expect(json.findings).toHaveLength(13);
    expect(Object.keys(json.findings[0]).sort()).toEqual(
      ['check', 'constraint', 'details', 'fix', 'message', 'severity', 'table', 'tables'].sort(),
    );
    const args = ['drift', '--db', a.url, '--db', b.url, '--schema-name', 'Sales Dept'];
    const labelled = [...args, '--label', 'staging', '--label', 'production'];
    const markdown = await runCli([...labelled, '--format', 'markdown']);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toMatch(/^## Foreign-key drift: production compared with staging\n/);
    expect(markdown.stdout).toContain(
      '| warning | `drift-different` | `"Sales Dept"."Ünïcødé 表 🐘"` | `"FK ""quoted"" to VIP"` | "FK ""quoted"" to VIP" on "Sales Dept"."Ünïcødé 表 🐘" differs: DEFERRABLE INITIALLY DEFERRED in staging, NOT DEFERRABLE in production. |',
    );
    // Only a warning in that schema: --fail-on decides the exit code.
    expect((await runCli([...args, '--fail-on', 'error'])).code).toBe(0);
    expect((await runCli([...args, '--fail-on', 'info'])).code).toBe(1);
    expect((await runCli(args)).code).toBe(1);
  });

  it('--format sql -o FILE writes the fix script; run on B, it leaves no drift', async () => {
    const file = join(dir, 'fix.sql');
    const written = await runCli([
      'drift',
      '--db',
      a.url,
      '--db',
      b.url,
      '--format',
      'sql',
      '-o',
      file,
    ]);
    expect(written).toMatchObject({ code: 1, stdout: '', stderr: '' });
    const script = await readFile(file, 'utf8');
    expect(script).toMatch(/^-- fkdoctor drift: makes B \(PostgreSQL .*\) match A \(PostgreSQL /);
    expect(script).toContain("\nSET lock_timeout = '5s';\n");
    // One statement at a time, as psql -f runs it (CREATE INDEX CONCURRENTLY needs that).
    await run(
      b.url,
      splitScript(script).map((statement) => statementText(script, statement)),
    );
    const after = await runCli(['drift', '--db', a.url, '--db', b.url]);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(
      /\nNo drift: B's 10 foreign keys and their indexes match A's\.\n$/,
    );
  });

  it('takes a --schema FILE as a side, in the order given', async () => {
    const { code, stdout, stderr } = await runCli(['drift', '--schema', BASE, '--db', a.url]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`  A (the reference): ${BASE} (PGlite `);
    expect(stdout).toContain('No drift');
    const planted = join(dir, 'planted.sql');
    await writeFile(planted, (await readFile(BASE, 'utf8')) + (await readFile(PLANTED, 'utf8')));
    const drift = await runCli(['drift', '--db', a.url, '--schema', planted, '--json']);
    expect(drift.code).toBe(1);
    expect(JSON.parse(drift.stdout).counts).toEqual({ error: 2, warning: 9, info: 2 });
  });
});

describe('drift: bad input and unreachable sides', () => {
  it('exits 2 unless there are exactly two sides, and on bad options', async () => {
    const one = await runCli(['drift', '--schema', BASE]);
    expect(one.code).toBe(2);
    expect(one.stderr).toBe(
      'fkdoctor: drift compares two databases: give two of --db URL / --schema FILE, A (the reference) first, not 1\n',
    );
    const three = await runCli(['drift', '--schema', BASE, '--schema', BASE, '--schema', BASE]);
    expect(three.code).toBe(2);
    expect((await runCli(['drift'])).code).toBe(2);
    const stdin = await runCli(['drift', '--schema', '-', '--schema', '-']);
    expect(stdin).toMatchObject({ code: 2 });
    expect(stdin.stderr).toBe('fkdoctor: only one side can be read from stdin (--schema -)\n');
    const options = [
      ['--fail-on', 'never'],
      ['--format', 'sarif'],
      ['--label', 'staging'],
      ['--bogus'],
    ];
    for (const extra of options) {
      const result = await runCli(['drift', '--schema', BASE, '--schema', BASE, ...extra]);
      expect(result.code, extra.join(' ')).toBe(2);
    }
    const dir = await mkdtemp(join(tmpdir(), 'fkdoctor-drift-bad-'));
    try {
      const bad = join(dir, 'bad.sql');
      await writeFile(bad, "CREATE TABLE a (id int PRIMARY KEY);\nSELECT 'unterminated;\n");
      const broken = await runCli(['drift', '--schema', BASE, '--schema', bad]);
      expect(broken).toMatchObject({ code: 2, stdout: '' });
      expect(broken.stderr).toBe(`fkdoctor: B: ${bad}:2:8: unterminated quoted string\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const missing = await runCli(['drift', '--schema', BASE, '--schema', 'no/such/file.sql']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe('fkdoctor: B: no/such/file.sql: cannot read it (no such file)\n');
    // Checked against both catalogs: two servers open faster than two PGlites.
    const server = servers[0]!.url;
    const schema = await runCli([
      'drift',
      '--db',
      server,
      '--db',
      server,
      '--schema-name',
      'sales',
    ]);
    expect(schema).toMatchObject({ code: 2 });
    expect(schema.stderr).toBe('fkdoctor: no schema "sales" in either database\n');
    const url = await runCli(['drift', '--schema', BASE, '--db', 'mysql://root:hunter2@db/x']);
    expect(url.code).toBe(2);
    expect(url.stderr).not.toContain('hunter2');
  });

  it('exits 3 when a side is unreachable, says which, and redacts both URLs', async () => {
    const down = 'postgres://bob:s3cret-b@127.0.0.1:1/prod';
    const up = servers[0]!.url;
    const oneDown = await runCli(['drift', '--db', up, '--db', down]);
    expect(oneDown.code).toBe(3);
    expect(oneDown.stderr).toMatch(
      /^fkdoctor: B: could not connect to postgres:\/\/bob:\*\*\*@127\.0\.0\.1:1\/prod: .+\n$/,
    );
    const bothDown = await runCli([
      'drift',
      '--db',
      'postgres://al:s3cret-a@127.0.0.1:1/staging',
      '--db',
      down,
    ]);
    expect(bothDown.code).toBe(3);
    const lines = bothDown.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^fkdoctor: A: could not connect to postgres:\/\/al:\*\*\*@127\.0\.0\.1:1\/staging: /,
    );
    expect(lines[1]).toMatch(/^fkdoctor: B: could not connect to postgres:\/\/bob:\*\*\*@/);
    expect(bothDown.stderr + bothDown.stdout).not.toMatch(/s3cret/);
    const password = passwordOf(up);
    if (password !== '') expect(oneDown.stderr).not.toContain(password);
  });
});
