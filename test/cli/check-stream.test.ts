// fkdoctor check over --stream-threshold, through the built CLI: a script checked without
// holding it (from a file, or from stdin copied to a temp file) prints what the same script
// checked in memory prints, text and JSON, with the same exit code.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const examples = new URL('../doctor/script/examples/', import.meta.url).pathname;
const example = (name: string) => join(examples, name);

/** A script and the options it needs, failing or not. */
const cases: { name: string; args: string[]; code: number }[] = [
  { name: 'orders-before-customers.sql', args: [], code: 1 },
  {
    name: 'data-only-orphans.sql',
    args: ['--schema', example('data-only.schema.sql')],
    code: 1,
  },
  { name: 'orders-before-customers.expected.sql', args: [], code: 0 },
];

describe('fkdoctor check --stream-threshold', { timeout: 240_000 }, () => {
  describe.each(cases)('$name', ({ name, args, code }) => {
    it.each([[[]], [['--json']]])('a file: the same report as in memory %s', async (format) => {
      const inMemory = await runCli(['check', example(name), ...args, ...format]);
      const streamed = await runCli([
        'check',
        example(name),
        ...args,
        ...format,
        '--stream-threshold',
        '0',
      ]);
      expect(inMemory.code).toBe(code);
      expect(inMemory.stdout).toMatch(code === 0 ? /no failures|"failures": \[\]/ : /23503/);
      expect(streamed).toEqual(inMemory);
    });

    it.each([[[]], [['--json']]])('stdin: the same report as in memory %s', async (format) => {
      const stdin = readFileSync(example(name));
      const inMemory = await runCli(['check', '-', ...args, ...format], { stdin });
      const streamed = await runCli(['check', '-', ...args, ...format, '--stream-threshold', '0'], {
        stdin,
      });
      expect(inMemory.code).toBe(code);
      expect(inMemory.stdout).toMatch(
        code === 0 ? /no failures|"file": null/ : /stdin|"file": null/,
      );
      expect(streamed).toEqual(inMemory);
    });
  });

  it('a script the splitter refuses is bad input, named by file:line', async () => {
    const result = await runCli(['check', '-', '--stream-threshold', '0'], {
      stdin: "insert into t values (1);\ninsert into t values ('oops);\n",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('fkdoctor: stdin:2:23: unterminated quoted string\n');
  });

  it('nothing but white space is bad input, as in memory', async () => {
    const stdin = '\n   \n\t\n';
    const inMemory = await runCli(['check', '-'], { stdin });
    const streamed = await runCli(['check', '-', '--stream-threshold', '0'], { stdin });
    expect(inMemory.code).toBe(2);
    expect(streamed).toEqual(inMemory);
  });

  it('--stream-threshold takes whole numbers of MB', async () => {
    const result = await runCli(['check', example(cases[0]!.name), '--stream-threshold', 'lots']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--stream-threshold must be a whole number/);
  });
});
