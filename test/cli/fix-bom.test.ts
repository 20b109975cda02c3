// fkdoctor fix keeps a leading UTF-8 byte order mark: the fixed script begins with the same three
// bytes, and everything after them is what fix writes for the same script without one. The
// fixed file runs with psql on each real server and loads what the hand-ordered script loads.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { psqlFile, snapshot } from '../support/psql.js';
import { scratchDatabase, testServers } from '../support/servers.js';
import { runCli } from './run-cli.js';

const examples = new URL('../doctor/script/examples/', import.meta.url);
const example = (name: string) => readFileSync(new URL(name, examples));
const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-cli-bom-'));
const bom = Buffer.from([0xef, 0xbb, 0xbf]);

const plain = join(dir, 'plain.sql');
const marked = join(dir, 'marked.sql');
writeFileSync(plain, example('orders-before-customers.sql'));
writeFileSync(marked, Buffer.concat([bom, example('orders-before-customers.sql')]));

describe('fix keeps a leading byte order mark', { timeout: 240_000 }, () => {
  let fixed: Buffer;

  it('the fixed script begins with the BOM, then what fix writes without one', async () => {
    const withBom = join(dir, 'marked.fixed.sql');
    const withoutBom = join(dir, 'plain.fixed.sql');
    const [a, b] = [
      await runCli(['fix', marked, '-o', withBom]),
      await runCli(['fix', plain, '-o', withoutBom]),
    ];
    expect([a.code, b.code]).toEqual([0, 0]);
    fixed = readFileSync(withBom);
    const reference = readFileSync(withoutBom);
    expect(reference.subarray(0, 3).equals(bom)).toBe(false);
    expect(fixed.subarray(0, 3).equals(bom)).toBe(true);
    expect(fixed.subarray(3).equals(reference)).toBe(true);
    // Reordered, not merely copied: the customers now come first.
    expect(fixed.toString('utf8').indexOf('INSERT INTO customers')).toBeLessThan(
      fixed.toString('utf8').indexOf('INSERT INTO orders'),
    );
  });

  it('on stdout, and for a script that needs no change: the input, byte for byte', async () => {
    const ordered = Buffer.concat([bom, example('orders-before-customers.expected.sql')]);
    const result = await runCli(['fix', '-'], { stdin: ordered });
    expect(result.code).toBe(0);
    expect(Buffer.from(result.stdout, 'utf8').equals(ordered)).toBe(true);
  });

  describe.each(testServers())('on $label with psql', (server) => {
    it('the fixed script with its BOM loads like the hand-ordered one', async () => {
      const file = join(dir, `run-${server.label.replace(/\W+/g, '-')}.sql`);
      writeFileSync(file, fixed);
      const fixedDb = await scratchDatabase(server.url);
      const handDb = await scratchDatabase(server.url);
      try {
        const run = psqlFile(fixedDb.url, file);
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        // The original, BOM and all, fails the same psql run.
        expect(psqlFile(handDb.url, marked).status).not.toBe(0);
        await handDb.drop();
        const cleanDb = await scratchDatabase(server.url);
        try {
          const hand = new URL('orders-before-customers.expected.sql', examples).pathname;
          expect(psqlFile(cleanDb.url, hand).status).toBe(0);
          expect(snapshot(fixedDb.url)).toBe(snapshot(cleanDb.url));
        } finally {
          await cleanDb.drop();
        }
      } finally {
        await fixedDb.drop();
        await handDb.drop().catch(() => undefined);
      }
    });
  });
});
