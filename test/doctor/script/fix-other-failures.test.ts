// Failures that are not foreign keys (a duplicate key) are not fix's to mend: the script is
// still fixed and verified, and the summary lists them on the user's lines, in memory and
// spilled alike.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixScript } from '../../../src/doctor/script/fix-script.js';
import { fixSpilled } from '../../../src/doctor/script/spill/fix-spilled.js';
import type { Engine } from '../../../src/engine/engine.js';
import { openEmbedded } from '../../../src/engine/pglite.js';
import { renderFixSummary } from '../../../src/render/fix-text.js';
import { styleFor } from '../../../src/render/style.js';

let sandbox: Engine;
const shared = () => Promise.resolve({ ...sandbox, close: async () => undefined });
beforeAll(async () => {
  sandbox = await openEmbedded();
});
afterAll(async () => sandbox?.close());

const text = [
  'CREATE TABLE a (id int PRIMARY KEY);',
  'CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);',
  'INSERT INTO b VALUES (1, 1);',
  'INSERT INTO b VALUES (1, 1);',
  'INSERT INTO a VALUES (1);',
  '',
].join('\n');

it('in memory: fixed and verified, the duplicate listed at its own line', async () => {
  const result = await fixScript(shared, { text, file: 'dup.sql' });
  expect(result.verified).toBe(true);
  expect(result.otherFailures.map((f) => [f.place?.line, f.failure.kind])).toEqual([[4, 'unique']]);
  expect(renderFixSummary(result, { text, file: 'dup.sql' }, styleFor(false), false)).toMatch(
    /! dup\.sql:4 INSERT INTO b VALUES \(1, 1\);: duplicate key value violates unique constraint "b_pkey" \(not a foreign key: fix leaves it as it is\)/,
  );
});

it('spilled: the same', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-other-'));
  const path = join(dir, 'dup.sql');
  writeFileSync(path, text);
  const spilled = await fixSpilled(path, 'dup.sql', { open: shared, openForRun: shared });
  try {
    expect(spilled.result.verified).toBe(true);
    expect(spilled.result.otherFailures.map((f) => [f.place?.line, f.failure.kind])).toEqual([
      [4, 'unique'],
    ]);
  } finally {
    await spilled.dispose();
  }
});
