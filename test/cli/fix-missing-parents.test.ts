// fkdoctor fix --missing-parents end to end through the built CLI: the report and its exit code,
// placeholders on stdout, the quarantine file next to the output, and the usage errors.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { psqlCommand, psqlFile } from '../support/psql.js';
import { scratchDatabase, testServers } from '../support/servers.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-cli-fix-'));
const script = join(dir, 'orders.sql');
copyFileSync(new URL('../doctor/script/examples/missing-parents.sql', import.meta.url), script);

// Each run starts embedded databases (the schema, then one per verifying run): slow on a busy machine.
describe('fkdoctor fix with parents no statement inserts', { timeout: 240_000 }, () => {
  it('reports each row with file:line and the options, prints nothing, exits 1', async () => {
    const result = await runCli(['fix', script]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `${script}:24 orders (customer_id) = (42): no statement inserts customers (id) = (42) ("orders_customer_id_fkey"); reordering cannot fix it`,
    );
    expect(result.stderr).toContain('--missing-parents placeholder');
    expect(result.stderr).toContain('--missing-parents quarantine');
  });

  it('placeholder: prints the script with the parents inserted', async () => {
    const result = await runCli(['fix', script, '--missing-parents', 'placeholder']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('INSERT INTO public.customers (id, name) VALUES');
    expect(result.stderr).toContain('placeholder 3 parents in customers before');
  });

  it('quarantine: the rows go to SCRIPT.quarantine.sql next to the output', async () => {
    const output = join(dir, 'out', 'orders.fixed.sql');
    mkdirSync(join(dir, 'out'), { recursive: true });
    const result = await runCli(['fix', script, '--missing-parents', 'quarantine', '-o', output]);
    expect(result.code).toBe(0);
    const quarantine = join(dir, 'out', 'orders.quarantine.sql');
    expect(result.stderr).toContain(`9 quarantined rows written to ${quarantine}`);
    expect(readFileSync(quarantine, 'utf8')).toContain('INSERT INTO orders VALUES (2, 42,');
    expect(readFileSync(output, 'utf8')).toContain('moved to orders.quarantine.sql');
  });

  it('quarantine: --quarantine names the file; stdin needs it', async () => {
    const file = join(dir, 'held.sql');
    const text = readFileSync(script, 'utf8');
    const named = await runCli(
      ['fix', '-', '--missing-parents', 'quarantine', '--quarantine', file],
      {
        stdin: text,
      },
    );
    expect(named.code).toBe(0);
    expect(existsSync(file)).toBe(true);
    const unnamed = await runCli(['fix', '-', '--missing-parents', 'quarantine'], { stdin: text });
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain('--quarantine FILE');
  });

  it('bad usage exits 2', async () => {
    const bad = await runCli(['fix', script, '--missing-parents', 'guess']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--missing-parents must be one of report, placeholder, quarantine, map',
    );
    const map = await runCli(['fix', script, '--missing-parents', 'map']);
    expect(map.code).toBe(2);
    expect(map.stderr).toContain('--missing-parents map finds existing parents in your database');
    const mapBy = await runCli(['fix', script, '--map-by', 'customers.email']);
    expect(mapBy.code).toBe(2);
    expect(mapBy.stderr).toContain('--map-by goes with --missing-parents map');
    const badSpec = await runCli([
      'fix',
      script,
      '--missing-parents',
      'map',
      '--db',
      'postgres://nobody@127.0.0.1:1/none',
      '--map-by',
      'customers',
    ]);
    expect(badSpec.code).toBe(2);
    expect(badSpec.stderr).toContain('--map-by "customers": expected TABLE.COLUMN');
    const stray = await runCli(['fix', script, '--quarantine', join(dir, 'q.sql')]);
    expect(stray.code).toBe(2);
    const clash = await runCli([
      'fix',
      script,
      '--missing-parents',
      'quarantine',
      '--quarantine',
      script,
    ]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('would overwrite');
  });
});

const examples = new URL('../doctor/script/examples/', import.meta.url);
const [server] = testServers();

describe('fkdoctor fix --missing-parents map --db', { timeout: 240_000 }, () => {
  it('prints the script with the existing ids; a row it cannot map: exit 1, nothing printed', async () => {
    const db = await scratchDatabase(server!.url);
    try {
      expect(psqlFile(db.url, new URL('map-parents.setup.sql', examples).pathname).status).toBe(0);
      const seed = new URL('map-parents.sql', examples).pathname;
      const mapped = await runCli([
        'fix',
        seed,
        '--db',
        db.url,
        '--missing-parents',
        'map',
        // Names as SQL reads them: quoted or not, schema-qualified or not.
        '--map-by',
        'public.customers."email"=Orders.customer_email',
      ]);
      expect(mapped.stderr).toContain('✔ verified');
      expect(mapped.code).toBe(0);
      const ann = psqlCommand(db.url, "SELECT id FROM customers WHERE email = 'ann@example.com'");
      expect(mapped.stdout).toContain(`  (1, ${ann.trim()}, NULL, 10.00),`);
      expect(mapped.stderr).toContain(
        `map-parents.sql:10 orders (customer_id) = (101) → (${ann.trim()}): the existing customers row with email = 'ann@example.com'`,
      );
      // Without the child's column named, only the rows whose staging customer row the script
      // carries can be mapped.
      const partial = await runCli(['fix', seed, '--db', db.url, '--missing-parents', 'map']);
      expect(partial.code).toBe(1);
      expect(partial.stdout).toBe('');
      expect(partial.stderr).toContain(
        'map-parents.sql:15 row 1 not mapped to an existing customers row: the script carries no customers (email) for this row',
      );
      // The items of those orders wait for them, and say so.
      expect(partial.stderr).toContain(
        'map-parents.sql:18 row 2 not mapped to an existing orders row: its orders row at line 15 does not load either: that statement fails on a foreign key of its own',
      );
      const unknown = await runCli([
        'fix',
        seed,
        '--db',
        db.url,
        '--missing-parents',
        'map',
        '--map-by',
        'customers.mail',
      ]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('--map-by: customers has no column mail');
    } finally {
      await db.drop();
    }
  });
});
