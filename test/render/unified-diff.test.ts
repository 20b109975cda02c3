// The diff fix --diff prints must be a real unified diff: `patch` applies it and gets the
// fixed script back exactly.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/render/unified-diff.js';

function applies(before: string, after: string) {
  const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-diff-'));
  writeFileSync(join(dir, 'a.sql'), before);
  writeFileSync(join(dir, 'change.diff'), unifiedDiff(before, after, ['a.sql', 'b.sql']));
  const run = spawnSync('patch', [
    '-s',
    '-o',
    join(dir, 'out.sql'),
    join(dir, 'a.sql'),
    join(dir, 'change.diff'),
  ]);
  expect(run.status, String(run.stderr)).toBe(0);
  return readFileSync(join(dir, 'out.sql'), 'utf8');
}

describe('unifiedDiff', () => {
  const lines = Array.from({ length: 40 }, (_, i) => `line ${i}`);
  const cases: [string, string[], string[]][] = [
    [
      'a block moved up',
      lines,
      [...lines.slice(0, 5), ...lines.slice(30, 33), ...lines.slice(5, 30), ...lines.slice(33)],
    ],
    [
      'lines added and removed far apart',
      lines,
      ['first', ...lines.slice(1, 20), 'middle', ...lines.slice(20, 39)],
    ],
    ['from nothing', [], ['a', 'b']],
    ['to nothing', ['a', 'b'], []],
  ];
  it.each(cases)('%s', (_, a, b) => {
    const before = a.length ? `${a.join('\n')}\n` : '';
    const after = b.length ? `${b.join('\n')}\n` : '';
    expect(applies(before, after)).toBe(after);
  });

  it('is empty when nothing changed', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', ['a', 'b'])).toBe('');
  });
});
