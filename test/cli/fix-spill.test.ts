// fkdoctor fix over --spill-threshold, through the built CLI: the fixed script comes out of the
// spill files whole (every statement once), from a file or from stdin; what spilling cannot do
// (--missing-parents other than report, --diff) is refused up front; bad bytes are bad input.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixJson } from '../../src/render/fix-json.js';
import { scanScript } from '../../src/sql/split/index.js';
import { cliPath, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-fix-spill-'));
const examples = new URL('../doctor/script/examples/', import.meta.url).pathname;
const example = (name: string) => join(examples, name);

/** The statements of a script, as written, in sorted order: what must survive any reordering. */
const statementSet = (text: string) => {
  const plain = text.replace(/^\uFEFF/, '');
  return scanScript(plain)
    .statements.map((s) => plain.slice(s.span.start, s.span.end))
    .sort();
};

describe('fkdoctor fix --spill-threshold', { timeout: 240_000 }, () => {
  it('a file over the threshold: fixed, verified, every statement written once', async () => {
    const output = join(dir, 'mixed.fixed.sql');
    const result = await runCli([
      'fix',
      example('mixed.sql'),
      '--spill-threshold',
      '0',
      '-o',
      output,
    ]);
    expect(result.stderr).toMatch(/✔ verified/);
    expect(result.stderr).toMatch(
      /runs? of plain loads, [\d.]+ (bytes|KB|MB), spilled to a temp file/,
    );
    expect(result.code).toBe(0);
    const fixed = readFileSync(output, 'utf8');
    expect(fixed).not.toBe(readFileSync(example('mixed.sql'), 'utf8'));
    expect(statementSet(fixed)).toEqual(
      statementSet(readFileSync(example('mixed.sql'), 'utf8'))
        .concat()
        .sort(),
    );
  });

  it('stdin over the threshold: the fixed script on stdout', async () => {
    const text = readFileSync(example('orders-before-customers.sql'), 'utf8');
    const result = await runCli(['fix', '-', '--spill-threshold', '0'], { stdin: text });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/spilled to a temp file/);
    expect(result.stdout).not.toBe(text);
    expect(statementSet(result.stdout)).toEqual(statementSet(text));
  });

  it('a byte order mark is written back first', async () => {
    const script = join(dir, 'bom.sql');
    const text = readFileSync(example('orders-before-customers.sql'), 'utf8');
    writeFileSync(script, `\uFEFF${text}`);
    const result = await runCli(['fix', script, '--spill-threshold', '0']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('\uFEFF')).toBe(true);
    expect(statementSet(result.stdout)).toEqual(statementSet(text));
  });

  it('a missing parent: exit 1, the row named by file:line and key', async () => {
    const result = await runCli(['fix', example('missing-parent.sql'), '--spill-threshold', '0']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/missing-parent\.sql:4 .*= \(42\)/);
    expect(result.stderr).toMatch(/not fixed/);
  });

  it('--json: the report on stdout, lines of the user script', async () => {
    const output = join(dir, 'orders.fixed.sql');
    const result = await runCli([
      'fix',
      example('orders-before-customers.sql'),
      '--spill-threshold',
      '0',
      '--json',
      '-o',
      output,
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as FixJson;
    expect(report).toMatchObject({ fixed: true, changed: true, verified: true, output });
    // The user's statements, not the planner's stand-ins for runs.
    const text = readFileSync(example('orders-before-customers.sql'), 'utf8');
    expect(report.statements).toBe(scanScript(text).statements.length);
    expect(report.moves.length).toBeGreaterThan(0);
    const lines = readFileSync(example('orders-before-customers.sql'), 'utf8').split('\n');
    for (const move of report.moves) {
      // Each move names the line its statement starts on in the user's script.
      expect(lines[move.line - 1]!.startsWith(move.statement.slice(0, 20))).toBe(true);
    }
  });

  it.each([
    [
      ['--missing-parents', 'placeholder'],
      /--missing-parents placeholder needs the script in memory/,
    ],
    [['--diff'], /--diff needs the script in memory/],
  ])('%j is refused over the threshold (exit 2)', async (extra, message) => {
    const result = await runCli([
      'fix',
      example('missing-parent.sql'),
      '--spill-threshold',
      '0',
      ...extra,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('a byte that is not UTF-8: exit 2, named', async () => {
    const script = join(dir, 'latin1.sql');
    writeFileSync(
      script,
      Buffer.concat([
        Buffer.from("CREATE TABLE t (v text);\nINSERT INTO t VALUES ('caf"),
        Buffer.from([0xe9]),
        Buffer.from("');\n"),
      ]),
    );
    const result = await runCli(['fix', script, '--spill-threshold', '0']);
    expect(result.code).toBe(2);
    // The same place as fix in memory names: line 2, column 27, the byte itself.
    expect(result.stderr).toMatch(/latin1\.sql:2:27: not UTF-8 \(byte 0xE9\)/);
    expect((await runCli(['fix', script])).stderr).toBe(result.stderr);
    expect(result.stderr).not.toMatch(/at .*\.js/);
  });

  it.each([[['--spill-threshold', '0']], [[]]])(
    'a reader that stops early (| head): %j exits 0, quietly',
    async (extra) => {
      const script = join(dir, 'long.sql');
      const rows = Array.from({ length: 3000 }, (_, i) => `INSERT INTO b VALUES (${i}, 1);`);
      writeFileSync(
        script,
        [
          'CREATE TABLE a (id int PRIMARY KEY);',
          'CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);',
          ...rows,
          'INSERT INTO a VALUES (1);',
          '',
        ].join('\n'),
      );
      const child = spawn(process.execPath, [cliPath, 'fix', script, ...extra], {
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      // Read the first bytes of the script, then go away, as `head -c 10` does.
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).not.toMatch(/internal error|EPIPE|at .*\.js/);
      expect(stderr).toContain('✔ verified');
      expect(code).toBe(0);
    },
  );
});
