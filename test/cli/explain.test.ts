// The explain command end to end: inputs, formats, bad input and exit codes, a database that
// is not there. Error texts come from a real server (PGlite) raising them.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSessionSettings } from '../../src/engine/engine.js';
import { openServer } from '../../src/engine/node-postgres.js';
import { openEmbedded } from '../../src/engine/pglite.js';
import { scratchDatabase, testServers } from '../support/servers.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-cli-'));
let psqlText = '';

/** The error as psql prints it, built from a real server error's fields. */
function psqlStyle(error: { message: string; detail?: string }): string {
  return `ERROR:  ${error.message}\n${error.detail ? `DETAIL:  ${error.detail}\n` : ''}`;
}

beforeAll(async () => {
  const engine = await openEmbedded();
  try {
    await engine.exec(`CREATE TABLE customers (id int PRIMARY KEY);
      CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers (id));`);
    const error = await engine.exec('INSERT INTO orders VALUES (1, 999)').catch((e: unknown) => e);
    psqlText = psqlStyle(error as { message: string; detail?: string });
  } finally {
    await engine.close();
  }
});

function noStackTrace(text: string) {
  expect(text).not.toMatch(/^\s+at /m);
}

describe('fkdoctor explain (text only)', () => {
  it('explains an error given as an argument', async () => {
    const result = await runCli(['explain', psqlText]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('missing parent row');
    expect(result.stdout).toContain('INSERT INTO customers (id)');
  });

  it('reads stdin and prints the documented JSON', async () => {
    const result = await runCli(['explain', '--json'], { stdin: psqlText });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.violation).toMatchObject({
      kind: 'missing-parent',
      sqlstate: '23503',
      constraint: 'orders_customer_id_fkey',
      table: 'orders',
      referencedTable: 'customers',
      keyColumns: ['customer_id'],
      keyValues: ['999'],
      language: 'en',
    });
    expect(json.fixes.map((f: { id: string }) => f.id)).toContain('insert-parent-first');
    expect(json.live).toBeNull();
  });

  it('prints Markdown', async () => {
    const result = await runCli(['explain', '--format', 'markdown', psqlText]);
    expect(result.stdout).toMatch(/^## Foreign-key violation: `orders_customer_id_fkey`/);
    expect(result.stdout).toContain('```sql');
  });

  it('colours only when asked and never with NO_COLOR', async () => {
    const coloured = await runCli(['explain', psqlText], {
      env: { NO_COLOR: '', FORCE_COLOR: '1' },
    });
    expect(coloured.stdout).toContain('\u001b[');
    const plain = await runCli(['explain', psqlText], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\u001b[');
  });

  it('finds the error at the end of a 50 MB log', async () => {
    const noise =
      '2026-11-21 10:00:00.123 UTC [1234] app@shop LOG:  duration: 0.1 ms  statement: SELECT 1\n';
    const file = join(dir, 'big.log');
    const prefixed = psqlText
      .trimEnd()
      .split('\n')
      .map((line) => `2026-11-21 10:00:01.000 UTC [1234] app@shop ${line}`)
      .join('\n');
    writeFileSync(file, `${noise.repeat(Math.ceil(50e6 / noise.length))}${prefixed}\n`);
    const result = await runCli(['explain', '--json', '--file', file]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).violation).toMatchObject({
      format: 'server-log',
      keyValues: ['999'],
    });
  });
});

describe('fkdoctor explain: bad input', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['an empty file', () => ['--file', write('empty.txt', '')], /empty\.txt: the input is empty/],
    ['white space only', () => ['--file', write('blank.txt', ' \n\t\n')], /the input is empty/],
    [
      'a binary file',
      () => ['--file', write('random.bin', Buffer.concat([Buffer.from([0]), randomBytes(4096)]))],
      /random\.bin: this looks like binary data/,
    ],
    [
      'a missing file',
      () => ['--file', join(dir, 'nope.txt')],
      /nope\.txt: cannot read it \(no such file\)/,
    ],
    [
      'text that is not an FK error',
      () => ['ERROR:  duplicate key value violates unique constraint "x"'],
      /no foreign-key violation found/,
    ],
    ['an unknown option', () => ['--frobnicate'], /Unknown option '--frobnicate'/],
  ];
  it.each(cases)('%s: exit 2 and a one-line reason', async (_, args, message) => {
    const result = await runCli(['explain', ...args()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    noStackTrace(result.stderr);
  });

  it('an unknown command exits 2', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });
});

function write(name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('fkdoctor explain --db', () => {
  it('a database that is not there: exit 3, password never printed', async () => {
    const result = await runCli([
      'explain',
      '--db',
      'postgres://app:s3cr3t-pw@127.0.0.1:1/shop',
      psqlText,
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^fkdoctor: /);
    expect(result.stderr).not.toContain('s3cr3t-pw');
    expect(result.stdout).toBe('');
    noStackTrace(result.stderr);
  });

  it('DATABASE_URL is used, and --no-db ignores it', async () => {
    const env = { DATABASE_URL: 'postgres://app:s3cr3t-pw@127.0.0.1:1/shop' };
    expect((await runCli(['explain', psqlText], { env })).code).toBe(3);
    expect((await runCli(['explain', '--no-db', psqlText], { env })).code).toBe(0);
  });

  describe.each(testServers())('on $label', (server) => {
    let url = '';
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const db = await scratchDatabase(server.url);
      ({ url, drop } = db);
      const admin = await openServer(url, { ...defaultSessionSettings, readOnly: false });
      await admin.exec(`CREATE TABLE customers (id int PRIMARY KEY);
        CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers (id));
        INSERT INTO customers VALUES (998), (1000);`);
      await admin.close();
    });
    afterAll(async () => drop?.());

    it('checks the violation live', async () => {
      const result = await runCli(['explain', '--json', '--db', url, psqlText]);
      expect(result.code).toBe(0);
      const json = JSON.parse(result.stdout);
      expect(json.live.constraint).toMatchObject({
        schema: 'public',
        table: 'orders',
        referencedTable: 'customers',
      });
      expect(json.live.parentExists).toBe(false);
      expect(json.live.nearMisses[0].key).toEqual(['998', '1000']);
    });
  });
});
