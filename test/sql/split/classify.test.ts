// Kinds and target tables from the leading keywords.

import { describe, expect, it } from 'vitest';
import { split } from './support.js';

function kinds(script: string) {
  return split(script).statements.map((s) => s.kind);
}

function targetOf(statement: string) {
  const [first] = split(statement).statements;
  return first!.target;
}

describe('kinds', () => {
  it.each([
    ['INSERT INTO t VALUES (1);', 'insert'],
    ['insert into t select * from u;', 'insert'],
    ['WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x;', 'insert'],
    ['with recursive r(n) as (select 1 union all select n + 1 from r) select * from r;', 'select'],
    [
      'WITH a AS MATERIALIZED (SELECT 1), b AS NOT MATERIALIZED (SELECT 2) UPDATE t SET x = 1;',
      'update',
    ],
    ['with update as (select 1) delete from t;', 'delete'],
    ['WITH s AS (SELECT 1) SEARCH DEPTH FIRST BY id SET o SELECT 1;', 'select'],
    ['UPDATE ONLY t SET x = 1;', 'update'],
    ['DELETE FROM t WHERE x = 1;', 'delete'],
    ['TRUNCATE TABLE t, u CASCADE;', 'delete'],
    ['MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN DELETE;', 'other'],
    ['COPY t FROM stdin;\n\\.\n', 'copy'],
    ['SELECT 1;', 'select'],
    ['(SELECT 1) UNION (SELECT 2);', 'select'],
    ['VALUES (1);', 'select'],
    ['TABLE t;', 'select'],
    ["SELECT pg_catalog.set_config('search_path', '', false);", 'set'],
    ["select set_config('a.b', 'c', true);", 'set'],
    ["SELECT set_config('a.b', 'c', true), 1;", 'select'],
    ['SET search_path = public;', 'set'],
    ['SET CONSTRAINTS ALL DEFERRED;', 'set'],
    ['RESET ALL;', 'set'],
    ['BEGIN;', 'transaction'],
    ['START TRANSACTION ISOLATION LEVEL SERIALIZABLE;', 'transaction'],
    ['COMMIT;', 'transaction'],
    ['END;', 'transaction'],
    ['ROLLBACK TO SAVEPOINT s;', 'transaction'],
    ['ABORT;', 'transaction'],
    ['SAVEPOINT s;', 'transaction'],
    ['RELEASE SAVEPOINT s;', 'transaction'],
    ["PREPARE TRANSACTION 'x';", 'transaction'],
    ['PREPARE q AS SELECT 1;', 'other'],
    ['DO $$BEGIN NULL; END$$;', 'procedural'],
    ['CALL p();', 'procedural'],
    ['CREATE TABLE t (id int);', 'ddl'],
    ['ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (x) REFERENCES u;', 'ddl'],
    ['DROP TABLE t;', 'ddl'],
    ["COMMENT ON TABLE t IS 'x';", 'ddl'],
    ['GRANT SELECT ON t TO r;', 'ddl'],
    ['REVOKE ALL ON t FROM r;', 'ddl'],
    ["SECURITY LABEL ON TABLE t IS 'x';", 'ddl'],
    ['EXPLAIN ANALYZE INSERT INTO t VALUES (1);', 'other'],
    ['ANALYZE t;', 'other'],
    ['VACUUM t;', 'other'],
    ['LOCK TABLE t;', 'other'],
    [';', 'other'],
    ['\\connect db', 'meta'],
  ])('%s → %s', (statement, kind) => {
    expect(kinds(statement)[0]).toBe(kind);
  });

  it('reads keywords after comments, in any case', () => {
    expect(kinds('/* a */ -- b\n  InSeRt /* c */ into t values (1);')).toEqual(['insert']);
  });
});

describe('targets', () => {
  it.each([
    ['INSERT INTO t VALUES (1);', { schema: null, name: 't' }],
    ['INSERT INTO Public.Orders (a) VALUES (1);', { schema: 'public', name: 'orders' }],
    [
      'insert into "Sales"."Order ""Lines""" as l values (1);',
      { schema: 'Sales', name: 'Order "Lines"' },
    ],
    ['INSERT INTO db.s.t VALUES (1);', { schema: 's', name: 't' }],
    ['INSERT INTO U&"d\\0061t\\+000061" VALUES (1);', { schema: null, name: 'data' }],
    ['INSERT INTO U&"d!0061t!+000061" UESCAPE \'!\' VALUES (1);', { schema: null, name: 'data' }],
    ['insert into ÉTÉ values (1);', { schema: null, name: 'ÉtÉ' }],
    ['UPDATE ONLY s.t * SET x = 1;', { schema: 's', name: 't' }],
    ['update t as x set a = 1;', { schema: null, name: 't' }],
    ['DELETE FROM ONLY s.t WHERE true;', { schema: 's', name: 't' }],
    ['TRUNCATE ONLY (t);', { schema: null, name: 't' }],
    ['COPY "s"."T" (a, b) FROM stdin;\n\\.\n', { schema: 's', name: 'T' }],
    ['WITH x AS (SELECT 1) INSERT INTO s.t SELECT * FROM x;', { schema: 's', name: 't' }],
    ['MERGE INTO s.t USING u ON true WHEN MATCHED THEN DELETE;', { schema: 's', name: 't' }],
  ])('%s', (statement, target) => {
    expect(targetOf(statement)).toEqual(target);
  });

  it('lists every table a TRUNCATE names', () => {
    const [truncate] = split('TRUNCATE TABLE ONLY a, s.b *, "C" RESTART IDENTITY;').statements;
    expect(truncate!.targets).toEqual([
      { schema: null, name: 'a' },
      { schema: 's', name: 'b' },
      { schema: null, name: 'C' },
    ]);
    expect(truncate!.target).toEqual({ schema: null, name: 'a' });
  });

  it('cuts names longer than 63 bytes as the server does', () => {
    const long = 'é'.repeat(40);
    expect(targetOf(`insert into "${long}" values (1);`)).toEqual({
      schema: null,
      name: 'é'.repeat(31),
    });
  });

  it('has none for statements that write no table', () => {
    expect(targetOf('SELECT * FROM t;')).toBeUndefined();
    expect(targetOf('COPY t TO STDOUT;')).toBeUndefined();
  });
});
