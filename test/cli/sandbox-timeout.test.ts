// The sandbox on a user's server runs under fkdoctor's statement_timeout (--statement-timeout):
// a statement it stops was never checked, so fix does not call the script verified, says why
// and how to give it more time; check reports it as the failure it is.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDatabase, testServers } from '../support/servers.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-timeout-'));
const script = join(dir, 'slow.sql');
writeFileSync(
  script,
  [
    'CREATE TABLE parents (id int PRIMARY KEY);',
    'CREATE TABLE children (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parents);',
    'INSERT INTO children VALUES (1, 1);',
    'INSERT INTO parents VALUES (1);',
    'SELECT pg_sleep(0.3);',
    '',
  ].join('\n'),
);

describe.each(testServers())('the sandbox on $label', { timeout: 240_000 }, (server) => {
  it.each([
    [[], 0],
    [['--statement-timeout', '0'], 0],
    [['--spill-threshold', '0'], 0],
  ])('fix %j: time enough, fixed', async (extra, code) => {
    const db = await scratchDatabase(server.url);
    try {
      const result = await runCli(['fix', script, '--db', db.url, ...extra]);
      expect(result.stderr).toContain('✔ verified');
      expect(result.code).toBe(code);
    } finally {
      await db.drop();
    }
  });

  it.each([[[]], [['--spill-threshold', '0']]])(
    'fix --statement-timeout 100 %j: stopped, not verified, said why (exit 1)',
    async (extra) => {
      const db = await scratchDatabase(server.url);
      try {
        const result = await runCli([
          'fix',
          script,
          '--db',
          db.url,
          '--statement-timeout',
          '100',
          ...extra,
        ]);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(
          /slow\.sql:5 SELECT pg_sleep\(0\.3\);: canceling statement due to statement timeout .*--statement-timeout MS/,
        );
        expect(result.stderr).not.toContain('✔ verified');
      } finally {
        await db.drop();
      }
    },
  );

  it('check --statement-timeout 100: the stopped statement is a failure', async () => {
    const db = await scratchDatabase(server.url);
    try {
      const result = await runCli(['check', script, '--db', db.url, '--statement-timeout', '100']);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/slow\.sql:5 .*\n.*statement timeout/);
    } finally {
      await db.drop();
    }
  });
});
