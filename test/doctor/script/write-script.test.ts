// The writer of fixed scripts: each statement's bytes exactly once, wherever it lands.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixScript } from '../../../src/doctor/script/fix-script.js';
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

it('a meta-command inside a statement that moves travels inside it, once', async () => {
  const text = [
    'CREATE TABLE a (id int PRIMARY KEY);',
    'CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);',
    'INSERT INTO b VALUES (1,',
    '\\echo inside',
    '1);',
    'INSERT INTO a VALUES (1);',
    '',
  ].join('\n');
  const result = await fixScript(shared, { text, file: 'nested.sql' });
  expect(result.verified).toBe(true);
  expect(result.fixed).toBe(
    [
      'CREATE TABLE a (id int PRIMARY KEY);',
      'CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);',
      'INSERT INTO a VALUES (1);',
      'INSERT INTO b VALUES (1,',
      '\\echo inside',
      '1);',
      '',
    ].join('\n'),
  );
});

it("a statement on a COPY's line is glued to the COPY: neither moves, and the failure is named", async () => {
  const text = [
    'CREATE TABLE a (id int PRIMARY KEY);',
    'CREATE TABLE b (id int, a_id int REFERENCES a);',
    'COPY b FROM stdin; SELECT 1;',
    '1\t1',
    '\\.',
    'INSERT INTO a VALUES (1);',
    '',
  ].join('\n');
  const result = await fixScript(shared, { text, file: 'copy-line.sql' });
  // Moving the COPY would carry the SELECT's bytes with it, and moving the SELECT nothing:
  // its text sits between the COPY and its data.
  expect(result.plan.moves).toEqual([]);
  expect(result.verified).toBe(false);
  expect(result.remaining.map((r) => [r.place?.line, r.failure.constraint])).toEqual([
    [3, 'b_a_id_fkey'],
  ]);
  expect(renderFixSummary(result, { text, file: 'copy-line.sql' }, styleFor(false), false)).toMatch(
    /✖ copy-line\.sql:3 COPY b FROM stdin;: still fails after reordering: .*b_a_id_fkey/,
  );
});

it('statements sharing a line stay on it when neither moves', async () => {
  const text = [
    'CREATE TABLE o (id int);',
    'CREATE TABLE p (id int PRIMARY KEY);',
    'CREATE TABLE c (id int, p_id int REFERENCES p);',
    'INSERT INTO o VALUES (1);SELECT 3;',
    'INSERT INTO c VALUES (1, 1);',
    'INSERT INTO p VALUES (1);',
    '',
  ].join('\n');
  const result = await fixScript(shared, { text, file: 'shared-line.sql' });
  expect(result.verified).toBe(true);
  expect(result.fixed).toBe(
    [
      'CREATE TABLE o (id int);',
      'CREATE TABLE p (id int PRIMARY KEY);',
      'CREATE TABLE c (id int, p_id int REFERENCES p);',
      'INSERT INTO o VALUES (1);SELECT 3;',
      'INSERT INTO p VALUES (1);',
      'INSERT INTO c VALUES (1, 1);',
      '',
    ].join('\n'),
  );
});
