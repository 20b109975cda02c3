// check and fix end to end through the built CLI: bad input of every kind is one line naming
// the place (file:line where there is one), exit 2, nothing on stdout, never a stack trace; a
// dead database is exit 3 without its password; a script that runs is left byte for byte; the
// seed articles' examples are reported statement by statement and fixed where they can be.

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-check-fix-'));
const examples = new URL('../doctor/script/examples/', import.meta.url).pathname;
// Each run starts an embedded PostgreSQL; a busy machine needs the time.
const slow = 240_000;

function write(name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

function badInput(result: CliResult, message: RegExp) {
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^fkdoctor: /);
  expect(result.stderr).toMatch(message);
  // One line: the reason, no trace.
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toContain('internal error');
  expect(result.code).toBe(2);
}

const table = 'CREATE TABLE t (id int PRIMARY KEY, note text);\n';

const cases: [string, () => string, RegExp][] = [
  [
    'an unterminated single-quoted string',
    () => write('quote.sql', `${table}INSERT INTO t VALUES (1, 'never closed);\n`),
    /quote\.sql:2:26: unterminated quoted string/,
  ],
  [
    'an unterminated dollar quote',
    () => write('dollar.sql', `${table}\nDO $body$\nBEGIN\n  PERFORM 1;\nEND;\n`),
    /dollar\.sql:3:4: unterminated dollar-quoted string/,
  ],
  [
    'an unterminated block comment',
    () => write('comment.sql', `${table}/* a comment\n/* nested */\nINSERT INTO t VALUES (1);\n`),
    /comment\.sql:2:1: unterminated \/\* comment/,
  ],
  [
    'a COPY block without \\.',
    () => write('copy.sql', `${table}COPY t (id, note) FROM stdin;\n1\tone\n2\ttwo\n`),
    /copy\.sql:2:1: the data of COPY t FROM STDIN \(from line 3\) has no \\\. line/,
  ],
  [
    'binary garbage',
    () =>
      write(
        'garbage.sql',
        Buffer.concat([randomBytes(200), Buffer.from([0, 0]), randomBytes(4000)]),
      ),
    /garbage\.sql: this looks like binary data/,
  ],
  [
    'bytes that are not UTF-8 (they would be changed)',
    () =>
      write('latin1.sql', Buffer.from(`${table}INSERT INTO t VALUES (1, 'caf\xe9');\n`, 'latin1')),
    /latin1\.sql:2:30: not UTF-8 \(byte 0xE9\)/,
  ],
  ['a 0-byte file', () => write('empty.sql', ''), /empty\.sql: the input is empty/],
  [
    'a whitespace-only file',
    () => write('blank.sql', '  \n\t\r\n\n'),
    /blank\.sql: the input is empty \(only white space\)/,
  ],
  ['a missing file', () => join(dir, 'nope.sql'), /nope\.sql: cannot read it \(no such file\)/],
];

describe.each(['check', 'fix'])('fkdoctor %s: bad input', (command) => {
  it.each(cases)('%s: exit 2, one line naming the place', async (_, file, message) => {
    badInput(await runCli([command, file()]), message);
  });

  it('a syntax error in --schema names the schema file, not the script', async () => {
    const schema = write(
      'bad-schema.sql',
      'CREATE TABLE p (id int);\nCOMMENT ON TABLE p IS $$x;\n',
    );
    const script = write('fine.sql', 'INSERT INTO p VALUES (1);\n');
    badInput(
      await runCli([command, script, '--schema', schema]),
      /bad-schema\.sql:2:23: unterminated dollar-quoted string/,
    );
  });

  it('a script on stdin is named stdin', async () => {
    badInput(
      await runCli([command, '-'], { stdin: "SELECT 'x;\n" }),
      /stdin:1:8: unterminated quoted string/,
    );
  });

  it('no script, or two: usage, exit 2', async () => {
    for (const args of [[], ['a.sql', 'b.sql']]) {
      const result = await runCli([command, ...args]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(new RegExp(`^fkdoctor: ${command} needs one script`));
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
  });

  it('a dead --db: exit 3, the password never printed', async () => {
    const script = write('dead.sql', `${table}INSERT INTO t VALUES (1);\n`);
    const result = await runCli([command, script, '--db', 'postgres://u:secret@127.0.0.1:1/x']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^fkdoctor: could not connect to postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x/,
    );
    expect(result.stderr).not.toContain('secret');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('--help: the usage on stdout, exit 0', async () => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: fkdoctor ${command} SCRIPT`));
    expect(result.stdout).toContain('Exit codes: 0');
    expect(result.stderr).toBe('');
  });
});

describe('a folder', () => {
  it('fix takes one script: a directory is exit 2', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    badInput(await runCli(['fix', folder]), /a-folder: is a directory; give one script file/);
  });

  it('check of a folder without .sql files is exit 2', async () => {
    const folder = join(dir, 'no-sql');
    mkdirSync(folder, { recursive: true });
    write('no-sql/README.md', '# nothing\n');
    badInput(await runCli(['check', folder]), /no-sql: no \.sql files in this folder/);
  });

  it('check of a folder with a syntax error names the file and line', async () => {
    const folder = join(dir, 'bad-migrations');
    mkdirSync(folder, { recursive: true });
    write('bad-migrations/001_ok.sql', 'CREATE TABLE a (id int);\n');
    write('bad-migrations/002_bad.sql', "\n\nINSERT INTO a VALUES ('x);\n");
    badInput(
      await runCli(['check', folder]),
      /bad-migrations\/002_bad\.sql:3:23: unterminated quoted string/,
    );
  });
});

describe('a script that runs', () => {
  // CRLF line ends, unicode, a comment and no final line break: all must come back as they were.
  const text = `${table.replace('\n', '\r\n')}INSERT INTO t VALUES (1, 'ünï');\r\n-- done`;

  it('check: exit 0', { timeout: slow }, async () => {
    const result = await runCli(['check', write('runs.sql', text)]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/✔ 2 statements, no failures/);
    expect(result.code).toBe(0);
  });

  it('fix: exit 0, the script printed unchanged, byte for byte', { timeout: slow }, async () => {
    const file = write('runs.sql', text);
    const result = await runCli(['fix', file]);
    expect(result.code).toBe(0);
    expect(Buffer.from(result.stdout)).toEqual(readFileSync(file));
    expect(result.stderr).toMatch(/nothing to fix/);
  });
});

/** The seed articles' examples: every failing statement's line, and whether fix can fix it. */
const seeds: { name: string; lines: number[]; fixable: boolean; schema?: string }[] = [
  { name: 'orders-before-customers', lines: [10, 11], fixable: true },
  { name: 'batch-inserts', lines: [14, 19], fixable: true },
  { name: 'self-reference', lines: [7, 8, 9], fixable: true },
  { name: 'cycle-deferrable', lines: [11, 12], fixable: true },
  { name: 'cycle-nullable', lines: [13, 17], fixable: true },
  { name: 'data-only', lines: [16, 23], fixable: true, schema: 'data-only.schema.sql' },
  { name: 'missing-parent', lines: [4], fixable: false },
];

describe.each(seeds)('the seed example $name', ({ name, lines, fixable, schema }) => {
  const file = join(examples, `${name}.sql`);
  const schemaArgs = schema ? ['--schema', join(examples, schema)] : [];

  it('check: exit 1, every failing statement with its line', { timeout: slow }, async () => {
    const result = await runCli(['check', file, ...schemaArgs]);
    expect(result.code).toBe(1);
    for (const line of lines) expect(result.stdout).toContain(`✖ ${file}:${line}  `);
    const failing = result.stdout.split('\n').filter((l) => l.startsWith('✖ '));
    expect(failing).toHaveLength(lines.length);
    expect(result.stdout).toMatch(
      new RegExp(`^${lines.length} failing statements? \\(${lines.length} foreign key\\)`, 'm'),
    );
  });

  it(`fix: exit ${fixable ? 0 : 1}`, { timeout: slow }, async () => {
    const result = await runCli(['fix', file, ...schemaArgs]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    if (fixable) {
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/✔ verified/);
      expect(result.stdout.length).toBeGreaterThan(0);
    } else {
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/\(42\)/);
      expect(result.stderr).toMatch(/✖ not fixed/);
    }
  });
});
