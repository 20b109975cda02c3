// Scripts written for psql, split by src/sql/split, run in the sandbox on PGlite and every
// server: \gset, \g, \r, \gdesc, `\:` and `\;`, meta-commands inside a statement.

import { describe, expect, it } from 'vitest';
import type { StatementOutcome } from '../../../src/doctor/script/outcome.js';
import { runScript } from '../../../src/doctor/script/run-statements.js';
import type { Engine } from '../../../src/engine/engine.js';
import { splitScript } from '../../../src/sql/split/index.js';
import { engineSubjects, openForSuite } from '../../support/engines.js';

function run(db: Engine, script: string): Promise<StatementOutcome[]> {
  return runScript(db, script, splitScript(script));
}

function summary(outcomes: StatementOutcome[]): string[] {
  return outcomes.map((o) =>
    o.status === 'error' ? `error ${o.error.code} line ${o.line}` : o.status,
  );
}

const schema = `
  create table authors (id serial primary key, name text);
  create table books (id serial primary key, author_id int references authors, title text);
`;

describe.each(engineSubjects())('psql scripts on $label', (subject) => {
  let db: Engine;
  openForSuite(subject, schema, (engine) => {
    db = engine;
  });

  it('sets variables from a RETURNING row with \\gset and uses them later', async () => {
    const script = [
      "insert into authors (name) values ('Le Guin') returning id as author_id, name, true as ok \\gset a_",
      "insert into books (author_id, title) values (:a_author_id, 'The Dispossessed');",
      "select :'a_name' as name, :'a_ok' as ok \\gset",
      "insert into books (author_id, title) values (:a_author_id + 100, :'name' || :'ok');",
      'select id from authors where false \\gset',
    ].join('\n');
    const outcomes = await run(db, script);
    expect(summary(outcomes)).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'error 23503 line 4',
      'ok',
      'skipped',
    ]);
    expect(outcomes[1]!.notes).toEqual(['psql variables set: :a_author_id, :a_name, :a_ok']);
    expect(outcomes[5]).toMatchObject({
      failingRows: { rows: [expect.objectContaining({ rowNumber: 1, line: 4 })] },
    });
    expect(outcomes[7]).toMatchObject({
      reason: 'psql sets no variables: the statement returned 0 rows, and \\gset needs exactly one',
    });
  });

  it('does not send what \\r throws away or what \\gdesc only describes; \\g sends', async () => {
    const script = [
      'insert into books (author_id) values (404)',
      '\\r',
      'insert into books (author_id) values (405) \\gdesc',
      'insert into books (author_id) values (406) \\g',
    ].join('\n');
    const outcomes = await run(db, script);
    expect(summary(outcomes)).toEqual([
      'skipped',
      'ok',
      'skipped',
      'ok',
      'error 23503 line 4',
      'ok',
    ]);
    expect(outcomes[0]).toMatchObject({ reason: "psql's \\r throws the statement away unsent" });
  });

  it('leaves `\\:` alone, and points errors past a meta-command inside a statement', async () => {
    const script = [
      '\\set n 1',
      "select 'a\\:n' as kept, :n as replaced;",
      'insert into books (author_id, title)',
      '\\echo inside the statement',
      'values',
      '  (1, :n),',
      '  (404, oops);',
    ].join('\n');
    const outcomes = await run(db, script);
    expect(summary(outcomes)).toEqual(['ok', 'ok', 'skipped', 'error 42703 line 7']);
    expect(outcomes[3]!.notes).toEqual(['psql variables substituted: :n']);
  });
});
